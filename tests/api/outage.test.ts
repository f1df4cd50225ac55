/**
 * The database goes away under a running API and comes back: readiness and GraphQL report it fast
 * (503, DATABASE_UNAVAILABLE), liveness stays up, and service resumes by itself without a restart.
 * The database here is the embedded server (stoppable and restartable on the same port, with its
 * data directory), whatever TEST_DB says: what is under test is the API's behaviour.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../seed/seed-database.js';
import { loadConfig } from '../../src/config.js';
import { connectClient } from '../../src/db/connect.js';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createServer, type NewsgraphServer } from '../../src/server.js';
import { freePort } from '../helpers/free-port.js';

const dataDir = mkdtempSync(join(tmpdir(), 'newsgraph-outage-'));
let port: number;
let database: EmbeddedMongo;
let server: NewsgraphServer;
let url: string;
let closeClient: () => Promise<void>;

beforeAll(async () => {
  port = await freePort();
  database = await startEmbeddedMongo({ port, dataDir });
  const client = await connectClient(database.uri);
  closeClient = () => client.close();
  await seedDatabase(client.db('newsgraph'));
  server = createServer({ config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), databaseName: 'newsgraph' }, client });
  await server.start();
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const address = server.http.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await server.stop();
  await closeClient();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const QUERY = JSON.stringify({ query: '{ person(slug: "dmitry-peskov") { name } }' });
const graphql = () => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe('database outage', () => {
  it('reports the outage fast and recovers by itself', async () => {
    // Counts, not timings, are what tests normally assert; these two bounds are the contract (2 s, 3 s).
    expect((await graphql()).status).toBe(200);
    await database.stop();

    const ready = await timed(() => fetch(`${url}/readyz`));
    expect(ready.value.status).toBe(503);
    expect(ready.ms).toBeLessThanOrEqual(2000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const failed = await timed(graphql);
    expect(failed.value.status).toBe(503);
    expect(failed.ms).toBeLessThanOrEqual(3000);
    const body = (await failed.value.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/Mongo|ECONNREFUSED|127\.0\.0\.1/);

    database = await startEmbeddedMongo({ port, dataDir });
    const started = Date.now();
    let recovered = false;
    while (Date.now() - started < 10_000) {
      const response = await graphql();
      if (response.status === 200) {
        expect(await response.json()).toEqual({ data: { person: { name: 'Dmitry Peskov' } } });
        recovered = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
