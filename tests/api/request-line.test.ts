/**
 * The production logger writes its request lines itself (src/plugins/request-log.ts,
 * `writesPlainRequestLines`) rather than through pino's serialiser. The lines must be the ones pino
 * writes for the same call, byte for byte but for the time and the measured duration; and a server
 * with such a logger must still log each request with its database commands.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRequest, writesPlainRequestLines } from '../../src/plugins/request-log.js';
import { startApi } from '../helpers/api-server.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split(/(?<=\n)/));
      done();
    },
  });
  return { lines, sink };
}

/** A line without what differs between two calls made one after the other. */
const steady = (line: string) => line.replace(/"time":\d+/, '"time":0').replace(/"durationMs":[\d.e-]+/, '"durationMs":0');

const LINES = [
  { requestId: 'req-1', operationName: 'ArticleReader', databaseCommands: 5, errorCodes: [], slowMs: 60_000 },
  { requestId: 'a "quoted" id\\', operationName: null, databaseCommands: 0, errorCodes: ['BAD_USER_INPUT', 'NOT_FOUND'], slowMs: 0 },
  { requestId: 'ünïcödé — 🗞', operationName: 'Ünïcödé', databaseCommands: 12, errorCodes: ['INTERNAL_SERVER_ERROR'], slowMs: 60_000 },
];

describe('request lines written without pino’s serialiser', () => {
  it.each(LINES)('equal pino’s own line for $requestId', async ({ slowMs, ...line }) => {
    const ours = capture();
    const theirs = capture();
    const plain = writesPlainRequestLines(pino({ level: 'info' }, ours.sink));
    const reference = pino({ level: 'info' }, theirs.sink);
    const started = process.hrtime.bigint();
    logRequest(plain, slowMs, { ...line, started });
    logRequest(reference, slowMs, { ...line, started });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ours.lines).toHaveLength(1);
    expect(theirs.lines).toHaveLength(1);
    expect(steady(ours.lines[0])).toBe(steady(theirs.lines[0]));
    expect(JSON.parse(ours.lines[0])).toMatchObject({ ...line, level: 30, msg: 'graphql request', pid: process.pid });
  });

  it('writes nothing when the logger is above info', async () => {
    const ours = capture();
    logRequest(writesPlainRequestLines(pino({ level: 'warn' }, ours.sink)), 0, {
      requestId: 'quiet',
      operationName: null,
      started: process.hrtime.bigint(),
      databaseCommands: 1,
      errorCodes: [],
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ours.lines).toEqual([]);
  });
});

describe('a server whose logger writes plain request lines', () => {
  const { lines, sink } = capture();
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ production: true, logger: writesPlainRequestLines(pino({ level: 'info' }, sink)) });
  });
  afterAll(() => api.stop());

  it('logs every request with its database commands, through Apollo and answered directly', async () => {
    const query = '{ people(first: 2) { totalCount nodes { name } } }';
    for (const requestId of ['first', 'second']) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(200);
    }
    expect(api.server.answeredDirectly()).toBeGreaterThan(0);
    const logged = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'graphql request');
    expect(logged.map((line) => line.requestId)).toEqual(['first', 'second']);
    for (const line of logged) expect(line).toMatchObject({ level: 30, databaseCommands: 2, errorCodes: [], operationName: null });
  });
});
