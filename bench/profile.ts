/**
 * `npm run bench:profile -- [--scenario "article reader"] [--floor] [--database] [--scale 1] [--seconds 5]
 * [--functions pkg,…] [--phases N] [--node-flags "…"] [--log-level <level>]`: runs one scenario against newsgraph (or the floor) on the
 * synthetic data of `--scale`, with the database in its own process, profiles the server (or, with
 * `--database`, the embedded database) under `node --cpu-prof`, and prints throughput, CPU
 * milliseconds per request and where the CPU went, by layer (driver, GraphQL execution, Apollo's
 * pipeline, async hooks, logging, HTTP, our code, garbage collector) and by package. This is how the GraphQL layer's own
 * cost was measured against the floor's, and how the database's share of a scenario was found.
 * The server runs as `npm start` does: NODE_ENV=production and, unless `--log-level` says otherwise,
 * the default log level (one request log line per request).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { compiled, fixturesIn, KEY, serverEnv } from './harness.js';
import { SCENARIOS } from './scenarios.js';
import { SERVER_NODE_FLAGS, serverNodeFlags } from './server-flags.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'article reader' },
    floor: { type: 'boolean', default: false },
    /** Profile the embedded database process instead of the server. */
    database: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '5' },
    /** Also list the functions with the most self time inside these packages (comma-separated). */
    functions: { type: 'string', default: '' },
    'node-flags': { type: 'string' },
    /** The server's LOG_LEVEL; by default none is set, so it logs one line per request as `npm start` does. */
    'log-level': { type: 'string' },
    /** How many of the busiest functions to list. */
    top: { type: 'string', default: '30' },
    /** Keep the .cpuprofile (for Chrome DevTools) and print where it is. */
    keep: { type: 'boolean', default: false },
    /**
     * Also list where the event loop's work began: samples grouped by the outermost frames of their
     * stack (a driver callback, a DataLoader batch, the request handler), the N largest groups. Two
     * servers doing the same database work can be compared phase by phase this way.
     */
    phases: { type: 'string', default: '0' },
  },
});
const scenario = SCENARIOS.find((s) => s.name === values.scenario);
if (!scenario) throw new Error(`no scenario named "${values.scenario}"`);

function start(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const found = new Promise<string>((resolve, reject) => {
    let output = '';
    let isReady = false;
    // After it is ready, the server's request logs are drained from the pipe and dropped.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (isReady) return;
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        isReady = true;
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { child, found };
}

const profileDir = mkdtempSync(join(tmpdir(), 'newsgraph-profile-'));
const profiling = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
const database = start(
  [...SERVER_NODE_FLAGS, ...(values.database ? profiling : []), compiled('src/embedded-mongo/cli.ts'), '--port', '0'],
  {},
  /^(mongodb:\/\/\S+)$/m,
);
const uri = await database.found;
const client = await new MongoClient(uri).connect();
const scale = Number(values.scale);
const dbName = syntheticDatabaseName(scale);
await seedSynthetic(client.db(dbName), scale);
const script = compiled(values.floor ? 'bench/floor-server.ts' : 'src/index.ts');
const server = start(
  [...serverNodeFlags(values['node-flags']), ...(values.database ? [] : profiling), script],
  {
    ...serverEnv(uri, dbName),
    FLOOR_DATABASE: dbName,
    ...(values['log-level'] === undefined ? {} : { LOG_LEVEL: values['log-level'] }),
  },
  /ready at (http:\/\/[^/\s]+)/,
);
const url = await server.found;
// The mutation (createStatement) writes as the bench's editor key, citing a verbatim excerpt.
const headers = { 'content-type': 'application/json', ...(scenario.mutation ? { authorization: `Bearer ${KEY}` } : {}) };
const request = { url: `${url}/graphql`, method: 'POST' as const, headers, connections: 10 };
const body = JSON.stringify({ query: scenario.query, variables: scenario.variables(10, await fixturesIn(client, scale)) });
await autocannon({ ...request, body, duration: 2 }); // warm-up, outside the measured window
// V8 stamps profile samples with the monotonic clock in microseconds, the clock hrtime reads, so
// the measured window can be cut out of either process's profile exactly.
const windowStart = Number(process.hrtime.bigint() / 1000n);
const result = await autocannon({ ...request, body, duration: Number(values.seconds) });
const windowEnd = Number(process.hrtime.bigint() / 1000n);
server.child.kill('SIGTERM');
await new Promise((resolve) => server.child.once('exit', resolve));
await client.close();
// SIGTERM lets the database write its profile on the way out.
database.child.kill('SIGTERM');
await new Promise((resolve) => database.child.once('exit', resolve));

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(profileDir, file ?? ''), 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
if (values.keep) console.log(`profile kept in ${profileDir}`);
else rmSync(profileDir, { recursive: true, force: true });
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const packageOf = (n: ProfileNode) => {
  const { url: source, functionName } = n.callFrame;
  if (!source) return functionName || '(native)';
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(source);
  if (dependency) return dependency[1];
  if (source.includes('/src/') || source.includes('/bench/')) return 'project code';
  return source.startsWith('node:') ? 'node internals' : source;
};
/**
 * The layer a sample's function belongs to, for the breakdown a performance question starts from:
 * the database driver, GraphQL execution, Apollo's request pipeline, the AsyncLocalStorage request
 * context (Node's async hooks, which it switches on for every promise), logging, HTTP and streams,
 * newsgraph's own code, the garbage collector, and the socket system calls.
 */
function layerOf(n: ProfileNode): string {
  const name = packageOf(n);
  const { url: source, functionName } = n.callFrame;
  if (name === 'mongodb' || name === 'bson') return 'MongoDB driver and BSON';
  if (name === 'graphql' || name === 'graphql-jit' || name === '@graphql-tools/schema') return 'GraphQL execution (graphql-js)';
  if (name === 'dataloader') return 'DataLoader';
  if (name.startsWith('@apollo/') || name === 'negotiator' || name === 'whatwg-mimetype') return 'Apollo Server pipeline';
  if (name === 'pino' || name === 'sonic-boom' || functionName === 'writeString') return 'request logs (pino, stdout writes)';
  if (source.includes('async_hooks') || functionName === 'promiseInitHook') return 'async hooks (AsyncLocalStorage)';
  if (functionName === 'writeBuffer' || functionName === 'writev') return 'socket writes (system calls)';
  if (/^node:(_http|net|internal\/streams|internal\/http|stream|events|zlib|internal\/stream_base)/.test(source))
    return 'HTTP, sockets and streams (node)';
  if (name === 'project code') return 'newsgraph code (resolvers, loaders, server)';
  if (name === '(garbage collector)') return 'garbage collector';
  if (name === '(idle)') return 'idle';
  if (functionName === 'runMicrotasks' || source === 'node:internal/process/task_queues') return 'promise and tick queues';
  return 'other';
}

// Only the samples of the measured run count: the profile also covers start-up, seeding and warm-up.
const byLayer = new Map<string, number>();
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
const listed = new Set(values.functions.split(',').filter(Boolean));
const byPhase = new Map<string, number>();
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const frameName = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '')}:${n.callFrame.lineNumber}`;
/** The three outermost frames under the profile's root, outermost first. */
function phaseOf(node: ProfileNode): string {
  const stack: ProfileNode[] = [];
  for (let at: ProfileNode | undefined = node; at; at = nodes.get(parentOf.get(at.id) ?? -1)) stack.push(at);
  return stack.slice(-4, -1).reverse().map(frameName).join(' > ');
}
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at < windowStart || at > windowEnd) return;
  const node = nodes.get(id) as ProfileNode;
  const name = packageOf(node);
  byPackage.set(name, (byPackage.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const layer = layerOf(node);
  byLayer.set(layer, (byLayer.get(layer) ?? 0) + (profile.timeDeltas[i] ?? 0));
  if (Number(values.phases) > 0 && name !== '(idle)') {
    const phase = phaseOf(node);
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  if (listed.has(name)) {
    const where = `${name}: ${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '')}:${node.callFrame.lineNumber}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});
const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
const busy = total - (byPackage.get('(idle)') ?? 0);
console.log(
  `${values.floor ? 'floor' : 'newsgraph'} / ${scenario.name}${values.database ? ' (database process)' : ''} at scale ${scale}: ${Math.round(result.requests.average)} req/s, ${result.requests.total} requests`,
);
console.log(`CPU busy per request: ${(busy / 1000 / result.requests.total).toFixed(2)} ms`);
// Microseconds per request beside the share, so a function can be compared across two runs.
const perRequest = (micros: number) => `${(micros / result.requests.total).toFixed(1).padStart(6)} µs/request`;
console.log('By layer (self time):');
for (const [layer, micros] of [...byLayer].sort((a, b) => b[1] - a[1])) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${perRequest(micros)}  ${layer}`);
}
console.log('By package (self time):');
for (const [name, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${perRequest(micros)}  ${name}`);
}
for (const [where, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`${((100 * micros) / total).toFixed(2).padStart(6)} %  ${perRequest(micros)}  ${where}`);
}
if (byPhase.size > 0) console.log('By phase (outermost frames of the stack):');
for (const [phase, micros] of [...byPhase].sort((a, b) => b[1] - a[1]).slice(0, Number(values.phases))) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${perRequest(micros)}  ${phase}`);
}
process.exit(0);
