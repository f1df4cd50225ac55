/** The example queries in the README run as written against the demo data, without errors. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((query) => !query.trimStart().startsWith('mutation'));

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('README examples', () => {
  it('has the five example queries', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((query, i) => [i + 1, query]))('example %i runs without errors and finds data', async (_n, query) => {
    const result = await api.query(query as string);
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result.data)).not.toMatch(/^\{"\w+":null\}$/);
  });
});
