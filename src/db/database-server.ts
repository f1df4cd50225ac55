/**
 * Which MongoDB the process talks to — the one decision shared by `npm start`, the seed script and
 * the tests. A URI wins; `memory-server` starts a real mongod through mongodb-memory-server (which
 * downloads one at run time, or uses MONGOMS_SYSTEM_BINARY); otherwise the embedded server runs
 * in-process. Every mode hands back a plain `mongodb://` URI for the official driver.
 */
import { startEmbeddedMongo } from '../embedded-mongo/index.js';

export type DatabaseMode = 'uri' | 'memory-server' | 'embedded';

export interface DatabaseServer {
  mode: DatabaseMode;
  uri: string;
  stop(): Promise<void>;
}

export interface DatabaseChoice {
  uri?: string;
  memoryServer?: boolean;
  dataDir?: string;
}

export async function provideDatabase(choice: DatabaseChoice): Promise<DatabaseServer> {
  if (choice.uri) return { mode: 'uri', uri: choice.uri, stop: async () => {} };
  if (choice.memoryServer) {
    // Imported only in this mode: the package downloads a mongod on first use.
    const { MongoMemoryServer } = await import('mongodb-memory-server');
    const server = await MongoMemoryServer.create(choice.dataDir ? { instance: { dbPath: choice.dataDir } } : {});
    return {
      mode: 'memory-server',
      uri: server.getUri(),
      stop: async () => {
        await server.stop();
      },
    };
  }
  const server = await startEmbeddedMongo({ dataDir: choice.dataDir });
  return { mode: 'embedded', uri: server.uri, stop: () => server.stop() };
}
