/** Hostile queries are refused before they run: no database command is spent on them. */

import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

async function refused(query: string, variables?: Record<string, unknown>) {
  api.resetCommands();
  const result = await api.query(query, variables);
  expect(result.status).toBe(400);
  expect(api.commands).toHaveLength(0);
  return result.errors?.[0];
}

describe('query limits (graphql-armor defaults)', () => {
  it('refuses depth beyond 6, but not introspection', async () => {
    // article → statements → speaker → statements → article → statements → speaker → name: 8 levels.
    const deep =
      '{ article(slug: "x") { statements { nodes { speaker { statements { edges { node { article { statements { nodes { speaker { name } } } } } } } } } } } }';
    expect(await refused(deep)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit: 'depth', actual: 8, max: 6 } });
    const introspection = await api.query(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    const ok = await api.query('{ article(slug: "x") { statements { nodes { speaker { name } } } } }');
    expect(ok.errors).toBeUndefined();
  });

  it('does not count Relay plumbing (edges, node, nodes, pageInfo) toward depth', async () => {
    // The query a Relay client sends: two nested connections and a leaf object, 8 fields deep, depth 4.
    const relay = '{ articles { edges { node { statements { edges { node { speaker { name } } } } } } } }';
    const result = await api.query(relay);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    const paged = '{ articles(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor node { slug } } } }';
    expect((await api.query(paged)).errors).toBeUndefined();
    // A plumbing name does not hide a real hop: the same attack through `node` wrappers is still 8.
    const hidden =
      '{ people { edges { node { statements { edges { node { article { statements { edges { node { speaker { statements { nodes { text } } } } } } } } } } } } } }';
    expect(await refused(hidden)).toMatchObject({ extensions: { limit: 'depth', actual: 7 } });
  });

  it('refuses more than 15 aliases and 50 directives', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(await refused(aliases)).toMatchObject({ extensions: { limit: 'aliases' } });
    const directives = `{ __typename ${'@include(if: true) '.repeat(51)} }`;
    expect((await refused(directives))?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  it('refuses more than 1000 tokens at parse time', async () => {
    const tokens = `{ ${'__typename '.repeat(1001)} }`;
    // Reported like every other limit, with extensions.limit.
    expect(await refused(tokens)).toMatchObject({
      message: 'Query tokens exceed the limit of 1000',
      extensions: { code: 'BAD_USER_INPUT', limit: 'tokens', max: 1000 },
    });
  });

  it('refuses a cost above 5000, counting list sizes from first/last and variables', async () => {
    const costly = 'query($n: Int) { people(first: $n) { nodes { statements(first: 100) { nodes { text kind } } } } }';
    expect(await refused(costly, { n: 100 })).toMatchObject({ extensions: { limit: 'cost', max: 5000 } });
    const cheap = await api.query(costly, { n: 5 });
    expect(cheap.errors).toBeUndefined();
  });

  it('does not loop on fragment cycles (graphql validation refuses them)', async () => {
    const cycle = 'query { people { nodes { ...A } } } fragment A on Person { statements { nodes { speaker { ...A } } } }';
    const result = await api.query(cycle);
    expect(result.status).toBe(400);
  });
});
