/**
 * The request log's `databaseCommands` is exact without the driver's command monitoring: a server on
 * a client that does not monitor commands (as `npm start` connects) logs, for every benchmark
 * scenario, the number of commands a monitored client sees for the same request — the first time
 * (Apollo's pipeline, counted from the connection pool) and the second (a direct answer, counted by
 * the request's collections).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE } from '../../bench/harness.js';
import { SCENARIOS } from '../../bench/scenarios.js';
import { seedSynthetic } from '../../seed/synthetic.js';
import { bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

/** A server logging at info into memory, on the synthetic data of scale 1. */
async function loggingApi(monitorCommands: boolean) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const api = await startApi({ seed: false, production: true, monitorCommands, logger: pino({ level: 'info' }, sink) });
  await seedSynthetic(api.db, 1);
  /** Sends a request and returns its log line. */
  const logged = async (query: string, variables: Record<string, unknown>, requestId: string) => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...bearer(TEST_KEYS.editor) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.text();
    expect(body).not.toContain('"errors"');
    return lines.find((line) => line.msg === 'graphql request' && line.requestId === requestId);
  };
  return { api, logged };
}

let monitored: Awaited<ReturnType<typeof loggingApi>>;
let plain: Awaited<ReturnType<typeof loggingApi>>;
beforeAll(async () => {
  monitored = await loggingApi(true);
  plain = await loggingApi(false);
});
afterAll(async () => {
  await monitored?.api.stop();
  await plain?.api.stop();
});

describe('database commands in the request log', () => {
  it('runs the unmonitored server on a client without command monitoring', () => {
    expect(plain.api.db.client.options.monitorCommands).toBe(false);
    expect(monitored.api.db.client.options.monitorCommands).toBe(true);
  });

  for (const scenario of SCENARIOS) {
    it(`counts every command of the ${scenario.name}, with or without command monitoring`, async () => {
      const article = await monitored.api.db.collection('articles').findOne({ slug: 'synthetic-article-99' });
      const fixtures = { excerpt: String(article?.paragraphs[0].text).split(' ').slice(1, 4).join(' ') };
      const variables = scenario.variables(PAGE, fixtures);
      const id = `commands-${scenario.name.replace(/\W+/g, '-')}`;

      monitored.api.resetCommands();
      const withMonitoring = await monitored.logged(scenario.query, variables, id);
      const sent = monitored.api.commands.length;
      const withoutMonitoring = await plain.logged(scenario.query, variables, id);

      // The second time the query is known: read queries are answered without Apollo's pipeline
      // (src/execution/direct-answers.ts), their commands counted by their collections.
      const answeredBefore = plain.api.server.answeredDirectly();
      const again = await plain.logged(scenario.query, variables, `${id}-again`);
      const direct = plain.api.server.answeredDirectly() > answeredBefore;

      expect(sent).toBeGreaterThan(0);
      expect(withMonitoring?.databaseCommands).toBe(sent);
      expect(withoutMonitoring?.databaseCommands).toBe(sent);
      expect(direct).toBe(!scenario.mutation);
      // (A mutation's second run writes over its first, so only reads repeat the same commands.)
      if (!scenario.mutation)
        expect(again).toMatchObject({ databaseCommands: sent, operationName: withoutMonitoring?.operationName, errorCodes: [] });
    });
  }
});
