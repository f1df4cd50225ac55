/**
 * A query the server has answered once is answered the second time without Apollo's pipeline
 * (src/execution/direct-answers.ts) — and a client cannot tell: every README example and every
 * failing query gives the same status, headers and bytes the second time as the first (Apollo's),
 * resolvers run once even when the answer carries errors, and whatever is not the plain case
 * (limits exceeded with these variables, refused credentials, a form-encoded POST, another Accept
 * header) is still Apollo's answer.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';
import { FAILING_QUERIES } from '../helpers/failing-queries.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const readmeQueries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((query) => !query.trimStart().startsWith('mutation') && !query.trimStart().startsWith('subscription'));

/** Headers that differ between any two responses, whoever answers. */
const VOLATILE = new Set(['date', 'x-request-id', 'keep-alive', 'connection']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  commands: number;
}

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ production: true });
});
afterAll(() => api.stop());

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  api.resetCommands();
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // Resolvers beside a failed non-null field may still be reading after the answer went out (graphql-js
  // answers as soon as the error nulls the parent): let them finish, so their commands count here.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const kept = [...response.headers].filter(([name]) => !VOLATILE.has(name));
  return { status: response.status, headers: Object.fromEntries(kept), body: text, commands: api.commands.length };
}

/** Sends the same request twice; returns both answers and whether the second was answered directly. */
async function twice(body: unknown, headers: Record<string, string> = {}) {
  const first = await post(body, headers);
  const before = api.server.answeredDirectly();
  const second = await post(body, headers);
  return { first, second, direct: api.server.answeredDirectly() > before };
}

describe('answers to known queries', () => {
  it('has README examples to check', () => expect(readmeQueries.length).toBeGreaterThan(5));

  readmeQueries.forEach((query, index) => {
    it(`README example ${index + 1}: the same status, headers, bytes and commands`, async () => {
      const { first, second, direct } = await twice({ query });
      expect(first.status).toBe(200);
      expect(second).toEqual(first);
      // Answers without errors are direct; with errors Apollo formats them, from the carried result.
      expect(direct).toBe(!first.body.includes('"errors"'));
    });
  });

  for (const [name, query, variables] of FAILING_QUERIES) {
    it(`${name}: Apollo's error answer, resolvers run once`, async () => {
      const { first, second, direct } = await twice({ query, variables });
      expect(first.body).toContain('"errors"');
      expect(second).toEqual(first);
      expect(direct).toBe(false);
    });
  }

  it('answers directly with the content type Apollo chose for the Accept header', async () => {
    const query = '{ people(first: 2) { nodes { name } } }';
    for (const accept of ['application/graphql-response+json', 'application/json', '*/*']) {
      const { first, second, direct } = await twice({ query }, { accept });
      expect(second).toEqual(first);
      expect(direct).toBe(true);
    }
    // An Accept header Apollo refuses is refused again (406), never answered directly.
    const { first, second, direct } = await twice({ query }, { accept: 'text/csv' });
    expect(first.status).toBe(406);
    expect(second).toEqual(first);
    expect(direct).toBe(false);
  });

  it('answers the same to a caller whose key is refused (reads stay public), directly the second time', async () => {
    const query = '{ people(first: 4) { nodes { slug } } }';
    const wrong = await twice({ query }, bearer('not-a-key-0123456789'));
    expect(wrong.first.status).toBe(200);
    expect(wrong.second).toEqual(wrong.first);
    expect(wrong.direct).toBe(true);
    const asEditor = await twice({ query }, bearer(TEST_KEYS.editor));
    expect(asEditor.second).toEqual(asEditor.first);
    expect(asEditor.direct).toBe(true);
  });

  it('checks the query limits with each request’s variables', async () => {
    const costly = 'query($n: Int) { people(first: $n) { nodes { statements(first: 100) { nodes { text kind } } } } }';
    const cheap = await twice({ query: costly, variables: { n: 5 } });
    expect(cheap.direct).toBe(true);
    const before = api.server.answeredDirectly();
    const refused = await post({ query: costly, variables: { n: 100 } });
    expect(api.server.answeredDirectly()).toBe(before);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost' });
    expect(refused.commands).toBe(0);
  });

  it('leaves a known query sent as a form (not JSON) to Apollo’s CSRF check', async () => {
    const query = '{ people(first: 1) { totalCount } }';
    await post({ query });
    const before = api.server.answeredDirectly();
    const form = await post(JSON.stringify({ query }), { 'content-type': 'text/plain' });
    expect(form.status).toBe(400);
    expect(api.server.answeredDirectly()).toBe(before);
  });

  it('keeps mutations in Apollo’s pipeline', async () => {
    const mutation = 'mutation { deleteStatement(input: { id: "bm90LWFuLWlk" }) { deletedId } }';
    const { first, second, direct } = await twice({ query: mutation }, bearer(TEST_KEYS.editor));
    expect(second.status).toBe(first.status);
    expect(direct).toBe(false);
  });
});
