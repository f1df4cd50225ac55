/**
 * The database the tests run against, chosen as the app chooses: MONGODB_URI, TEST_DB=memory-server
 * (a real mongod), or the embedded server. Each test file gets its own database name so that runs
 * against a shared deployment never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';
import { type DatabaseServer, provideDatabase } from '../../src/db/database-server.js';

export interface TestDatabase {
  server: DatabaseServer;
  client: MongoClient;
  db: Db;
  /** A fresh client on the same server (e.g. with command monitoring). */
  connect(options?: MongoClientOptions): Promise<MongoClient>;
  stop(): Promise<void>;
}

export function testDatabaseName(prefix = 'test'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function startTestDatabase(prefix?: string, topology?: 'replica-set' | 'standalone'): Promise<TestDatabase> {
  const fromEnvironment = process.env.NEWSGRAPH_TOPOLOGY;
  const server = await provideDatabase({
    uri: process.env.MONGODB_URI,
    memoryServer: process.env.TEST_DB === 'memory-server',
    topology: topology ?? (fromEnvironment === 'replica-set' || fromEnvironment === 'standalone' ? fromEnvironment : undefined),
  });
  const clients: MongoClient[] = [];
  const connect = async (options: MongoClientOptions = {}) => {
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, ...options });
    await client.connect();
    clients.push(client);
    return client;
  };
  const client = await connect();
  const db = client.db(testDatabaseName(prefix));
  return {
    server,
    client,
    db,
    connect,
    async stop() {
      await db.dropDatabase().catch(() => {});
      for (const c of clients) await c.close();
      await server.stop();
    },
  };
}
