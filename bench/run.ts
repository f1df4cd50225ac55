/**
 * `npm run bench -- [--scales 1,10,100] [--seconds 5] [--rounds 3] [--connections 10] [--only <scenario>]
 *  [--log-level <pino level>] [--node-flags "…"] [--compare-node-flags "…"] [--compare-source]
 *  [--compare-env NAME=value] [--compare-build <checkout>] [--old-yardstick]`
 *
 * Side by side in one run, on one embedded database in its own process: newsgraph as `npm start`
 * runs it (compiled, NODE_ENV=production, the default log level — request logs on — unless
 * `--log-level` says otherwise), the floor (bench/floor-server.ts: the same MongoDB commands, then
 * the response bytes recorded for that request body, no GraphQL and no JSON built per request) and
 * newsgraph with batching disabled, in alternating rounds per scenario. Every response body is checked; a
 * scenario with any failed response is reported as failed, not as a number. Then database commands
 * per request at 1, 10 and 100 items, and the p50 of newsgraph and the floor at each synthetic scale
 * (all scales in the same alternating rounds). Results go to
 * bench/results/<date>.json and BENCHMARKS.md. `--compare-node-flags`, `--compare-source`,
 * `--compare-env` and `--compare-build` add a second newsgraph (and, for flags and source, a second
 * floor) to the same rounds and scales, to decide a setting or a change by measurement; each
 * comparison writes its own section.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { apiKey } from '../src/auth/api-keys.js';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import {
  alternate,
  cpuRatio,
  fixturesIn,
  KEY,
  type Measurement,
  measuredCommit,
  median,
  PAGE,
  post,
  READY,
  ratio,
  serverEnv,
  start,
  stopAll,
  WARM_UP_SECONDS,
  writeSection,
} from './harness.js';
import { SCENARIOS as ALL_SCENARIOS, type Fixtures } from './scenarios.js';
import { SERVER_NODE_FLAGS, serverNodeFlags } from './server-flags.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,10,100' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    /** The servers' LOG_LEVEL; by default none is set, so they log as `npm start` does (info: one line per request). */
    'log-level': { type: 'string' },
    /**
     * Also measures, in the same rounds, the yardstick before pre-built bytes: newsgraph with
     * LOG_LEVEL=silent against a floor that serialises every answer (FLOOR_SERIALISE_EACH=true).
     */
    'old-yardstick': { type: 'boolean', default: false },
    'node-flags': { type: 'string' },
    /** Also runs newsgraph and the floor with these flags, in the same alternating rounds. */
    'compare-node-flags': { type: 'string' },
    /** Also runs newsgraph and the floor from their TypeScript sources through tsx, as `npm run dev` does. */
    'compare-source': { type: 'boolean', default: false },
    /** Also runs newsgraph with these environment variables (comma-separated NAME=value), e.g. a bench-only switch. */
    'compare-env': { type: 'string' },
    /**
     * Also runs the newsgraph built in another checkout (its dist/, from `npm run build` there), e.g.
     * a worktree of main: a change against its base, in the same rounds rather than in two runs.
     */
    'compare-build': { type: 'string' },
  },
});
const scales = values.scales.split(',').map(Number);
/** The machine's 1-minute load average when the run starts; with the one at its end, it says how shared the machine was. */
const loadAtStart = loadavg()[0];
// `--only "article reader"` (or several, comma-separated) measures those scenarios, for quick before/after comparisons.
const only = values.only?.split(',').map((name) => name.trim());
const SCENARIOS = only ? ALL_SCENARIOS.filter((s) => only.includes(s.name)) : ALL_SCENARIOS;
if (SCENARIOS.length === 0) throw new Error(`no scenario named ${values.only}; there are ${ALL_SCENARIOS.map((s) => s.name).join(', ')}`);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const nodeFlags = serverNodeFlags(values['node-flags']);
const startServer = (args: string[], env: Record<string, string>, ready: RegExp, flags: string[] = nodeFlags, fromSource = false) =>
  start(args, env, ready, flags, fromSource);

// The database runs as `npm run db` does (its default flags, not `--node-flags`): the same for every variant.
const dbUri = await startServer(['src/embedded-mongo/cli.ts', '--port', '0'], {}, /^(mongodb:\/\/\S+)$/m, SERVER_NODE_FLAGS);
const client = await new MongoClient(dbUri, { monitorCommands: true }).connect();
async function seed(scale: number): Promise<void> {
  const started = Date.now();
  const counts = await seedSynthetic(client.db(syntheticDatabaseName(scale)), scale);
  console.error(`seeded scale ${scale} (${JSON.stringify(counts)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
// Only the first scale is loaded for the side-by-side rounds: the larger ones would grow the
// database's heap a hundredfold, and its longer collector pauses would land on whichever variant
// happened to be measured (one round at 55 %, the next at 76 %).
await seed(scales[0]);
const fixturesFor = (scale: number) => fixturesIn(client, scale);
const logLevel = values['log-level'];
const apiEnv = (database: string, extra: Record<string, string> = {}) => serverEnv(dbUri, database, extra, logLevel);
const FLOOR_READY = /floor ready at (http:\/\/\S+)/;

// 1. Side by side at the first scale.
const baseScale = scales[0];
const baseDb = syntheticDatabaseName(baseScale);
const fixtures = await fixturesFor(baseScale);
const variants: Record<string, string> = {
  newsgraph: await startServer(['src/index.ts'], apiEnv(baseDb), READY),
  floor: await startServer(['bench/floor-server.ts'], { MONGODB_URI: dbUri, FLOOR_DATABASE: baseDb }, FLOOR_READY),
  'no batching': await startServer(['src/index.ts'], apiEnv(baseDb, { NEWSGRAPH_BENCH_NO_BATCHING: 'true' }), READY),
};
const OLD_NEWSGRAPH = 'newsgraph, LOG_LEVEL=silent';
const OLD_FLOOR = 'floor, serialising each answer';
const oldYardstick = values['old-yardstick'];
if (oldYardstick) {
  variants[OLD_NEWSGRAPH] = await startServer(['src/index.ts'], serverEnv(dbUri, baseDb, {}, 'silent'), READY);
  variants[OLD_FLOOR] = await startServer(
    ['bench/floor-server.ts'],
    { MONGODB_URI: dbUri, FLOOR_DATABASE: baseDb, FLOOR_SERIALISE_EACH: 'true' },
    FLOOR_READY,
  );
}
const compareFlags = values['compare-node-flags'];
const compareSource = values['compare-source'];
const compareEnv = values['compare-env'];
const comparedEnv: Record<string, string> = Object.fromEntries(
  (compareEnv ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=', 2) as [string, string]),
);
const compareBuild = values['compare-build'];
/** The other build's commit, for the report. */
const comparedBuild =
  compareBuild === undefined ? undefined : execSync('git rev-parse --short HEAD', { cwd: compareBuild, encoding: 'utf8' }).trim();
const COMPARED = 'newsgraph, compared env';
/** The compared newsgraph on `database`: this build with other variables, or another checkout's build. */
const startCompared = (database: string) =>
  compareBuild === undefined
    ? startServer(['src/index.ts'], apiEnv(database, comparedEnv), READY)
    : startServer([resolve(compareBuild, 'dist/src/index.js')], apiEnv(database), READY);
const comparing = compareEnv !== undefined || compareBuild !== undefined;
const comparedLabel = compareBuild === undefined ? `\`${compareEnv}\`` : `the build of ${compareBuild} (commit ${comparedBuild})`;
if (comparing) variants[COMPARED] = await startCompared(baseDb);
// A second newsgraph and a second floor, both with other Node flags or both run from source.
const pairLabel =
  compareFlags !== undefined
    ? `Node flags \`${nodeFlags.join(' ') || '(none)'}\` against \`${compareFlags || '(none)'}\``
    : compareSource
      ? 'compiled (`npm start`) against TypeScript through tsx (`npm run dev`)'
      : undefined;
if (pairLabel !== undefined) {
  const flags = compareFlags === undefined ? nodeFlags : serverNodeFlags(compareFlags);
  variants['newsgraph, compared'] = await startServer(['src/index.ts'], apiEnv(baseDb), READY, flags, compareSource);
  variants['floor, compared'] = await startServer(
    ['bench/floor-server.ts'],
    { MONGODB_URI: dbUri, FLOOR_DATABASE: baseDb },
    FLOOR_READY,
    flags,
    compareSource,
  );
}

const sideBySide: Record<string, Record<string, Measurement & { identical?: boolean }>> = {};
for (const scenario of SCENARIOS) {
  // The floor records its answer to this body now; every floor (and the compared newsgraphs) must
  // answer byte for byte as newsgraph does.
  const bodies = Object.fromEntries(
    await Promise.all(Object.entries(variants).map(async ([variant, url]) => [variant, await post(url, scenario, PAGE, fixtures)])),
  );
  const floors = Object.keys(variants).filter((variant) => variant.startsWith('floor'));
  const identical = scenario.mutation ? undefined : floors.every((floor) => bodies[floor] === bodies.newsgraph);
  if (identical === false)
    console.error(
      `${scenario.name}: a floor body differs from newsgraph's\n${floors.map((f) => bodies[f].slice(0, 400)).join('\n')}\n${bodies.newsgraph.slice(0, 400)}`,
    );
  const measured = await alternate(variants, scenario, fixtures, { rounds, seconds, connections });
  sideBySide[scenario.name] = Object.fromEntries(
    Object.entries(measured).map(([variant, m]) => [variant, { ...m, ...(variant === 'floor' ? { identical } : {}) }]),
  );
}

// 2. Database commands per request at 1, 10 and 100 items, counted in-process with command monitoring.
const commandCounts: Record<string, Record<string, number[]>> = {};
for (const batching of [true, false]) {
  const config = {
    ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }),
    databaseName: baseDb,
    batching,
    apiKeys: [apiKey('bench', 'editor', KEY)],
  };
  const server = createServer({ config, client });
  await server.start();
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const address = server.http.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let commands = 0;
  const count = () => commands++;
  client.on('commandStarted', count);
  for (const scenario of SCENARIOS) {
    const row: number[] = [];
    for (const size of [1, 10, 100]) {
      commands = 0;
      const body = await post(url, scenario, size, fixtures);
      row.push(scenario.check(body) ? commands : Number.NaN);
    }
    commandCounts[scenario.name] = { ...commandCounts[scenario.name], [batching ? 'newsgraph' : 'no batching']: row };
  }
  client.off('commandStarted', count);
  await server.stop();
}

// 3. p50 at every scale, newsgraph's and the floor's, measured in the same alternating rounds so
// that the machine's drift falls on every scale alike (one run per scale had moved a ratio by 1.5×).
const scaling: Record<string, Record<number, Measurement>> = {};
const floorScaling: Record<string, Record<number, Measurement>> = {};
const comparedScaling: Record<string, Record<number, Measurement>> = {};
for (const scale of scales.slice(1)) await seed(scale);
const atScale: Record<string, string> = {};
const fixturesAtScale: Record<string, Fixtures> = {};
const label = (kind: 'newsgraph' | 'floor' | 'compared', scale: number) => `${kind}, scale ${scale}`;
for (const scale of scales) {
  const database = syntheticDatabaseName(scale);
  const base = scale === baseScale;
  atScale[label('newsgraph', scale)] = base ? variants.newsgraph : await startServer(['src/index.ts'], apiEnv(database), READY);
  atScale[label('floor', scale)] = base
    ? variants.floor
    : await startServer(['bench/floor-server.ts'], { MONGODB_URI: dbUri, FLOOR_DATABASE: database }, FLOOR_READY);
  if (comparing) atScale[label('compared', scale)] = base ? variants[COMPARED] : await startCompared(database);
  const scaleFixtures = await fixturesFor(scale);
  for (const kind of ['newsgraph', 'floor', 'compared'] as const) fixturesAtScale[label(kind, scale)] = scaleFixtures;
}
for (const scenario of SCENARIOS) {
  for (const scale of scales) {
    // Each floor records its answer at its scale now, checked against newsgraph's at that scale.
    const [ours, floor] = await Promise.all(
      (['newsgraph', 'floor'] as const).map((kind) =>
        post(atScale[label(kind, scale)], scenario, PAGE, fixturesAtScale[label(kind, scale)]),
      ),
    );
    if (!scenario.mutation && ours !== floor) console.error(`${scenario.name}, scale ${scale}: the floor's body differs from newsgraph's`);
  }
  const measured = await alternate(atScale, scenario, fixtures, { rounds, seconds, connections }, fixturesAtScale);
  for (const scale of scales) {
    scaling[scenario.name] = { ...scaling[scenario.name], [scale]: measured[label('newsgraph', scale)] };
    floorScaling[scenario.name] = { ...floorScaling[scenario.name], [scale]: measured[label('floor', scale)] };
    if (comparing) comparedScaling[scenario.name] = { ...comparedScaling[scenario.name], [scale]: measured[label('compared', scale)] };
  }
}
await client.close();
stopAll();

// 4. Report.
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
const results = {
  date,
  machine,
  settings: { scales, seconds, rounds, connections, page: PAGE, nodeFlags },
  sideBySide,
  commandCounts,
  scaling,
  floorScaling,
  ...(compareEnv === undefined ? {} : { comparedEnv }),
  ...(compareBuild === undefined ? {} : { comparedBuild: { checkout: compareBuild, commit: comparedBuild } }),
  ...(comparing ? { comparedScaling } : {}),
};
// A comparison has its own section and results file; a full run owns the main ones.
const comparison = oldYardstick
  ? 'old-yardstick'
  : compareFlags !== undefined
    ? 'node-flags'
    : compareSource
      ? 'source'
      : compareEnv !== undefined
        ? `env-${Object.keys(comparedEnv).join('-').toLowerCase()}`
        : compareBuild !== undefined
          ? 'build'
          : undefined;
mkdirSync('bench/results', { recursive: true });
const resultsFile = `bench/results/${date}${comparison === undefined ? '' : `-${comparison}`}.json`;
if (comparison !== undefined || !values.only) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);

/** The last scale's p50 over the first's: the median of the rounds' ratios, and their range. */
function growth(byScale: Record<number, Measurement>): string {
  const first = byScale[scales[0]]?.p50Rounds ?? [];
  const last = byScale[scales[scales.length - 1]]?.p50Rounds ?? [];
  const ratios = first.map((p50, round) => (p50 > 0 ? last[round] / p50 : Number.NaN)).filter(Number.isFinite);
  if (ratios.length === 0) return '—';
  return `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}

/**
 * p50 by scale, one row per scenario, with the last scale's p50 over the first's; with `floor`,
 * the floor's p50 by scale beside it, so growth that is the database's own work shows on both sides.
 */
function p50Table(byScenario: Record<string, Record<number, Measurement>>, floor?: Record<string, Record<number, Measurement>>): string[] {
  const p50 = (m: Measurement | undefined) => (m?.failed ? 'FAILED' : String(m?.p50));
  const ratio = `${scales[scales.length - 1]} ÷ ${scales[0]} (rounds)`;
  return [
    `| scenario | ${scales.map((s) => `scale ${s}`).join(' | ')} | ${ratio} |${floor ? ` floor ${scales.map((s) => `scale ${s}`).join(' / ')} | floor ${ratio} |` : ''}`,
    `|---|${scales.map(() => '---:').join('|')}|---:|${floor ? '---:|---:|' : ''}`,
    ...Object.entries(byScenario).map(([name, byScale]) => {
      const floorCells = floor?.[name] ? ` ${scales.map((s) => p50(floor[name][s])).join(' / ')} | ${growth(floor[name])} |` : '';
      return `| ${name} | ${scales.map((s) => p50(byScale[s])).join(' | ')} | ${growth(byScale)} |${floorCells}`;
    }),
  ];
}
const fmt = (m: Measurement | undefined) => (m ? (m.failed > 0 ? 'FAILED' : `${Math.round(m.requestsPerSecond)}`) : '—');
const lines = [
  `## \`npm run bench\`${compareFlags !== undefined ? ': choosing the Node flags' : compareSource ? ': compiled or through tsx' : oldYardstick ? ': the old yardstick and the new' : comparing ? `: newsgraph against ${compareBuild === undefined ? 'newsgraph with ' : ''}${comparedLabel}` : ''}`,
  '',
  `Measured ${date} at ${measuredCommit()} on ${machine}. Reproduce: \`npm run bench -- --scales ${scales.join(',')} --seconds ${seconds} --rounds ${rounds} --connections ${connections}${values['node-flags'] === undefined ? '' : ` --node-flags "${values['node-flags']}"`}${compareFlags === undefined ? '' : ` --compare-node-flags "${compareFlags}"`}${compareSource ? ' --compare-source' : ''}${compareEnv === undefined ? '' : ` --compare-env ${compareEnv}`}${compareBuild === undefined ? '' : ` --compare-build ${compareBuild}`}${values.only ? ` --only "${values.only}"` : ''}${logLevel === undefined ? '' : ` --log-level ${logLevel}`}${oldYardstick ? ' --old-yardstick' : ''}\``,
  `(results also in \`${resultsFile}\`). One embedded database in its own process; newsgraph, the floor and`,
  'newsgraph without batching each in their own process; autocannon in the runner; all on the same machine (2 cores),',
  `so absolute numbers include contention. Page size ${PAGE}, ${connections} connections, ${rounds} alternating rounds of ${seconds} s`,
  `after an unmeasured ${WARM_UP_SECONDS} s warm-up of each variant. Every server (newsgraph and the floor) runs with the Node`,
  `flags \`${nodeFlags.join(' ') || '(none)'}\`${values['node-flags'] === undefined ? ', as `npm start` does' : ''}, compiled, as \`npm start\` runs them, with NODE_ENV=production and`,
  `${logLevel === undefined ? 'the default log level (info: one request log line per request, read from a pipe by the runner)' : `LOG_LEVEL=${logLevel}`}. The floor sends the same`,
  'MongoDB commands as newsgraph and then writes the response bytes it recorded for that request body (checked identical to',
  "newsgraph's first). Ratios are means over the rounds; the range in brackets is the lowest and highest ratio of a single round.",
  "Server CPU is each server process's user + system time (/proc) per answered request over the same rounds: it moves less",
  "than throughput when the machine's speed drifts. The machine was shared with other work while this ran: its 1-minute",
  `load average was ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores${Math.max(loadAtStart, loadavg()[0]) > 2 * cpus().length ? ' — saturated; these figures are unreliable' : ''}.`,
  '',
  `### Side by side (scale ${baseScale})`,
  '',
  '| scenario | newsgraph req/s | floor req/s | newsgraph ÷ floor (range over rounds) | server CPU µs per request, newsgraph / floor (floor ÷ newsgraph) | no batching req/s | newsgraph p50 / p99 ms | floor p50 / p99 ms | floor body identical | newsgraph log bytes per request |',
  '|---|---:|---:|---:|---:|---:|---:|---:|:---:|---:|',
  ...Object.entries(sideBySide).map(([name, v]) => {
    const share = v.newsgraph.failed || v.floor.failed ? '—' : ratio(v.newsgraph, v.floor);
    const identical = v.floor.identical === undefined ? 'n/a (new ids)' : v.floor.identical ? 'yes' : 'NO';
    return `| ${name} | ${fmt(v.newsgraph)} | ${fmt(v.floor)} | ${share} | ${cpuRatio(v.newsgraph, v.floor)} | ${fmt(v['no batching'])} | ${v.newsgraph.p50} / ${v.newsgraph.p99} | ${v.floor.p50} / ${v.floor.p99} | ${identical} | ${Math.round(v.newsgraph.logBytesPerRequest ?? 0)} |`;
  }),
  ...(!oldYardstick
    ? []
    : [
        '',
        '#### The old yardstick and the new, same rounds',
        '',
        `Old: newsgraph with LOG_LEVEL=silent against a floor that builds and serialises every answer. New: newsgraph as \`npm start\` runs it against the floor that writes recorded bytes.`,
        '',
        '| scenario | old: silent newsgraph ÷ serialising floor | new: newsgraph ÷ pre-built-bytes floor | silent newsgraph ÷ pre-built-bytes floor | server CPU µs per request: newsgraph / silent newsgraph / floor / serialising floor |',
        '|---|---:|---:|---:|---:|',
        ...Object.entries(sideBySide).map(([name, v]) => {
          const cpu = [v.newsgraph, v[OLD_NEWSGRAPH], v.floor, v[OLD_FLOOR]]
            .map((m) => Math.round(m.cpuPerRequest ?? Number.NaN))
            .join(' / ');
          return `| ${name} | ${ratio(v[OLD_NEWSGRAPH], v[OLD_FLOOR])} | ${ratio(v.newsgraph, v.floor)} | ${ratio(v[OLD_NEWSGRAPH], v.floor)} | ${cpu} |`;
        }),
      ]),
  ...(pairLabel === undefined
    ? []
    : [
        '',
        `#### ${pairLabel}, same rounds`,
        '',
        '| scenario | newsgraph req/s | floor req/s | newsgraph ÷ floor | newsgraph req/s, compared | floor req/s, compared | newsgraph ÷ floor, compared |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...Object.entries(sideBySide).map(([name, v]) => {
          const [ng, fl] = [v['newsgraph, compared'], v['floor, compared']];
          return `| ${name} | ${fmt(v.newsgraph)} | ${fmt(v.floor)} | ${ratio(v.newsgraph, v.floor)} | ${fmt(ng)} | ${fmt(fl)} | ${ratio(ng, fl)} |`;
        }),
      ]),
  ...(!comparing
    ? []
    : [
        '',
        `#### newsgraph against ${compareBuild === undefined ? 'newsgraph with ' : ''}${comparedLabel}, same rounds`,
        '',
        '| scenario | newsgraph req/s | newsgraph p50 ms | compared req/s | compared p50 ms | compared ÷ newsgraph | server CPU µs per request, compared / newsgraph (newsgraph ÷ compared) |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...Object.entries(sideBySide).map(([name, v]) => {
          const compared = v[COMPARED];
          const share = `${Math.round((100 * compared.requestsPerSecond) / v.newsgraph.requestsPerSecond)} %`;
          return `| ${name} | ${fmt(v.newsgraph)} | ${v.newsgraph.p50} | ${fmt(compared)} | ${compared.p50} | ${share} | ${cpuRatio(compared, v.newsgraph)} |`;
        }),
      ]),
  '',
  '### Database commands per request at 1, 10 and 100 items',
  '',
  '| scenario | newsgraph (1 / 10 / 100) | no batching (1 / 10 / 100) |',
  '|---|---:|---:|',
  ...Object.entries(commandCounts).map(([name, v]) => `| ${name} | ${v.newsgraph.join(' / ')} | ${v['no batching'].join(' / ')} |`),
  '',
  `### p50 (ms) by scale (scale N = N × 100 articles, 1,000 statements, 300 people, 20 exchanges)`,
  '',
  `newsgraph and the floor at every scale, all in the same ${rounds} alternating rounds of ${seconds} s (all scales loaded in the`,
  "one database). The p50 is the median over the rounds; the growth is the median of the rounds' own ratios, with their range.",
  '',
  ...p50Table(scaling, floorScaling),
  ...(!comparing
    ? []
    : [
        '',
        `#### ${compareBuild === undefined ? 'newsgraph with ' : ''}${comparedLabel}: p50 (ms) by scale`,
        '',
        ...p50Table(comparedScaling),
      ]),
  '',
];
if (comparison !== undefined) writeSection(`bench:${comparison}`, lines.join('\n'));
else if (!values.only) writeSection('bench:run', lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
