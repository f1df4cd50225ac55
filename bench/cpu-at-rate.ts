/**
 * `npm run bench:cpu -- [--scenario search] [--scales 1,100] [--rate 1000] [--seconds 6] [--rounds 3]
 * [--connections 10]`: the CPU milliseconds per request of newsgraph (as `npm start` runs it) and of
 * the embedded database, at each synthetic scale (all loaded in one database, as in `npm run bench`),
 * at a capped request rate, with the database's garbage collections in each round: its scavenges and
 * its mark-compacts, and the main-thread marking time each mark-compact reports.
 *
 * Why: at saturation p50 follows the CPU per request of every process on the machine, so a p50
 * that grows with scale is either more work per request or a collector pause landing in that round;
 * this tells the two apart. (At scale 100 the database holds 1.2 GB, and one mark-compact costs
 * 1–2 s of marking on its main thread.)
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { seedSynthetic, syntheticDatabaseName } from '../seed/synthetic.js';
import { compiled, cpuTimes, fixturesIn, KEY, PAGE, processCpuTimes, READY, serverEnv, start, stopAll } from './harness.js';
import { SCENARIOS } from './scenarios.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'search' },
    scales: { type: 'string', default: '1,100' },
    /** Requests per second autocannon sends at most (10 connections reach saturation below 1,000). */
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
  },
});
const scenario = SCENARIOS.find((s) => s.name === values.scenario);
if (!scenario) throw new Error(`no scenario named "${values.scenario}"`);
const scales = values.scales.split(',').map(Number);

// The database is started here rather than by the harness: its --trace-gc lines are read, not counted as logs.
const database = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--trace-gc', compiled('src/embedded-mongo/cli.ts'), '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let collections: string[] = [];
const uri = await new Promise<string>((resolve, reject) => {
  let output = '';
  database.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = output.split('\n');
    output = lines.pop() ?? '';
    for (const line of lines) {
      if (/Scavenge|Mark-Compact/.test(line)) collections.push(line);
      else if (/^mongodb:\/\/\S+$/.test(line.trim())) resolve(line.trim());
    }
  });
  database.once('exit', (code) => reject(new Error(`the database exited with ${code}`)));
});
const client = await new MongoClient(uri).connect();
for (const scale of scales) await seedSynthetic(client.db(syntheticDatabaseName(scale)), scale);
const servers = [];
for (const scale of scales) {
  const url = await start(['src/index.ts'], serverEnv(uri, syntheticDatabaseName(scale)), READY, SERVER_NODE_FLAGS);
  servers.push({ scale, url, fixtures: await fixturesIn(client, scale) });
}

/** CPU microseconds (user + system) of a process: a server by its URL, the database by its pid. */
const cpuOf = (times: { user: number; system: number } | undefined) => (times ? times.user + times.system : Number.NaN);

for (let round = 1; round <= Number(values.rounds); round++) {
  for (const { scale, url, fixtures } of servers) {
    const request = {
      url: `${url}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: scenario.query, variables: scenario.variables(PAGE, fixtures) }),
      connections: Number(values.connections),
      overallRate: Number(values.rate),
    };
    await autocannon({ ...request, duration: 1 });
    const api = cpuOf(cpuTimes(url));
    const db = cpuOf(processCpuTimes(database.pid ?? -1));
    collections = [];
    const result = await autocannon({ ...request, duration: Number(values.seconds) });
    const apiAfter = cpuOf(cpuTimes(url));
    const dbAfter = cpuOf(processCpuTimes(database.pid ?? -1));
    const n = result.requests.total;
    const perRequest = (before: number, after: number) => ((after - before) / 1000 / n).toFixed(2);
    const compactions = collections.filter((line) => line.includes('Mark-Compact'));
    const marking = compactions.map((line) => /\+ ([\d.]+) ms in \d+ steps/.exec(line)?.[1] ?? '0');
    console.log(
      `${scenario.name}, scale ${scale}, round ${round}: ${Math.round(n / Number(values.seconds))} req/s, p50 ${result.latency.p50} ms; ` +
        `CPU per request: newsgraph ${perRequest(api, apiAfter)} ms, database ${perRequest(db, dbAfter)} ms; database GC: ` +
        `${collections.length - compactions.length} scavenges, ${compactions.length} mark-compacts` +
        (marking.length > 0 ? ` (marking ${marking.join(', ')} ms)` : '') +
        (result.non2xx + result.errors > 0 ? `; ${result.non2xx + result.errors} failed` : ''),
    );
  }
}
await client.close();
stopAll();
database.kill();
