/** The example queries in the README run as written against the demo data, without errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';
import { README_QUERIES as examples } from '../helpers/readme-queries.js';

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
