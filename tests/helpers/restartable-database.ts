/**
 * The embedded server with a data directory on a fixed port, so a test can stop it and start it again
 * where clients expect it — the database "going away and coming back" under a running client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { freePort } from './free-port.js';

export interface RestartableDatabase {
  uri: string;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it if running and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startRestartableDatabase(prefix: string): Promise<RestartableDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `newsgraph-${prefix}-`));
  const port = await freePort();
  let database: EmbeddedMongo = await startEmbeddedMongo({ port, dataDir });
  return {
    uri: database.uri,
    stop: () => database.stop(),
    start: async () => {
      database = await startEmbeddedMongo({ port, dataDir });
    },
    dispose: async () => {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
