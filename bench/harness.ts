/**
 * What the benchmark scripts share: servers as child processes, requests checked by their
 * scenario, autocannon runs with every body checked, and the BENCHMARKS.md section each script owns.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { MongoClient } from 'mongodb';
import { syntheticDatabaseName } from '../seed/synthetic.js';
import type { Fixtures, Scenario } from './scenarios.js';

export const KEY = 'bench-editor-key-0123456789';
export const PAGE = 10;
/**
 * Unmeasured load on each variant before a scenario's rounds. Two seconds left newsgraph, the first
 * scenario's server and the one with the most code for V8 to optimize, still warming up: its first
 * article-reader round was its slowest in both full runs at 59dfd73 (582 and 596 req/s, later rounds
 * ~700) while the floor's was not far off its later rounds.
 */
export const WARM_UP_SECONDS = 5;

/** What a newsgraph server prints once it listens; group 1 is its base URL. */
export const READY = /ready at (http:\/\/\S+)\/graphql/;

/**
 * The environment of a newsgraph server under test: as `NODE_ENV=production npm start` runs it —
 * the default log level (request logs on) unless `logLevel` is given — on the bench's database,
 * with the bench key.
 */
export const serverEnv = (
  uri: string,
  database: string,
  extra: Record<string, string> = {},
  logLevel?: string,
): Record<string, string> => ({
  MONGODB_URI: uri,
  NEWSGRAPH_DATABASE: database,
  NEWSGRAPH_SEED: 'false',
  NODE_ENV: 'production',
  PORT: '0',
  NEWSGRAPH_API_KEYS: `bench:editor:${KEY}`,
  ...(logLevel === undefined ? {} : { LOG_LEVEL: logLevel }),
  ...extra,
});

/** Values the scenarios need from a synthetic database (a verbatim excerpt for the mutation). */
export async function fixturesIn(client: MongoClient, scale: number): Promise<Fixtures> {
  const article = await client.db(syntheticDatabaseName(scale)).collection('articles').findOne({ slug: 'synthetic-article-99' });
  return { excerpt: String(article?.paragraphs[0].text).split(' ').slice(1, 4).join(' ') };
}

const children: ChildProcess[] = [];
export const stopAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', stopAll);

/**
 * The compiled form of a project script (`npm run build`, which the bench scripts run first):
 * servers are measured as `npm start` runs them, as plain JavaScript.
 */
export function compiled(script: string): string {
  // A script already compiled elsewhere (another checkout's dist/, for --compare-build) runs as given.
  const built = script.endsWith('.js') ? script : `dist/${script.replace(/\.ts$/, '.js')}`;
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  return built;
}

/**
 * Starts `node [flags] <compiled script> <args>` (or, `fromSource`, the TypeScript through tsx) and
 * resolves with the first group of `ready` in its output.
 */
export function start(args: string[], env: Record<string, string>, ready: RegExp, flags: string[], fromSource = false): Promise<string> {
  const [script, ...rest] = args;
  const child = spawn(process.execPath, [...flags, ...(fromSource ? ['--import', 'tsx', script] : [compiled(script)]), ...rest], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  let url: string | undefined;
  return new Promise((resolve, reject) => {
    // Once ready, the server's output (its request logs, when on) is read and counted, not kept: a
    // pipe that a log collector drains is where `npm start`'s logs go in production.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (url !== undefined) {
        logBytes.set(url, (logBytes.get(url) ?? 0) + chunk.length);
        return;
      }
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        url = match[1];
        if (child.pid !== undefined) pids.set(url, child.pid);
        resolve(url);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
}

export async function post(url: string, scenario: Scenario, size: number, fixtures: Fixtures): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables(size, fixtures) }),
  });
  return response.text();
}

/** The process behind each URL `start` resolved with, for its CPU time. */
const pids = new Map<string, number>();
/** Bytes each server has written to its standard output since it was ready (its request logs). */
const logBytes = new Map<string, number>();

/** Clock ticks per second of /proc's CPU times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU microseconds the process behind `url` has used so far in user and in system (kernel) mode,
 * from /proc; undefined where there is no /proc (not Linux) or the URL is not a child of ours.
 */
export function cpuTimes(url: string): { user: number; system: number } | undefined {
  const pid = pids.get(url);
  return pid === undefined ? undefined : processCpuTimes(pid);
}

/** CPU microseconds process `pid` has used so far in user and in system mode; see cpuTimes. */
export function processCpuTimes(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(fields[11]) * 1e6) / TICKS_PER_SECOND, system: (Number(fields[12]) * 1e6) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** CPU microseconds (user + system) the process behind `url` has used so far; see cpuTimes. */
function cpuMicros(url: string): number | undefined {
  const times = cpuTimes(url);
  return times === undefined ? undefined : times.user + times.system;
}

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  /**
   * The server process's CPU microseconds per answered request. Unlike throughput it barely moves
   * when the machine's speed drifts or another process takes a core, so it separates a few per
   * cent of difference that throughput's rounds cannot.
   */
  cpuPerRequest?: number;
  /** Requests answered (for weighting `cpuPerRequest` over rounds). */
  requests?: number;
  /** Requests per second in each round, in round order (when measured in alternating rounds). */
  rounds?: number[];
  /** The p50 of each round, in round order (when measured in alternating rounds). */
  p50Rounds?: number[];
  /** Bytes the server wrote to standard output per request (its request log line, when logs are on). */
  logBytesPerRequest?: number;
}

/**
 * newsgraph ÷ floor as a mean over rounds, with the range of the per-round ratios: each round
 * measures the two next to each other, so the range shows how much the machine moved under them.
 */
export function ratio(a: Measurement, b: Measurement): string {
  const mean = `${Math.round((100 * a.requestsPerSecond) / b.requestsPerSecond)} %`;
  const perRound = (a.rounds ?? []).map((r, i) => (100 * r) / (b.rounds?.[i] ?? Number.NaN)).filter(Number.isFinite);
  if (perRound.length < 2) return mean;
  return `${mean} (${Math.round(Math.min(...perRound))}–${Math.round(Math.max(...perRound))})`;
}

/** floor ÷ newsgraph in server CPU per request (higher is better for newsgraph), or n/a. */
export function cpuRatio(a: Measurement, b: Measurement): string {
  if (a.cpuPerRequest === undefined || b.cpuPerRequest === undefined) return 'n/a';
  return `${Math.round(a.cpuPerRequest)} / ${Math.round(b.cpuPerRequest)} (${Math.round((100 * b.cpuPerRequest) / a.cpuPerRequest)} %)`;
}

export async function load(
  url: string,
  scenario: Scenario,
  fixtures: Fixtures,
  duration: number,
  connections: number,
): Promise<Measurement> {
  let failed = 0;
  const cpuBefore = cpuMicros(url);
  const logBefore = logBytes.get(url) ?? 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables(PAGE, fixtures) }),
    duration,
    connections,
    timeout: 30,
    setupClient: (client) => {
      client.on('body', (body: Buffer) => {
        if (scenario.check(body.toString())) return;
        // The first failing body of a run is shown, so a failure can be told from a slow answer.
        if (failed === 0) console.error(`${scenario.name}: a failing response: ${body.toString().slice(0, 500)}`);
        failed++;
      });
    },
  });
  const cpuAfter = cpuMicros(url);
  failed += result.errors + result.non2xx;
  // A round in which nothing was answered measured nothing: it is a failure, not 0 requests per second.
  if (result.requests.total === 0) {
    failed++;
    console.error(`${scenario.name}: no request was answered within ${duration} s`);
  }
  if (result.errors + result.non2xx > 0)
    console.error(`${scenario.name}: ${result.errors} request errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx responses`);
  await settle(url, scenario, fixtures);
  const requests = result.requests.total;
  // Read after settling, when the last requests' lines have arrived; the settling request adds one.
  const logged = (logBytes.get(url) ?? 0) - logBefore;
  return {
    logBytesPerRequest: requests > 0 ? logged / (requests + 1) : 0,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed,
    requests,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && requests > 0 ? { cpuPerRequest: (cpuAfter - cpuBefore) / requests } : {}),
  };
}

/**
 * Waits until the server has worked off requests still queued from the last run (autocannon stops
 * sending, not the server processing), so that one measurement never leaks into the next.
 */
async function settle(url: string, scenario: Scenario, fixtures: Fixtures): Promise<void> {
  await post(url, scenario, PAGE, fixtures);
  await new Promise((resolve) => setTimeout(resolve, 500));
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The mean of alternating rounds, median latencies, summed failures. */
function combine(ms: Measurement[]): Measurement {
  const timed = ms.filter((m) => m.cpuPerRequest !== undefined && m.requests);
  const requests = timed.reduce((sum, m) => sum + (m.requests ?? 0), 0);
  const cpu = timed.reduce((sum, m) => sum + (m.cpuPerRequest ?? 0) * (m.requests ?? 0), 0);
  return {
    ...(timed.length === ms.length && requests > 0 ? { cpuPerRequest: cpu / requests, requests } : {}),
    requestsPerSecond: ms.reduce((sum, m) => sum + m.requestsPerSecond, 0) / ms.length,
    p50: median(ms.map((m) => m.p50)),
    p99: median(ms.map((m) => m.p99)),
    failed: ms.reduce((sum, m) => sum + m.failed, 0),
    rounds: ms.map((m) => Math.round(m.requestsPerSecond)),
    p50Rounds: ms.map((m) => m.p50),
    logBytesPerRequest: ms.reduce((sum, m) => sum + (m.logBytesPerRequest ?? 0), 0) / ms.length,
  };
}

/**
 * Measures each variant (name → base URL) on one scenario in alternating rounds — the order
 * reversed every other round — after an unmeasured warm-up of each, so JIT warm-up and drifts in
 * the machine's speed fall on every variant alike.
 */
export async function alternate(
  variants: Record<string, string>,
  scenario: Scenario,
  fixtures: Fixtures,
  { rounds, seconds, connections }: { rounds: number; seconds: number; connections: number },
  /** Fixtures of variants whose data differs (another synthetic scale); the others use `fixtures`. */
  fixturesOf: Record<string, Fixtures> = {},
): Promise<Record<string, Measurement>> {
  const measure = (variant: string, duration: number) =>
    load(variants[variant], scenario, fixturesOf[variant] ?? fixtures, duration, connections);
  for (const variant of Object.keys(variants)) await measure(variant, WARM_UP_SECONDS);
  const perVariant: Record<string, Measurement[]> = {};
  for (let round = 0; round < rounds; round++) {
    const order = Object.keys(variants);
    if (round % 2 === 1) order.reverse();
    for (const variant of order) {
      const m = await measure(variant, seconds);
      perVariant[variant] = [...(perVariant[variant] ?? []), m];
      console.error(
        `${scenario.name} / ${variant} / round ${round + 1}: ${Math.round(m.requestsPerSecond)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, failed ${m.failed}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(perVariant).map(([variant, ms]) => [variant, combine(ms)]));
}

/**
 * The commit a measurement ran at, as BENCHMARKS.md quotes it ("commit abc1234", plus a warning when
 * the code that runs differs from it; documentation and the benchmark's own outputs do not count).
 */
export function measuredCommit(): string {
  try {
    const code = "src bench seed schema.graphql package.json package-lock.json tsconfig.json ':!bench/results'";
    // The last commit that changed the measured code: commits of documentation or results alone do not count.
    const commit = execSync(`git log -1 --format=%h -- ${code}`, { encoding: 'utf8' }).trim();
    const dirty = execSync(`git status --porcelain -- ${code}`, { encoding: 'utf8' }).trim();
    return dirty ? `commit ${commit} with uncommitted changes` : `commit ${commit}`;
  } catch {
    return 'an unknown commit';
  }
}

/** Replaces the part of BENCHMARKS.md between this section's markers (or appends it). */
export function writeSection(name: string, markdown: string): void {
  const file = 'BENCHMARKS.md';
  const [open, close] = [`<!-- ${name} -->`, `<!-- /${name} -->`];
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = current.indexOf(open);
  const end = current.indexOf(close);
  const next =
    at >= 0 && end > at ? current.slice(0, at) + block + current.slice(end + close.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
