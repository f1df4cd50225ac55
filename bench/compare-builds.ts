/**
 * `npm run bench:compare -- --base <checkout> [--only "article reader"] [--rounds 8] [--seconds 3]`:
 * a change against its base, in one process, where the noise of HTTP and of a second server is
 * gone. Against the embedded database in another process, with 10 requests in flight, it measures
 * CPU per request for the floor (the scenario's reads, then the answer's bytes recorded once) and for an Apollo Server built from each checkout's own
 * `dist/` and `node_modules` (its schema, resolvers, loaders and MongoDB driver), in alternating
 * rounds, and prints floor ÷ each. Both servers are built the same way (no plugins but Apollo's
 * cache-control bookkeeping off, as src/apollo.ts has it), so only the resolvers and loaders differ.
 *
 * The base needs a build: `git worktree add ../base main && (cd ../base && npm ci && npm run build)`.
 */
import './production-mode.js';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { floorHandlerFor, floorReads } from './floor-handlers.js';
import { fixturesIn, PAGE, start, stopAll } from './harness.js';
import { type Answer, loadInProcess } from './in-process-load.js';
import { SCENARIOS } from './scenarios.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    only: { type: 'string', default: 'article reader' },
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '3' },
  },
});
if (!values.base) throw new Error('--base <checkout> is required');

/** An Apollo Server from `root`'s own build and packages, answering in-process like executeOperation. */
async function buildFrom(root: string, uri: string, databaseName: string): Promise<{ answer: Answer; stop: () => Promise<void> }> {
  const packages = createRequire(resolve(root, 'package.json'));
  const own = async (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { ApolloServer } = packages('@apollo/server');
  const { ApolloServerPluginCacheControlDisabled } = packages('@apollo/server/plugin/disabled');
  const { MongoClient: Client } = packages('mongodb');
  const [{ typeDefs }, { resolvers }, { makeContext }, { readWriteCollections }, { loadConfig }] = await Promise.all([
    own('src/schema.js'),
    own('src/resolvers/index.js'),
    own('src/context.js'),
    own('src/db/collections.js'),
    own('src/config.js'),
  ]);
  const client = await new Client(uri).connect();
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const collections = readWriteCollections(client, databaseName, config.writeConcern);
  const server = new ApolloServer({ typeDefs, resolvers, plugins: [ApolloServerPluginCacheControlDisabled()] });
  await server.start();
  return {
    answer: async (query, variables) => {
      const response = await server.executeOperation(
        { query, variables },
        { contextValue: makeContext(collections, { requestId: 'bench' }) },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return JSON.stringify(response.body.singleResult);
    },
    stop: async () => {
      await server.stop();
      await client.close();
    },
  };
}

const uri = await start(['src/embedded-mongo/cli.ts', '--port', '0'], {}, /^(mongodb:\/\/\S+)$/m, SERVER_NODE_FLAGS);
const client = await new MongoClient(uri).connect();
const databaseName = syntheticDatabaseName(1);
await seedSynthetic(client.db(databaseName), 1);
const fixtures = await fixturesIn(client, 1);
const scenario = SCENARIOS.find((s) => s.name === values.only && !s.mutation);
if (!scenario) throw new Error(`no read scenario named "${values.only}"`);
const variables = scenario.variables(PAGE, fixtures);

// The floor does the scenario's reads and answers the bytes recorded once (the yardstick `npm run bench` uses).
const floorRead = floorHandlerFor(floorReads(client.db(databaseName)), scenario.query);
const recorded = JSON.stringify({ data: (await floorRead(variables))() });
const head = await buildFrom('.', uri, databaseName);
const base = await buildFrom(values.base, uri, databaseName);
const answers: Record<string, Answer> = {
  floor: async (_query, vars) => {
    await floorRead(vars);
    return recorded;
  },
  head: head.answer,
  base: base.answer,
};
const [fromHead, fromBase] = [await head.answer(scenario.query, variables), await base.answer(scenario.query, variables)];
if (fromHead !== fromBase) throw new Error(`the two builds answer differently:\n${fromHead.slice(0, 300)}\n${fromBase.slice(0, 300)}`);
if (recorded !== fromHead) throw new Error(`the floor answers differently:\n${recorded.slice(0, 300)}\n${fromHead.slice(0, 300)}`);
for (const answer of Object.values(answers)) await loadInProcess(answer, scenario.query, variables, 1); // warm-up

const shares: Record<'head' | 'base', number[]> = { head: [], base: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 ? ['base', 'head', 'floor'] : ['floor', 'head', 'base'];
  const cpu: Record<string, number> = {};
  for (const name of order) cpu[name] = (await loadInProcess(answers[name], scenario.query, variables, Number(values.seconds))).cpuMicros;
  shares.head.push(cpu.floor / cpu.head);
  shares.base.push(cpu.floor / cpu.base);
  console.log(
    `round ${round + 1}: floor ${Math.round(cpu.floor)} µs, this build ${Math.round(cpu.head)} µs, ${values.base} ${Math.round(cpu.base)} µs`,
  );
}
const mean = (xs: number[]) => (100 * xs.reduce((a, b) => a + b, 0)) / xs.length;
console.log(
  `${scenario.name}: floor ÷ this build ${mean(shares.head).toFixed(1)} %, floor ÷ ${values.base} ${mean(shares.base).toFixed(1)} % (CPU per request, means of ${values.rounds} rounds)`,
);
await head.stop();
await base.stop();
await client.close();
stopAll();
process.exit(0);
