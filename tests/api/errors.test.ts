/** Bad input gets BAD_USER_INPUT with a clear message — never a 500, never a stack trace in production. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ production: true });
});
afterAll(() => api.stop());

async function expectBadInput(query: string, variables?: Record<string, unknown>): Promise<string> {
  const result = await api.query(query, variables);
  expect(result.status).toBeLessThan(500);
  expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(JSON.stringify(result)).not.toMatch(/stacktrace|Mongo|E11000|at .*\.ts/);
  return result.errors?.[0]?.message ?? '';
}

describe('malformed arguments', () => {
  it('rejects malformed and mistyped ids', async () => {
    expect(await expectBadInput('{ node(id: "not-an-id") { id } }')).toMatch(/not a valid id/);
    expect(await expectBadInput('{ person(id: "UGVyc29uOnh5eg==") { id } }')).toMatch(/not a valid id/);
    const articleId = Buffer.from('Article:0123456789abcdef01234567').toString('base64');
    expect(await expectBadInput(`{ person(id: "${articleId}") { id } }`)).toMatch(/not a Person id/);
    await expectBadInput('{ statements(filter: { speakerId: "zzz" }) { totalCount } }');
  });

  it('rejects id and slug together, or neither', async () => {
    await expectBadInput('{ person(slug: "donald-trump", id: "x") { id } }');
    await expectBadInput('{ article { id } }');
  });

  it('rejects oversized, negative and conflicting page sizes', async () => {
    expect(await expectBadInput('{ people(first: 101) { totalCount } }')).toMatch(/at most 100/);
    await expectBadInput('{ people(last: 1000) { totalCount } }');
    await expectBadInput('{ people(first: -1) { totalCount } }');
    await expectBadInput('{ people(first: 1, last: 1) { totalCount } }');
    await expectBadInput('{ search(query: "putin", first: 500) { totalCount } }');
  });

  it('rejects foreign and broken cursors', async () => {
    await expectBadInput('{ people(after: "garbage!") { totalCount } }');
    const { data } = await api.query<{ people: { pageInfo: { endCursor: string } } }>('{ people(first: 1) { pageInfo { endCursor } } }');
    const cursor = data?.people.pageInfo.endCursor;
    expect(await expectBadInput(`{ people(after: "${cursor}", orderBy: { field: SLUG, direction: ASC }) { totalCount } }`)).toMatch(
      /different ordering/,
    );
    await expectBadInput('{ search(query: "putin", after: "bm9wZQ") { totalCount } }');
  });

  it('rejects invalid dates, times and country codes', async () => {
    await expectBadInput('{ statements(filter: { saidFrom: "2025-02-30" }) { totalCount } }');
    await expectBadInput('{ statements(filter: { saidFrom: "yesterday" }) { totalCount } }');
    await expectBadInput('{ articles(filter: { publishedFrom: "2025-04-11" }) { totalCount } }');
    await expectBadInput('{ people(filter: { nationality: "usa" }) { totalCount } }');
    await expectBadInput('{ statements(filter: { speakerNationality: "Russia" }) { totalCount } }');
    await expectBadInput('query($d: Date) { statements(filter: { saidTo: $d }) { totalCount } }', { d: '11/04/2025' });
  });

  it('rejects empty and oversized search text', async () => {
    await expectBadInput('{ search(query: "   ") { totalCount } }');
    await expectBadInput(`{ search(query: "${'x'.repeat(300)}") { totalCount } }`);
  });
});

describe('GraphQL request errors', () => {
  it('reports parse and validation errors with their codes', async () => {
    const parse = await api.query('{ people( }');
    expect(parse.status).toBe(400);
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await api.query('{ people { nope } }');
    expect(validation.status).toBe(400);
    expect(validation.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers broken JSON and oversized bodies without a 500', async () => {
    const broken = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
    const huge = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(200_000)}` }),
    });
    expect(huge.status).toBe(413);
  });
});
