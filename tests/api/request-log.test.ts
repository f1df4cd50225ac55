/** One structured log line per request: id, operation, duration, database commands, error codes. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ logger: pino({ level: 'info' }, sink) });
});
afterAll(() => api.stop());

describe('request logs', () => {
  it('logs operation name, duration, database commands and error codes', async () => {
    lines.length = 0;
    await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-test-1' },
      body: JSON.stringify({ query: 'query PeopleNames { people(first: 3) { totalCount nodes { name } } }' }),
    });
    await api.query('{ person(id: "bad") { name } }');
    const [first, second] = lines.filter((l) => l.msg === 'graphql request');
    expect(first).toMatchObject({ requestId: 'log-test-1', operationName: 'PeopleNames', databaseCommands: 2, errorCodes: [] });
    expect(typeof first.durationMs).toBe('number');
    expect(second).toMatchObject({ errorCodes: ['BAD_USER_INPUT'], databaseCommands: 0 });
    expect(typeof second.requestId).toBe('string');
  });
});
