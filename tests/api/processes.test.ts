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
