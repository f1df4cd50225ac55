/** Cache-Control on public reads, when configured: anonymous error-free queries only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ env: { PUBLIC_CACHE_MAX_AGE: '30' } });
});
afterAll(() => api.stop());

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('public cache hints', () => {
  it('lets anonymous queries be cached, but not authenticated ones, errors or mutations', async () => {
    expect((await post('{ people { totalCount } }')).headers.get('cache-control')).toBe('public, max-age=30');
    expect((await post('{ people { totalCount } }', bearer(TEST_KEYS.editor))).headers.get('cache-control')).toBeNull();
    expect((await post('{ person(id: "bad") { name } }')).headers.get('cache-control')).toBeNull();
    const mutation = await post('mutation { deleteStatement(input: { id: "x" }) { deletedId } }', bearer(TEST_KEYS.editor));
    expect(mutation.headers.get('cache-control')).toBeNull();
  });
});
