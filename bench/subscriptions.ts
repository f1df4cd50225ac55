/**
 * `npm run bench:subscriptions -- [--subscribers 1000] [--rate 10] [--seconds 10]`
 *
 * Live-event delivery at a fixed write rate, measured from outside: an embedded database and the
 * API (compiled, as `npm start` runs it) in their own processes; this process holds the graphql-ws
 * subscribers (one connection each) and the writer. Each event is a statement inserted straight into
 * MongoDB (majority, journaled); its latency is from the insert's acknowledgement to each
 * subscriber's receipt. Then the same with the subscribers split over two API processes on the one
 * database. Prints the table and writes it to BENCHMARKS.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Client, createClient } from 'graphql-ws';
import { ObjectId } from 'mongodb';
import WebSocket from 'ws';
import { compiled, measuredCommit, READY, serverEnv, stopAll, writeSection } from './harness.js';
import { seededDatabase } from './seeded-database.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const RATE = Number(values.rate);
const EVENTS = RATE * Number(values.seconds);
const DATABASE = 'bench_subscriptions';
const SELECTION = 'subscription { statementAdded { id text speaker { name } } }';

const { uri: dbUri, mongo, statements } = await seededDatabase(DATABASE);
const template = await statements.findOne({});
if (!template) throw new Error('the seed has no statement');

/** Resident memory of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

interface Api {
  child: ChildProcess;
  url: string;
}

function startApi(): Promise<Api> {
  const child = spawn(process.execPath, [compiled('src/index.ts')], {
    env: { ...process.env, ...serverEnv(dbUri, DATABASE, { SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: '1000000' }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`the API exited with ${code}: ${output}`)));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Subscriber {
  client: Client;
  /** Receipt time of each event, by its index. */
  received: Map<number, number>;
  probed: boolean;
}

function subscribeAt(url: string): Subscriber {
  // On a loaded machine a connection may miss the 3 s init deadline (4408): it retries and resubscribes.
  const client = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 20, lazy: false });
  const subscriber: Subscriber = { client, received: new Map(), probed: false };
  client.subscribe<{ statementAdded: { text: string } }>(
    { query: SELECTION },
    {
      next: (result) => {
        const text = result.data?.statementAdded.text ?? '';
        if (text.startsWith('probe')) subscriber.probed = true;
        else if (text.startsWith('event ')) subscriber.received.set(Number(text.slice(6)), performance.now());
        else if (result.errors) console.error(JSON.stringify(result.errors));
      },
      error: (error) => console.error('subscription error', error instanceof Error ? error.message : (error as { code?: number }).code),
      complete: () => {},
    },
  );
  return subscriber;
}

const insert = (text: string) => {
  const _id = new ObjectId();
  return statements.insertOne({ ...template, _id, slug: `bench-${_id.toHexString()}`, text });
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

interface Row {
  instances: number;
  /** Subscribers that received a probe event (so were registered) before the measured events. */
  live: number;
  p50: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
  eventsPerSecond: number;
  bytesPerSubscriber: number;
}

async function measure(instances: number): Promise<Row> {
  const apis = await Promise.all(Array.from({ length: instances }, () => startApi()));
  // Warm the servers' code paths a little and let start-up garbage go before the baseline.
  for (const api of apis) await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ people(first: 3) { nodes { name } } }')}`);
  await pause(1000);
  const before = apis.reduce((sum, api) => sum + rssOf(api.child.pid ?? 0), 0);
  const subscribers: Subscriber[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    subscribers.push(subscribeAt(apis[i % instances].url));
    if (i % 50 === 49) await pause(250);
  }
  // Clients cannot see when the server registered them: probe until every one has an event (or a
  // minute has passed: a subscriber that never got live is reported, not waited for forever).
  const probeDeadline = performance.now() + 60_000;
  for (let probe = 0; subscribers.some((s) => !s.probed) && performance.now() < probeDeadline; probe++) {
    await insert(`probe ${probe}`);
    await pause(500);
    if (probe % 10 === 9) console.error(`${subscribers.filter((s) => s.probed).length} of ${SUBSCRIBERS} subscribers live`);
  }
  const live = subscribers.filter((s) => s.probed).length;
  await pause(1000);
  const after = apis.reduce((sum, api) => sum + rssOf(api.child.pid ?? 0), 0);

  const acknowledged: number[] = [];
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await pause(wait);
    await insert(`event ${i}`);
    acknowledged[i] = performance.now();
  }
  const expected = EVENTS * SUBSCRIBERS;
  console.error(`${instances} instance(s): ${EVENTS} events written; waiting for deliveries`);
  const count = () => subscribers.reduce((sum, s) => sum + s.received.size, 0);
  const deadline = performance.now() + 30_000;
  while (count() < expected && performance.now() < deadline) await pause(100);

  const latencies: number[] = [];
  let lastReceipt = started;
  for (const subscriber of subscribers) {
    for (const [index, at] of subscriber.received) {
      latencies.push(at - acknowledged[index]);
      lastReceipt = Math.max(lastReceipt, at);
    }
  }
  latencies.sort((a, b) => a - b);
  for (const subscriber of subscribers) await subscriber.client.dispose();
  for (const api of apis) api.child.kill('SIGKILL');
  return {
    instances,
    live,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    delivered: latencies.length,
    expected,
    eventsPerSecond: latencies.length / ((lastReceipt - started) / 1000),
    bytesPerSubscriber: (after - before) / SUBSCRIBERS,
  };
}

const load = loadavg()[0];
const rows = [await measure(1), await measure(2)];
const loadAfter = loadavg()[0];
await mongo.close();
stopAll();

const ms = (value: number) => `${value.toFixed(1)} ms`;
const table = [
  '| API instances | subscribers (live) | events written | delivered / expected | latency p50 | p99 | max | deliveries/s | memory per subscriber |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.instances} | ${SUBSCRIBERS} (${r.live}) | ${EVENTS} at ${RATE}/s | ${r.delivered} / ${r.expected} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${Math.round(r.eventsPerSecond)} | ${(r.bytesPerSubscriber / 1024).toFixed(1)} KiB |`,
  ),
].join('\n');
const section = `## Subscriptions (\`npm run bench:subscriptions\`)

At ${measuredCommit()}, on ${new Date().toISOString().slice(0, 10)}: ${SUBSCRIBERS} graphql-ws subscribers to
\`${SELECTION}\` (one connection each, in the bench process), statements inserted straight into the embedded
database (its own process) at ${RATE} per second. Latency is from the insert's acknowledgement (majority,
journaled) to a subscriber's receipt; deliveries/s counts every subscriber's copy; memory per subscriber is the
growth of the API processes' resident memory from before the subscribers connected to after, divided by them.
With two instances the subscribers are split evenly and both watch the one database. The machine's
1-minute load average was ${load.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end, on ${cpus().length} cores.

${table}`;
console.log(table);
console.log(`load average ${load.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores`);
writeSection('subscriptions', section);
process.exit(0);
