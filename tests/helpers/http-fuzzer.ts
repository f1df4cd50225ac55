/**
 * A seeded HTTP fuzzer for the GraphQL endpoint: random bytes, wrong content types, broken JSON,
 * mutated valid queries, hostile variables, odd methods, subscriptions and persisted-query extensions.
 * Each response is checked: no status ≥ 500 (but the documented 503), no stack trace, no driver
 * message, and no INTERNAL_SERVER_ERROR whatever the status — nothing a client sends is our fault. Used by a bounded test and by
 * `npm run fuzz` for long runs.
 */

import { seededRandom as random } from '../../seed/synthetic.js';

const VALID_QUERIES = [
  '{ article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { headline statements(first: 5) { nodes { text speaker { name } } } } }',
  'query P($n: Int, $after: String) { people(first: $n, after: $after) { totalCount pageInfo { endCursor } nodes { id slug roles { title } } } }',
  'query S($q: String!) { search(query: $q, first: 3) { edges { score node { __typename } } } }',
  'query N($id: ID!) { node(id: $id) { id ... on Person { name } } }',
  '{ statements(filter: { speakerNationality: "RU" }, orderBy: { field: SAID_ON, direction: DESC }) { nodes { text saidOn } } }',
  'mutation C($input: CreatePersonInput!) { createPerson(input: $input) { person { id } userErrors { code } } }',
  'subscription S { statementAdded { id } }',
  'query D($from: Date, $n: Int) { statements(first: $n, filter: { saidFrom: $from }) { nodes { saidOn } } }',
];

/** The `extensions` a client may send: persisted queries of every shape, right and wrong. */
function randomExtensions(rng: () => number): unknown {
  return pick(rng, [
    { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    { persistedQuery: { version: 2, sha256Hash: 'abc' } },
    { persistedQuery: { version: 1 } },
    { persistedQuery: 'yes' },
    { persistedQuery: null },
    'extensions',
    [1, 2],
  ]);
}

export interface FuzzCase {
  method: string;
  headers: Record<string, string>;
  body?: string;
  search?: string;
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

function randomString(rng: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(rng() * (rng() < 0.9 ? 128 : 0xffff)));
  return out;
}

function randomValue(rng: () => number, depth = 0): unknown {
  const kind = Math.floor(rng() * (depth > 2 ? 6 : 8));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return Math.floor(rng() * 2 ** 40) * (rng() < 0.5 ? -1 : 1);
    case 2:
      return rng() * 1e308;
    case 3:
      return randomString(rng, Math.floor(rng() * 50));
    case 4:
      return rng() < 0.5;
    case 5:
      return pick(rng, ['', 'UGVyc29uOjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==', 'x'.repeat(5000), '{"$gt":""}', '$where', '2025-13-45']);
    case 6:
      return Array.from({ length: Math.floor(rng() * 5) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rng() * 4) }, () => [
          pick(rng, ['$gt', '__proto__', 'slug', 'first', 'input', 'name']),
          randomValue(rng, depth + 1),
        ]),
      );
  }
}

function mutate(rng: () => number, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rng() * (out.length + 1));
    switch (Math.floor(rng() * 5)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rng() * 5));
        break;
      case 1:
        out =
          out.slice(0, at) + pick(rng, ['{', '}', '(', ')', '"', '\\', '$', '@', '...', '#', ':', '!', '[', ']', '\u0000']) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(Math.max(0, at - 20), at) + out.slice(at);
        break;
      case 3:
        out =
          out.slice(0, at) +
          pick(rng, [' first: 100000', ' __typename', ' @skip(if: $x)', ' fragment F on Query { __typename }', ' a: __typename']) +
          out.slice(at);
        break;
      default:
        out = out.slice(0, at);
    }
  }
  return out;
}

/** Percent-encodes every byte (random strings may hold lone surrogates, which encodeURIComponent rejects). */
function encodeBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

export function fuzzCase(seed: number): FuzzCase {
  const rng = random(seed);
  const json = { 'content-type': 'application/json' };
  const query = pick(rng, VALID_QUERIES);
  switch (Math.floor(rng() * 8)) {
    case 0:
      return { method: 'POST', headers: json, body: randomString(rng, Math.floor(rng() * 300)) };
    case 1:
      return {
        method: 'POST',
        headers: {
          'content-type': pick(rng, [
            'text/plain',
            'application/xml',
            'multipart/form-data; boundary=x',
            'application/graphql',
            '',
            'application/json; charset=latin1',
          ]),
        },
        body: JSON.stringify({ query }),
      };
    case 2: {
      const valid = JSON.stringify({ query, variables: { n: 3 } });
      return { method: 'POST', headers: json, body: valid.slice(0, Math.floor(rng() * valid.length)) };
    }
    case 3:
      return { method: 'POST', headers: json, body: JSON.stringify({ query: mutate(rng, query) }) };
    case 4:
      return {
        method: 'POST',
        headers: { ...json, ...(rng() < 0.3 ? { authorization: `Bearer ${randomString(rng, 20).replace(/[^\x21-\x7e]/g, 'x')}` } : {}) },
        body: JSON.stringify({ query, variables: randomValue(rng), operationName: rng() < 0.2 ? randomString(rng, 5) : undefined }),
      };
    case 5:
      return {
        method: pick(rng, ['GET', 'PUT', 'DELETE', 'PATCH']),
        headers: { 'apollo-require-preflight': 'true' },
        search: `?query=${encodeBytes(rng() < 0.5 ? query : mutate(rng, query))}&variables=${encodeBytes(rng() < 0.5 ? JSON.stringify(randomValue(rng)) : randomString(rng, 10))}`,
      };
    case 6:
      return {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          query: rng() < 0.7 ? query : undefined,
          variables:
            rng() < 0.5
              ? { n: pick(rng, [1e20, -1, 2 ** 31, 3.5, '3']), from: pick(rng, ['yesterday', '2025-02-30', 20250411]) }
              : undefined,
          extensions: randomExtensions(rng),
        }),
      };
    default:
      return { method: 'POST', headers: json, body: JSON.stringify(randomValue(rng)) };
  }
}

const LEAKS = /stacktrace|Mongo[A-Za-z]*Error|E11000|ECONNREFUSED|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/;

export interface FuzzTally {
  total: number;
  byStatus: Record<string, number>;
  /** Responses ≥ 500 other than the documented 503, INTERNAL_SERVER_ERROR at any status, leaks, or thrown requests (connection reset…). */
  failures: Array<{ seed: number; problem: string }>;
}

export async function runFuzz(url: string, seeds: number[], concurrency = 8): Promise<FuzzTally> {
  const tally: FuzzTally = { total: 0, byStatus: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++];
      const c = fuzzCase(seed);
      tally.total++;
      try {
        const response = await fetch(`${url}/graphql${c.search ?? ''}`, {
          method: c.method,
          headers: c.headers,
          body: c.method === 'GET' ? undefined : c.body,
        });
        const text = await response.text();
        tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
        if (response.status >= 500 && response.status !== 503)
          tally.failures.push({ seed, problem: `status ${response.status}: ${text.slice(0, 200)}` });
        if (LEAKS.test(text)) tally.failures.push({ seed, problem: `leak: ${text.slice(0, 300)}` });
        if (text.includes('INTERNAL_SERVER_ERROR'))
          tally.failures.push({ seed, problem: `internal error for a client's request: ${text.slice(0, 300)}` });
      } catch (error) {
        tally.failures.push({
          seed,
          problem: `request failed: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return tally;
}
