/**
 * Process-level behaviour: SIGTERM drains and exits 0; two API processes share one database; the
 * compiled build that `npm start` runs serves the schema and reads the demo article beside itself.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, spawnApi, spawnBuiltApi } from '../helpers/child-process.js';
import { startTestDatabase, type TestDatabase, testDatabaseName } from '../helpers/test-database.js';

const KEY = 'process-editor-key-0123456789';
let database: TestDatabase;
const databaseName = testDatabaseName('processes');
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await startTestDatabase('processes');
});
afterAll(async () => {
  for (const child of children) await killHard(child);
  await database.client
    .db(databaseName)
    .dropDatabase()
    .catch(() => {});
  await database.stop();
});

async function startApi(): Promise<{ child: ChildProcess; url: string }> {
  const api = await spawnApi({
    MONGODB_URI: database.server.uri,
    NEWSGRAPH_DATABASE: databaseName,
    NEWSGRAPH_API_KEYS: `proc:editor:${KEY}`,
    LOG_LEVEL: 'silent',
  });
  children.push(api.child);
  return api;
}

const post = async (url: string, query: string, variables: Record<string, unknown> = {}) =>
  (await (
    await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as { data?: Record<string, unknown> };

describe('API processes', () => {
  it('sees a write made through another process on the same database', async () => {
    const a = await startApi();
    const b = await startApi();
    const created = await post(
      a.url,
      'mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } userErrors { code } } }',
      {
        input: { slug: 'shared-person', name: 'Shared Person' },
      },
    );
    expect(created.data?.createPerson).toMatchObject({ userErrors: [] });
    const read = await post(b.url, '{ person(slug: "shared-person") { name } }');
    expect(read.data).toEqual({ person: { name: 'Shared Person' } });
  });

  it('runs compiled, as npm start does: schema and demo data come from files copied beside the build', async () => {
    const seededName = testDatabaseName('processes-built');
    const api = await spawnBuiltApi({
      MONGODB_URI: database.server.uri,
      NEWSGRAPH_DATABASE: seededName,
      NEWSGRAPH_SEED: 'true',
      LOG_LEVEL: 'silent',
    });
    children.push(api.child);
    const read = await post(api.url, '{ people(first: 1, orderBy: { field: NAME, direction: ASC }) { totalCount nodes { name } } }');
    await database.client.db(seededName).dropDatabase();
    expect(read.data).toEqual({ people: { totalCount: 9, nodes: [{ name: 'Arthur Petrov' }] } });
  }, 60_000);

  it('writes one request line per request to stdout, batched, and flushes the last ones when it stops', async () => {
    const api = await spawnBuiltApi({ MONGODB_URI: database.server.uri, NEWSGRAPH_DATABASE: databaseName, LOG_LEVEL: 'info' });
    children.push(api.child);
    const lines = () =>
      api
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"graphql request"'))
        .map((line) => JSON.parse(line) as { requestId: string; databaseCommands: number });
    const ask = (requestId: string) =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query: '{ people(first: 2) { nodes { name } } }' }),
      }).then((response) => response.json());
    // A quiet server's line arrives on its own, without waiting for more to fill a batch.
    await ask('quiet-1');
    await expect.poll(() => lines().map((line) => line.requestId), { timeout: 5000 }).toContain('quiet-1');
    const ids = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    await Promise.all(ids.map(ask));
    // Stopped at once: lines still in the batch are written on the way out.
    const exit = once(api.child, 'exit');
    api.child.kill('SIGTERM');
    await exit;
    const logged = lines();
    expect(logged.map((line) => line.requestId).sort()).toEqual(['quiet-1', ...ids].sort());
    expect(logged.every((line) => line.databaseCommands === 1)).toBe(true);
  }, 60_000);

  it('drains on SIGTERM: finishes the request in flight and exits 0', async () => {
    const { child, url } = await startApi();
    const inFlight = post(url, '{ people(first: 100) { totalCount nodes { name statements(first: 10) { nodes { text } } } } }');
    const exit = once(child, 'exit');
    // Let the request reach the server before the signal does.
    await new Promise((resolve) => setTimeout(resolve, 30));
    child.kill('SIGTERM');
    const result = await inFlight;
    expect(result.data).toBeDefined();
    const [code] = await exit;
    expect(code).toBe(0);
  });
});
