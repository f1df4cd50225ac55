/**
 * `npm run bench:subscriptions:floor -- [--subscribers 200] [--rate 50] [--seconds 5] [--rounds 3] [--log-level info]`
 *
 * Subscriptions' payload resolution against its floor, side by side: newsgraph (compiled, as
 * `NODE_ENV=production npm start` runs it, default log level) and bench/subscription-floor.ts (the
 * same change stream and the same per-event MongoDB command, then pre-built message bytes) on one
 * embedded database, in alternating rounds (order reversed every other round) after an unmeasured
 * warm-up round of each. A round connects the subscribers afresh (graphql-ws, one connection each,
 * all to `statementAdded { id text speaker { name } }`), probes until every one is live, then inserts
 * statements at the given rate. Every message of every round is checked byte for byte against the
 * message planned for its event and subscriber; a wrong, duplicated or missing message makes the run
 * FAILED and prints no figure.
 *
 * Per side: delivered messages per second, server CPU per delivered message (user + system of the
 * server process from /proc, from the first insert to the last receipt; the better-behaved figure on
 * a shared machine; split into user and kernel mode, since the floor's is mostly the kernel's socket
 * writes), delivery latency from the insert's acknowledgement (p50, p99), and the database's
 * finds and getMores per event (serverStatus opcounters; getMores count both servers' change streams,
 * which stay open once opened, newsgraph's as the floor's).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Document, ObjectId } from 'mongodb';
import { cpuTimes, measuredCommit, median, READY, serverEnv, start, stopAll, writeSection } from './harness.js';
import { RawSubscriber } from './raw-subscriber.js';
import { seededDatabase } from './seeded-database.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';
import { floorPayload, nextMessage, type PlannedEvent, SUBSCRIPTION_FLOOR_SELECTION } from './subscription-floor.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'log-level': { type: 'string' },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
/** Unmeasured rounds first: newsgraph's first rounds ran slower while V8 was still optimising its code. */
const WARM_UP_SECONDS = 4;
const DATABASE = 'bench_subscriptions_floor';

const { uri: dbUri, mongo, db, statements } = await seededDatabase(DATABASE);
const template = await statements.findOne({ speakerId: { $exists: true }, status: { $nin: ['PENDING', 'REJECTED'] } });
if (!template) throw new Error('the seed has no confirmed statement with a speaker');
const speaker = await db.collection('people').findOne({ _id: template.speakerId });

const variants = {
  newsgraph: await start(
    ['src/index.ts'],
    serverEnv(dbUri, DATABASE, { SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: '1000000' }, values['log-level']),
    READY,
    SERVER_NODE_FLAGS,
  ),
  floor: await start(['bench/subscription-floor-server.ts'], { MONGODB_URI: dbUri, FLOOR_DATABASE: DATABASE }, READY, SERVER_NODE_FLAGS),
};
type Variant = keyof typeof variants;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

interface Statement {
  _id: ObjectId;
  text: string;
}
const insert = (statement: Statement) =>
  statements.insertOne({ ...template, ...statement, slug: `bench-${statement._id.toHexString()}` } as Document);
const payloadOf = (statement: Statement) => floorPayload({ ...template, ...statement }, speaker);

async function opcounters(): Promise<{ query: number; getmore: number }> {
  const status = await mongo.db('admin').command({ serverStatus: 1 });
  return { query: Number(status.opcounters.query), getmore: Number(status.opcounters.getmore) };
}

interface Round {
  messagesPerSecond: number;
  cpuPerMessage: number;
  /** The part of cpuPerMessage spent in user mode (the rest is the kernel's: sockets, mostly). */
  userCpuPerMessage: number;
  latencies: number[];
  findsPerEvent: number;
  getMoresPerEvent: number;
  delivered: number;
  expected: number;
  failures: string[];
}

async function round(variant: Variant, seconds: number): Promise<Round> {
  const url = variants[variant];
  const events: Statement[] = Array.from({ length: RATE * seconds }, (_, i) => ({ _id: new ObjectId(), text: `event ${i}` }));
  const payloads = events.map(payloadOf);
  const eventOfPayload = new Map(payloads.map((payload, i) => [payload, i]));
  if (variant === 'floor') {
    const plan: PlannedEvent[] = events.map((event, i) => ({ id: event._id.toHexString(), payload: payloads[i] }));
    const response = await fetch(`${url.replace(/\/graphql$/, '')}/plan`, { method: 'POST', body: JSON.stringify(plan) });
    if (response.status !== 204) throw new Error(`the floor refused the plan: ${response.status}`);
  }

  const subscribers: RawSubscriber[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    subscribers.push(new RawSubscriber(url, `s${i}`, SUBSCRIPTION_FLOOR_SELECTION));
    if (i % 50 === 49) await pause(250);
  }
  // Clients cannot see when the server registered them: probe until every one has an event.
  const probePayloads = new Set<string>();
  const probeDeadline = performance.now() + 60_000;
  for (let probe = 0; subscribers.some((s) => s.receipts.length === 0) && performance.now() < probeDeadline; probe++) {
    const statement = { _id: new ObjectId(), text: `probe ${probe}` };
    probePayloads.add(payloadOf(statement));
    await insert(statement);
    await pause(300);
  }
  await pause(300);

  const received = () => subscribers.reduce((sum, s) => sum + s.receipts.length, 0);
  // A probe still arriving after this would end the wait early by one; the check below would then find an event missing.
  const baseline = received();
  const cpuBefore = cpuTimes(url);
  const countersBefore = await opcounters();
  const acknowledged: number[] = [];
  const started = performance.now();
  for (const [i, event] of events.entries()) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 0) await pause(wait);
    await insert(event);
    acknowledged[i] = performance.now();
  }
  const expected = events.length * SUBSCRIBERS;
  const deadline = performance.now() + 30_000;
  while (received() - baseline < expected && performance.now() < deadline) await pause(20);
  const cpuAfter = cpuTimes(url);
  const countersAfter = await opcounters();

  // Every message, byte for byte: the planned message of one event for this subscriber, once.
  const failures: string[] = [];
  const latencies: number[] = [];
  let lastReceipt = started;
  for (const [k, subscriber] of subscribers.entries()) {
    if (subscriber.problem) failures.push(`s${k}: ${subscriber.problem}`);
    const prefix = nextMessage(`s${k}`, '');
    const seen = new Set<number>();
    for (const { text, at } of subscriber.receipts) {
      const payload = text.startsWith(prefix.slice(0, -1)) && text.endsWith('}') ? text.slice(prefix.length - 1, -1) : undefined;
      const index = payload === undefined ? undefined : eventOfPayload.get(payload);
      if (index === undefined) {
        if (payload === undefined || !probePayloads.has(payload)) failures.push(`s${k}: an unexpected message: ${text.slice(0, 300)}`);
        continue;
      }
      if (seen.has(index)) failures.push(`s${k}: event ${index} twice`);
      seen.add(index);
      latencies.push(at - acknowledged[index]);
      lastReceipt = Math.max(lastReceipt, at);
    }
    if (seen.size < events.length) failures.push(`s${k}: ${events.length - seen.size} of ${events.length} events missing`);
  }
  await Promise.all(subscribers.map((s) => s.close()));
  await pause(500);

  latencies.sort((a, b) => a - b);
  const delivered = latencies.length;
  return {
    messagesPerSecond: delivered / ((lastReceipt - started) / 1000),
    cpuPerMessage:
      cpuBefore && cpuAfter && delivered > 0
        ? (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / delivered
        : Number.NaN,
    userCpuPerMessage: cpuBefore && cpuAfter && delivered > 0 ? (cpuAfter.user - cpuBefore.user) / delivered : Number.NaN,
    latencies,
    findsPerEvent: (countersAfter.query - countersBefore.query) / events.length,
    getMoresPerEvent: (countersAfter.getmore - countersBefore.getmore) / events.length,
    delivered,
    expected,
    failures,
  };
}

const rounds: Record<Variant, Round[]> = { newsgraph: [], floor: [] };
const failures: string[] = [];
const load = loadavg()[0];
for (const variant of Object.keys(variants) as Variant[]) {
  const warm = await round(variant, WARM_UP_SECONDS);
  failures.push(...warm.failures.map((f) => `${variant} warm-up: ${f}`));
}
for (let r = 0; r < ROUNDS; r++) {
  const order = Object.keys(variants) as Variant[];
  if (r % 2 === 1) order.reverse();
  for (const variant of order) {
    const result = await round(variant, SECONDS);
    rounds[variant].push(result);
    failures.push(...result.failures.map((f) => `${variant} round ${r + 1}: ${f}`));
    console.error(
      `${variant} / round ${r + 1}: ${result.delivered} / ${result.expected} delivered, ${Math.round(result.messagesPerSecond)} messages/s, ` +
        `${result.cpuPerMessage.toFixed(1)} µs CPU per message, p50 ${percentile(result.latencies, 50)?.toFixed(1)} ms, ${result.failures.length} failures`,
    );
  }
}
const loadAfter = loadavg()[0];
await mongo.close();
stopAll();

if (failures.length > 0) {
  console.error(`FAILED: ${failures.length} problems, the first ones:\n${failures.slice(0, 20).join('\n')}`);
  process.exit(1);
}

interface Summary {
  messagesPerSecond: number;
  perRoundRate: number[];
  cpuPerMessage: number;
  perRoundCpu: number[];
  userCpuPerMessage: number;
  p50: number;
  p99: number;
  findsPerEvent: number;
  getMoresPerEvent: number;
  delivered: number;
}
function summary(rs: Round[]): Summary {
  const delivered = rs.reduce((sum, r) => sum + r.delivered, 0);
  const all = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    messagesPerSecond: rs.reduce((sum, r) => sum + r.messagesPerSecond, 0) / rs.length,
    perRoundRate: rs.map((r) => r.messagesPerSecond),
    cpuPerMessage: rs.reduce((sum, r) => sum + r.cpuPerMessage * r.delivered, 0) / delivered,
    perRoundCpu: rs.map((r) => r.cpuPerMessage),
    userCpuPerMessage: rs.reduce((sum, r) => sum + r.userCpuPerMessage * r.delivered, 0) / delivered,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    findsPerEvent: median(rs.map((r) => r.findsPerEvent)),
    getMoresPerEvent: median(rs.map((r) => r.getMoresPerEvent)),
    delivered,
  };
}
const ng = summary(rounds.newsgraph);
const fl = summary(rounds.floor);
/** Mean ratio with the range of the per-round ratios (each round pairs the two next to each other). */
const ratioWithRange = (mean: number, perRound: number[]) =>
  `${Math.round(100 * mean)} % (${Math.round(100 * Math.min(...perRound))}–${Math.round(100 * Math.max(...perRound))})`;
const rateRatio = ratioWithRange(
  ng.messagesPerSecond / fl.messagesPerSecond,
  ng.perRoundRate.map((rate, i) => rate / fl.perRoundRate[i]),
);
const cpuRatio = ratioWithRange(
  fl.cpuPerMessage / ng.cpuPerMessage,
  ng.perRoundCpu.map((cpu, i) => fl.perRoundCpu[i] / cpu),
);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const table = [
  '| | newsgraph | floor (pre-built bytes) | newsgraph ÷ floor |',
  '|---|---:|---:|---:|',
  `| delivered messages/s (rounds) | ${Math.round(ng.messagesPerSecond)} (${ng.perRoundRate.map(Math.round).join(', ')}) | ${Math.round(fl.messagesPerSecond)} (${fl.perRoundRate.map(Math.round).join(', ')}) | ${rateRatio} |`,
  `| server CPU per delivered message (rounds) | ${ng.cpuPerMessage.toFixed(1)} µs (${ng.perRoundCpu.map((c) => c.toFixed(1)).join(', ')}) | ${fl.cpuPerMessage.toFixed(1)} µs (${fl.perRoundCpu.map((c) => c.toFixed(1)).join(', ')}) | ${cpuRatio} (floor ÷ newsgraph) |`,
  `| of which user mode (the rest: kernel) | ${ng.userCpuPerMessage.toFixed(1)} µs | ${fl.userCpuPerMessage.toFixed(1)} µs | ${Math.round((100 * fl.userCpuPerMessage) / ng.userCpuPerMessage)} % |`,
  `| latency p50 / p99 | ${ms(ng.p50)} / ${ms(ng.p99)} | ${ms(fl.p50)} / ${ms(fl.p99)} | |`,
  `| database finds / getMores per event (getMores: both servers' change streams) | ${ng.findsPerEvent.toFixed(2)} / ${ng.getMoresPerEvent.toFixed(2)} | ${fl.findsPerEvent.toFixed(2)} / ${fl.getMoresPerEvent.toFixed(2)} | |`,
  `| messages checked byte for byte | ${ng.delivered} | ${fl.delivered} | |`,
].join('\n');
const section = `## Subscriptions against their floor (\`npm run bench:subscriptions:floor\`)

At ${measuredCommit()}, on ${new Date().toISOString().slice(0, 10)}: ${SUBSCRIBERS} graphql-ws subscribers to
\`${SUBSCRIPTION_FLOOR_SELECTION}\` (one connection each, in the bench process), ${RATE} statements inserted per
second for ${SECONDS} s per round, ${ROUNDS} alternating rounds after a warm-up round of each; newsgraph as
\`NODE_ENV=production npm start\` runs it (log level ${values['log-level'] ?? 'default'}), the floor
(bench/subscription-floor.ts) with the same change stream and per-event find, writing pre-built bytes. Every
message checked byte for byte. CPU per message: the server process's user + system time (/proc) from the first
insert to the last receipt, divided by the messages delivered. At a rate both sides keep up with, both deliver
the offered rate and the messages/s ratio says only that newsgraph kept up; CPU per message is then the
comparison (\`--rate 150\` saturates a 2-core machine and makes the rate ratio mean something). The machine's 1-minute load average was
${load.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end, on ${cpus().length} cores.

${table}`;
console.log(table);
console.log(`load average ${load.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores`);
writeSection('subscriptions-floor', section);
process.exit(0);
