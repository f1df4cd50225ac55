/**
 * The replica-set part of `npm run bench:db`: committed transactions per second (5 inserts each),
 * change-stream latency (from issuing a write to the event reaching `watch()`), and what an open
 * change stream that nobody reads costs inserts (alternating rounds with and without it).
 */
import type { MongoClient } from 'mongodb';

const TRANSACTIONS = 300;
const LATENCY_SAMPLES = 300;
const INSERTS_PER_ROUND = 1000;
const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function transactionsPerSecond(client: MongoClient): Promise<number> {
  const coll = client.db('bench_rs').collection('txn');
  await coll.drop();
  await coll.insertMany(Array.from({ length: 1000 }, (_, i) => ({ n: i })));
  const session = client.startSession();
  const started = process.hrtime.bigint();
  for (let t = 0; t < TRANSACTIONS; t++) {
    session.startTransaction();
    for (let w = 0; w < 5; w++) await coll.insertOne({ t, w }, { session });
    await session.commitTransaction();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await session.endSession();
  return TRANSACTIONS / seconds;
}

async function changeStreamLatency(client: MongoClient): Promise<{ p50: number; p99: number }> {
  const coll = client.db('bench_rs').collection('latency');
  const stream = coll.watch();
  await stream.tryNext();
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const issued = process.hrtime.bigint();
    const [, event] = await Promise.all([coll.insertOne({ i }), stream.next()]);
    if (event.operationType !== 'insert') throw new Error('unexpected event');
    samples.push(Number(process.hrtime.bigint() - issued) / 1e6);
  }
  await stream.close();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function insertRound(client: MongoClient, round: number): Promise<number> {
  const coll = client.db('bench_rs').collection('idle');
  const started = process.hrtime.bigint();
  for (let i = 0; i < INSERTS_PER_ROUND; i++) await coll.insertOne({ round, i, text: 'lorem ipsum dolor sit amet' });
  return INSERTS_PER_ROUND / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Median inserts/s without and with an open, unread change stream, in alternating rounds. */
async function idleStreamCost(client: MongoClient): Promise<{ without: number; with: number }> {
  const without: number[] = [];
  const withStream: number[] = [];
  await insertRound(client, -1);
  for (let round = 0; round < ROUNDS; round++) {
    without.push(await insertRound(client, round));
    const stream = client.db('bench_rs').collection('idle').watch();
    await stream.tryNext();
    withStream.push(await insertRound(client, round));
    await stream.close();
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { without: median(without), with: median(withStream) };
}

export async function benchReplicaSet(client: MongoClient): Promise<string[]> {
  const txns = await transactionsPerSecond(client);
  console.error(`  transactions (5 inserts each): ${Math.round(txns)}/s`);
  const latency = await changeStreamLatency(client);
  console.error(`  change stream latency: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
  const idle = await idleStreamCost(client);
  const cost = (1 - idle.with / idle.without) * 100;
  console.error(`  inserts/s without / with an unread change stream: ${Math.round(idle.without)} / ${Math.round(idle.with)}`);
  await client.db('bench_rs').dropDatabase();
  return [
    '| replica set (1k docs) | value |',
    '|---|---:|',
    `| transactions/s (5 inserts each, one session, sequential) | ${Math.round(txns)} |`,
    `| change-stream event latency p50 / p99 (write issued → event from watch()) | ${latency.p50.toFixed(2)} ms / ${latency.p99.toFixed(2)} ms |`,
    `| insertOne/s without → with an open, unread change stream (median of ${ROUNDS} alternating rounds) | ${Math.round(idle.without)} → ${Math.round(idle.with)} (${cost >= 0 ? '−' : '+'}${Math.abs(cost).toFixed(1)} %) |`,
  ];
}
