/** A bounded fuzz run (3,000 seeded inputs) against a production-mode server. `npm run fuzz` runs longer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';
import { runFuzz } from '../helpers/http-fuzzer.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ production: true });
});
afterAll(() => api.stop());

describe('HTTP fuzzing', () => {
  it('survives 3,000 hostile requests: no crash, no 5xx, no leak', async () => {
    const tally = await runFuzz(
      api.url,
      Array.from({ length: 3000 }, (_, i) => i + 1),
    );
    expect(tally.failures).toEqual([]);
    expect(tally.total).toBe(3000);
    expect(Object.keys(tally.byStatus).every((status) => Number(status) < 500)).toBe(true);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const still = await api.query<{ people: { totalCount: number } }>('{ people { totalCount } }');
    expect(still.data?.people.totalCount).toBe(9);
  }, 120_000);
});
