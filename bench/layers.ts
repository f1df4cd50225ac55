/**
 * `npm run bench:layers -- [--scale 1] [--seconds 3] [--rounds 4] [--only <scenario>] [--top N] [--log-level info]`:
 * where a request's CPU goes, layer by layer, for each read scenario. In one process, against the
 * embedded database in another, each layer answers the scenario's query with 10 requests in flight:
 *
 * 1. the floor's handler (bench/floor-handlers.ts): the MongoDB commands, then the answer's bytes
 *    serialised the first time (as the floor server writes them), nothing else;
 * 2. graphql-js `execute` with newsgraph's schema, resolvers and loaders, and `JSON.stringify`;
 * 3. Apollo Server's `executeOperation`: the request pipeline (document cache, plugins, limits,
 *    error formatting) around 2, logging as the default server does (`--log-level`, default info:
 *    a request log line with its database commands, written to /dev/null);
 * 4. the direct answer (src/execution/direct-answers.ts), the path a POST of a query the server
 *    has seen takes: the request's context with counted collections, the executor the server uses
 *    (graphql-jit unless configured otherwise), the request line, and the answer's JSON.
 *
 * The full bench adds HTTP on top of 4 (and on top of 3 for a query's first request). Layers alternate round by round; CPU is the process's
 * (`process.cpuUsage`, garbage-collector threads included) per answered request. Then each layer's
 * allocation per request is sampled (bench/allocation-sampling.ts); `--top N` also prints the N
 * functions that allocate most in each layer.
 */
// First: it sets NODE_ENV before graphql-js loads.
import './production-mode.js';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { type DocumentNode, execute, getOperationAST, parse } from 'graphql';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { createApollo, createExecution, requestContext } from '../src/apollo.js';
import { loadConfig } from '../src/config.js';
import { makeContext } from '../src/context.js';
import { readWriteCollections } from '../src/db/collections.js';
import { countCommands, type RequestTrace, requestTraces } from '../src/plugins/request-context.js';
import { logRequest, writesPlainRequestLines } from '../src/plugins/request-log.js';
import { resolvers } from '../src/resolvers/index.js';
import { typeDefs } from '../src/schema.js';
import { sampleAllocations } from './allocation-sampling.js';
import { floorHandlerFor, floorReads } from './floor-handlers.js';
import { fixturesIn, measuredCommit, PAGE, start, stopAll, writeSection } from './harness.js';
import { type Answer, IN_FLIGHT, loadInProcess } from './in-process-load.js';
import { SCENARIOS } from './scenarios.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    only: { type: 'string' },
    top: { type: 'string', default: '0' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const uri = await start(['src/embedded-mongo/cli.ts', '--port', '0'], {}, /^(mongodb:\/\/\S+)$/m, SERVER_NODE_FLAGS);
const client = await new MongoClient(uri).connect();
const databaseName = syntheticDatabaseName(scale);
await seedSynthetic(client.db(databaseName), scale);
const fixtures = await fixturesIn(client, scale);

const logLevel = values['log-level'];
const config = { ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: logLevel }), databaseName };
const collections = readWriteCollections(client, databaseName, config.writeConcern);
const schema = makeExecutableSchema({ typeDefs, resolvers });
// As src/server.ts's default logger: request lines put together by newsgraph itself.
const logger = writesPlainRequestLines(pino({ level: logLevel }, pino.destination('/dev/null')));
const execution = createExecution(config);
const apollo = createApollo({ config, logger, http: createServer(), execution });
await apollo.start();
// As src/server.ts: with request logs on, each request's database commands are counted.
const tracing = logger.isLevelEnabled('info');
if (tracing) countCommands(client);
const floor = floorReads(client.db(databaseName));
const recorded = new Map<string, string>();
const newContext = () => makeContext(collections, { requestId: 'bench' });
const contextFor = requestContext(collections, config);

const documents = new Map<string, DocumentNode>();
const documentOf = (query: string) => {
  let document = documents.get(query);
  if (!document) {
    document = parse(query);
    documents.set(query, document);
  }
  return document;
};
const LAYERS: Record<string, Answer> = {
  floor: async (query, variables) => {
    const build = await floorHandlerFor(floor, query)(variables);
    let bytes = recorded.get(query);
    if (bytes === undefined) {
      bytes = JSON.stringify({ data: build() });
      recorded.set(query, bytes);
    }
    return bytes;
  },
  'graphql-js': async (query, variables) =>
    JSON.stringify(await execute({ schema, document: documentOf(query), variableValues: variables, contextValue: newContext() })),
  'Apollo Server': async (query, variables) => {
    const run = async () => {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: newContext() });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return JSON.stringify(response.body.singleResult);
    };
    return tracing ? requestTraces.run({ requestId: 'bench', databaseCommands: 0, started: process.hrtime.bigint() }, run) : run();
  },
  'direct answer': async (query, variables) => {
    const document = documentOf(query);
    const operation = getOperationAST(document) ?? undefined;
    const trace: RequestTrace = { requestId: 'bench', databaseCommands: 0, started: process.hrtime.bigint() };
    // As the server: the collections count into the trace whether or not a line is written.
    const contextValue = await contextFor(undefined, trace.requestId, undefined, trace);
    const result = await execution.execute({ document, operation, operationName: undefined, variables, contextValue });
    if (tracing)
      logRequest(logger, config.slowRequestMs, {
        requestId: trace.requestId,
        operationName: operation?.name?.value ?? null,
        started: trace.started,
        databaseCommands: trace.databaseCommands,
        errorCodes: [],
      });
    return `${JSON.stringify({ data: result.data })}\n`;
  },
};

const rows: string[] = [];
for (const scenario of SCENARIOS.filter((s) => !s.mutation && (!values.only || s.name === values.only))) {
  const variables = scenario.variables(PAGE, fixtures);
  for (const layer of Object.values(LAYERS)) await loadInProcess(layer, scenario.query, variables, 1); // warm-up
  const cpu: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    const names = Object.keys(LAYERS);
    if (round % 2 === 1) names.reverse();
    for (const name of names) {
      const m = await loadInProcess(LAYERS[name], scenario.query, variables, seconds);
      cpu[name] = [...(cpu[name] ?? []), m.cpuMicros];
      console.error(
        `${scenario.name} / ${name} / round ${round + 1}: ${Math.round(m.cpuMicros)} µs CPU per request, ${Math.round(m.perSecond)}/s`,
      );
    }
  }
  const kilobytes: string[] = [];
  for (const [name, layer] of Object.entries(LAYERS)) {
    const sampled = await sampleAllocations(() => layer(scenario.query, variables), 1000, IN_FLIGHT);
    kilobytes.push(String(Math.round(sampled.bytesPerRequest / 1024)));
    for (const [where, bytes] of sampled.top.slice(0, Number(values.top)))
      console.error(`${scenario.name} / ${name} allocates ${(bytes / 1024).toFixed(1).padStart(6)} kB per request in ${where}`);
  }
  const mean = (name: string) => cpu[name].reduce((a, b) => a + b, 0) / cpu[name].length;
  const [f, g, a, d] = [mean('floor'), mean('graphql-js'), mean('Apollo Server'), mean('direct answer')];
  const share = (x: number) => `${Math.round((100 * f) / x)} %`;
  const over = (x: number, base: number) => `${Math.round(x)} (${x >= base ? '+' : '−'}${Math.round(Math.abs(x - base))})`;
  rows.push(
    `| ${scenario.name} | ${Math.round(f)} | ${over(g, f)} | ${over(a, g)} | ${over(d, g)} | ${share(g)} | ${share(a)} | ${share(d)} | ${kilobytes.join(' / ')} |`,
  );
}
await apollo.stop();
await client.close();
stopAll();

const lines = [
  '## `npm run bench:layers`',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} at ${measuredCommit()} on ${cpus().length} cores, node ${process.version}. Reproduce: \`npm run bench:layers -- --scale ${scale} --seconds ${seconds} --rounds ${rounds}${values.only ? ` --only "${values.only}"` : ''} --log-level ${logLevel}\`.`,
  `CPU microseconds per request in one process (garbage-collector threads included), ${IN_FLIGHT} requests in flight, against the embedded`,
  `database in another process on the synthetic data of scale ${scale}; means of ${rounds} alternating rounds of ${seconds} s. No HTTP: the`,
  'full bench adds it on top of the direct answer column, the path its POSTs take once the server has seen their query (Apollo Server',
  `answers the first). Apollo Server and the direct answer log at ${logLevel} (to /dev/null), as the default server does. The floor writes the`,
  'bytes it serialised for the first request. Allocation is sampled by V8 (freed objects included) over 1,000 requests. The machine was',
  'shared with other work.',
  '',
  '| scenario | floor µs | graphql-js µs (± over floor) | Apollo Server µs (± over graphql-js) | direct answer µs (± over graphql-js) | floor ÷ graphql-js | floor ÷ Apollo Server | floor ÷ direct answer | kB allocated per request (floor / graphql-js / Apollo / direct) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
];
writeSection('bench:layers', lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
