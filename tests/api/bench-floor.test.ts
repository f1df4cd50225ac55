/**
 * The benchmark's floor (bench/floor-handlers.ts) must send exactly the MongoDB commands newsgraph
 * sends for each scenario, or the comparison measures something else; when newsgraph's reads or
 * writes change, this fails until the floor follows. Commands are compared by command monitoring,
 * with session fields, fresh ids and timestamps blanked; the answers must be the same data too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorHandlerFor, floorHandlers } from '../../bench/floor-handlers.js';
import { PAGE } from '../../bench/harness.js';
import { SCENARIOS } from '../../bench/scenarios.js';
import { seedSynthetic } from '../../seed/synthetic.js';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ seed: false, production: true });
  await seedSynthetic(api.db, 1);
});
afterAll(async () => {
  await api.stop();
});

const SESSION_FIELDS = new Set(['lsid', '$clusterTime', '$db', 'txnNumber']);
/** A command as text, without what differs between any two runs of the same request. */
const normalized = (command: unknown) =>
  JSON.stringify(command, (key, value) => (SESSION_FIELDS.has(key) ? undefined : value))
    .replace(/[0-9a-f]{24}/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<date>');
const sentCommands = () => api.commands.map((event) => normalized(event.command)).sort();

describe('the benchmark floor', () => {
  for (const scenario of SCENARIOS) {
    it(`sends newsgraph's commands for the ${scenario.name}`, async () => {
      const article = await api.db.collection('articles').findOne({ slug: 'synthetic-article-99' });
      const fixtures = { excerpt: String(article?.paragraphs[0].text).split(' ').slice(1, 4).join(' ') };
      const variables = scenario.variables(PAGE, fixtures);

      // A write adds its words to the search vocabulary the first time only; compare the commands of
      // the benchmark's steady state, where both sides find the words already there.
      if (scenario.mutation) await api.query(scenario.query, variables, bearer(TEST_KEYS.editor));
      api.resetCommands();
      const answer = await api.query(scenario.query, variables, bearer(TEST_KEYS.editor));
      expect(answer.errors).toBeUndefined();
      const newsgraphCommands = sentCommands();

      api.resetCommands();
      const handler = floorHandlerFor(floorHandlers(api.db, { actor: 'editor' }), scenario.query);
      const floorData = JSON.parse(JSON.stringify(await handler(JSON.parse(JSON.stringify(variables)))));
      const floorCommands = sentCommands();

      expect(newsgraphCommands.length).toBeGreaterThan(0);
      expect(floorCommands).toEqual(newsgraphCommands);
      if (!scenario.mutation) expect(floorData).toEqual(answer.data);
    });
  }
});
