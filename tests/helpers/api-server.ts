/**
 * A real newsgraph server for tests: the test database (embedded by default), optional seeding,
 * node:http on port 0, and a count of the MongoDB commands the API sends (driver command monitoring).
 */
import type { AddressInfo } from 'node:net';
import type { CommandStartedEvent, Db } from 'mongodb';
import type { Logger } from 'pino';
import { seedDatabase } from '../../seed/seed-database.js';
import { apiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { ensureIndexes } from '../../src/db/collections.js';
import type { QueryLimits } from '../../src/limits/query-limits.js';
import { createServer, type NewsgraphServer } from '../../src/server.js';
import { startTestDatabase, type TestDatabase, testDatabaseName } from './test-database.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface ApiHarness {
  url: string;
  db: Db;
  database: TestDatabase;
  server: NewsgraphServer;
  /** MongoDB commands the API sent since the last `resetCommands()` (handshakes and monitoring excluded). */
  commands: CommandStartedEvent[];
  resetCommands(): void;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** Credentials the test server accepts. */
export const TEST_KEYS = {
  editor: 'test-editor-key-0123456789',
  admin: 'test-admin-key-0123456789',
  reader: 'test-reader-key-0123456789',
};
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const IGNORED_COMMANDS = new Set(['hello', 'ismaster', 'isMaster', 'endSessions', 'ping']);

export interface ApiOptions {
  seed?: boolean;
  production?: boolean;
  limits?: Partial<QueryLimits>;
  env?: Record<string, string>;
  logger?: Logger;
  /** Keep every command event for `commands` (tests); long-running scripts turn it off. */
  recordCommands?: boolean;
  /**
   * The driver's command monitoring (default on, for `commands`); off, the server runs on a client
   * as `npm start` connects it, and `commands` stays empty.
   */
  monitorCommands?: boolean;
  /** The embedded server's topology (a MONGODB_URI or TEST_DB deployment is what it is). */
  topology?: 'replica-set' | 'standalone';
}

export async function startApi(options: ApiOptions = {}): Promise<ApiHarness> {
  const database = await startTestDatabase('api', options.topology);
  const monitorCommands = options.monitorCommands !== false;
  const client = await database.connect({ monitorCommands });
  const databaseName = testDatabaseName('newsgraph');
  const db = client.db(databaseName);
  await ensureIndexes(db);
  if (options.seed !== false) await seedDatabase(db);
  const commands: CommandStartedEvent[] = [];
  if (monitorCommands && options.recordCommands !== false) {
    client.on('commandStarted', (event) => {
      if (!IGNORED_COMMANDS.has(event.commandName)) commands.push(event);
    });
  }
  const base = loadConfig({ NODE_ENV: options.production ? 'production' : 'test', LOG_LEVEL: 'silent', ...options.env });
  const server = createServer({
    config: {
      ...base,
      limits: { ...base.limits, ...options.limits },
      databaseName,
      apiKeys: [
        apiKey('editor', 'editor', TEST_KEYS.editor),
        apiKey('admin', 'admin', TEST_KEYS.admin),
        apiKey('reader', 'reader', TEST_KEYS.reader),
      ],
      jwtSecret: new TextEncoder().encode(TEST_JWT_SECRET),
      writeConcern: { w: 'majority', j: true },
    },
    client,
    logger: options.logger,
  });
  await server.start();
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  return {
    url,
    db,
    database,
    server,
    commands,
    resetCommands: () => {
      commands.length = 0;
    },
    async query(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status } as never;
    },
    async stop() {
      await server.stop();
      await db.dropDatabase().catch(() => {});
      await database.stop();
    },
  };
}
