/**
 * `npm run fuzz -- [--count 100000] [--seed 1] [--concurrency 16]`: the fuzz test's generator, run
 * long against a production-mode server on the embedded database; prints the tallies. Exit code 1
 * if any input crashed the server, got a 5xx other than 503, or leaked internals.
 */
import { parseArgs } from 'node:util';
import { startApi } from '../tests/helpers/api-server.js';
import { runFuzz } from '../tests/helpers/http-fuzzer.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
  },
});
const count = Number(values.count);
const first = Number(values.seed);
const api = await startApi({ production: true, recordCommands: false });
const started = Date.now();
const tally = await runFuzz(
  api.url,
  Array.from({ length: count }, (_, i) => first + i),
  Number(values.concurrency),
);
const seconds = (Date.now() - started) / 1000;
const healthy = (await fetch(`${api.url}/healthz`)).status === 200;
await api.stop();
console.log(`fuzz: ${tally.total} inputs (seeds ${first}..${first + count - 1}) in ${seconds.toFixed(1)} s`);
console.log(`responses by status: ${JSON.stringify(tally.byStatus)}`);
console.log(`failures (5xx other than 503, leaks, dropped connections): ${tally.failures.length}`);
for (const failure of tally.failures.slice(0, 20)) console.log(`  seed ${failure.seed}: ${failure.problem}`);
console.log(`server healthy afterwards: ${healthy}`);
process.exit(tally.failures.length === 0 && healthy ? 0 : 1);
