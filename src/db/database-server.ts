/**
 * Which MongoDB the process talks to — the one decision shared by `npm start`, the seed script and
 * the tests. A URI wins; `memory-server` starts a real mongod through mongodb-memory-server (which
 * downloads one at run time, or uses MONGOMS_SYSTEM_BINARY) — a one-node replica set when asked
 * for one; otherwise the embedded server runs in-process, a one-node replica set unless asked for
 * a standalone. Every mode hands back a plain `mongodb://` URI for the official driver.
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
  /** Undefined: the embedded server is a replica set, memory-server a standalone. */
  topology?: 'replica-set' | 'standalone';
}

export async function provideDatabase(choice: DatabaseChoice): Promise<DatabaseServer> {
  if (choice.uri) return { mode: 'uri', uri: choice.uri, stop: async () => {} };
  if (choice.memoryServer && choice.topology === 'replica-set') {
    const { MongoMemoryReplSet } = await import('mongodb-memory-server');
    const replSet = await MongoMemoryReplSet.create({
      replSet: { count: 1 },
      ...(choice.dataDir ? { instanceOpts: [{ dbPath: choice.dataDir }] } : {}),
    });
    return { mode: 'memory-server', uri: replSet.getUri(), stop: async () => void (await replSet.stop()) };
  }
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
  const server = await startEmbeddedMongo({ dataDir: choice.dataDir, standalone: choice.topology === 'standalone' });
  return { mode: 'embedded', uri: server.uri, stop: () => server.stop() };
}
