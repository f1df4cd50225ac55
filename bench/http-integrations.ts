/**
 * `npm run bench:http -- [--seconds 5] [--rounds 4] [--connections 10]`
 *
 * The HTTP integration, measured: the same Apollo Server (src/apollo.ts) driven by node:http as
 * `npm start` runs it, by Express 5 and by Fastify 5 (bench/http-integration-server.ts), in
 * alternating rounds on the same database, for the cheapest scenario (where the HTTP layer's own
 * cost shows most) and the article reader. Also newsgraph with Apollo's parsed-document cache
 * turned off, to show what parse/validation caching buys. Results go to bench/results/ and to
 * BENCHMARKS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { alternate, fixturesIn, type Measurement, measuredCommit, READY, serverEnv, start, stopAll, writeSection } from './harness.js';
import { SCENARIOS } from './scenarios.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
  },
});
const settings = { seconds: Number(values.seconds), rounds: Number(values.rounds), connections: Number(values.connections) };

const uri = await start(['src/embedded-mongo/cli.ts', '--port', '0'], {}, /^(mongodb:\/\/\S+)$/m, SERVER_NODE_FLAGS);
const client = await new MongoClient(uri).connect();
const database = syntheticDatabaseName(1);
await seedSynthetic(client.db(database), 1);
const fixtures = await fixturesIn(client, 1);
const env = serverEnv(uri, database);
const variants: Record<string, string> = {
  'node:http (npm start)': await start(['src/index.ts'], env, READY, SERVER_NODE_FLAGS),
  'Express 5': await start(['bench/http-integration-server.ts'], { ...env, INTEGRATION: 'express' }, READY, SERVER_NODE_FLAGS),
  'Fastify 5': await start(['bench/http-integration-server.ts'], { ...env, INTEGRATION: 'fastify' }, READY, SERVER_NODE_FLAGS),
  'node:http, no document cache': await start(
    ['src/index.ts'],
    { ...env, NEWSGRAPH_BENCH_NO_DOCUMENT_CACHE: 'true' },
    READY,
    SERVER_NODE_FLAGS,
  ),
};

const results: Record<string, Record<string, Measurement>> = {};
for (const name of ['node by id', 'article reader']) {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (scenario) results[name] = await alternate(variants, scenario, fixtures, settings);
}
await client.close();
stopAll();

const date = new Date().toISOString().slice(0, 10);
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/${date}-http.json`, `${JSON.stringify({ date, settings, results }, null, 2)}\n`);
const names = Object.keys(variants);
const cell = (m: Measurement, base: Measurement) =>
  m.failed > 0
    ? 'FAILED'
    : `${Math.round(m.requestsPerSecond)} (${Math.round((100 * m.requestsPerSecond) / base.requestsPerSecond)} %), p50 ${m.p50} ms`;
const lines = [
  '## `npm run bench:http`: the HTTP integration and the document cache',
  '',
  `Measured ${date} at ${measuredCommit()} on ${cpus().length} cores, node ${process.version}. Reproduce: \`npm run bench:http -- --seconds ${settings.seconds} --rounds ${settings.rounds} --connections ${settings.connections}\``,
  `(also \`bench/results/${date}-http.json\`). The same Apollo Server and plugins behind each; req/s (share of node:http), p50;`,
  `${settings.rounds} alternating rounds of ${settings.seconds} s, scale 1, every body checked.`,
  '',
  `| scenario | ${names.join(' | ')} |`,
  `|---|${names.map(() => '---:').join('|')}|`,
  ...Object.entries(results).map(([scenario, byVariant]) => {
    const base = byVariant[names[0]];
    return `| ${scenario} | ${names.map((n) => cell(byVariant[n], base)).join(' | ')} |`;
  }),
];
writeSection('bench:http', lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
