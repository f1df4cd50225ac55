/**
 * What a client can cause on purpose is a client error: a precise code, a 4xx status, and nothing
 * logged at error level (so anonymous clients cannot fill the error log). Coercion errors read the
 * same whether the bad value is a literal or a variable.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

const lines: Array<{ level: number; msg: string }> = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ production: true, logger: pino({ level: 'debug' }, sink) });
});
afterAll(() => api.stop());

async function post(body: unknown) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    ...((await response.json()) as { errors?: Array<{ message: string; locations?: unknown[]; extensions?: Record<string, unknown> }> }),
  };
}

const ERROR_LEVEL = 50;

describe('client mistakes answered as client errors', () => {
  it('refuses a subscription over HTTP as an unsupported operation type', async () => {
    lines.length = 0;
    const result = await post({ query: 'subscription { statementAdded { id } }' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: 'The operation type "subscription" is not supported by this transport (HTTP)',
      extensions: { code: 'BAD_REQUEST', operationType: 'subscription' },
    });
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('answers a wrong persisted-query hash and an unsupported version with BAD_REQUEST, logged below error level', async () => {
    lines.length = 0;
    const wrongHash = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.errors?.[0]).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    for (const body of [{ query: '{ __typename }' }, {}]) {
      const version = await post({ ...body, extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } });
      expect(version.status).toBe(400);
      expect(version.errors?.[0]).toMatchObject({ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } });
    }
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'client error').length).toBe(3);
  });
});

describe('a client that goes away', () => {
  it('logs an upload abandoned mid-body below error level, and the server keeps serving', async () => {
    lines.length = 0;
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Promises 1,000 bytes, sends 10, then hangs up.
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
    expect(lines.some((l) => l.msg === 'client went away before sending its whole body')).toBe(true);
    expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });
});

describe('uniform coercion errors', () => {
  it('reports first: 1e20 as an Int coercion error, as a literal and as a variable', async () => {
    const literal = await post({ query: '{ people(first: 1e20) { totalCount } }' });
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, locations: [{ line: 1, column: 17 }] });
    expect(literal.errors?.[0].message).toMatch(/^Int cannot represent/);
    const variable = await post({ query: 'query($n: Int) { people(first: $n) { totalCount } }', variables: { n: 1e20 } });
    expect(variable.status).toBe(400);
    expect(variable.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(variable.errors?.[0].message).toMatch(/Int cannot represent non 32-bit signed integer value/);
  });

  it('says which format a Date wants, and where the bad literal is', async () => {
    const literal = await post({ query: '{ statements(filter: { saidFrom: "yesterday" }) { totalCount } }' });
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0]).toMatchObject({ locations: [{ line: 1, column: 34 }], extensions: { code: 'BAD_USER_INPUT' } });
    expect(literal.errors?.[0].message).toContain(
      'Date must be a calendar date in the form YYYY-MM-DD, e.g. "2025-04-11"; got "yesterday"',
    );
    const variable = await post({
      query: 'query($d: Date) { statements(filter: { saidFrom: $d }) { totalCount } }',
      variables: { d: '2025-02-30' },
    });
    expect(variable.errors?.[0].message).toContain('YYYY-MM-DD');
    expect(variable.errors?.[0].locations).toHaveLength(1);
  });
});
