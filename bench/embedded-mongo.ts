/**
 * `npm run bench:db`: throughput of the embedded server through the official driver, at 1,000 and
 * 100,000 documents. The last column is the 100k ÷ 1k ratio for indexed lookups: near 1 means
 * lookups do not slow down as the collection grows (the goal is ≤ 1.5). Then the replica-set figures
 * (bench/replica-set.ts): transactions/s, change-stream latency, the cost of an idle change stream.
 * `-- --standalone`: the CRUD figures on a standalone server only (to compare with older builds).
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { benchReplicaSet } from './replica-set.js';

const LOOKUPS = 3000;

async function measure(label: string, operations: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = operations / seconds;
  console.error(`  ${label}: ${Math.round(perSecond)}/s`);
  return perSecond;
}

async function run(size: number, client: MongoClient) {
  const coll = client.db('bench').collection(`docs_${size}`);
  await coll.drop();
  await coll.createIndex({ key: 1 });
  const doc = (i: number) => ({ key: `k${i}`, n: i, text: 'lorem ipsum dolor sit amet', tags: ['a', 'b'] });
  const batched = await measure(`insertMany ${size}`, size, async () => {
    for (let i = 0; i < size; i += 1000) {
      await coll.insertMany(Array.from({ length: Math.min(1000, size - i) }, (_, j) => doc(i + j)));
    }
  });
  const single = await measure('insertOne', 2000, async () => {
    for (let i = 0; i < 2000; i++) await coll.insertOne(doc(size + i));
  });
  const ids = (
    await coll
      .find({}, { projection: { _id: 1 } })
      .limit(LOOKUPS)
      .toArray()
  ).map((d) => d._id);
  const byId = await measure('findOne by _id', LOOKUPS, async () => {
    for (let i = 0; i < LOOKUPS; i++) await coll.findOne({ _id: ids[(i * 7919) % ids.length] });
  });
  const byIndex = await measure('find by indexed field', LOOKUPS, async () => {
    for (let i = 0; i < LOOKUPS; i++) await coll.find({ key: `k${(i * 7919) % size}` }).toArray();
  });
  return { batched, single, byId, byIndex };
}

// `--standalone` measures the CRUD figures on a standalone server (as before replica-set support), to
// compare with builds that predate it; the replica-set figures need a replica set and are left out.
const standalone = process.argv.includes('--standalone');
const server = await startEmbeddedMongo({ standalone });
const client = await new MongoClient(server.uri).connect();
// `npm run bench:db -- --replica-set` runs only the replica-set figures.
if (process.argv.includes('--replica-set')) {
  const rows = await benchReplicaSet(client);
  await client.close();
  await server.stop();
  console.log(`embedded-mongo replica set, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  for (const row of rows) console.log(row);
  process.exit(0);
}
const small = await run(1_000, client);
const large = await run(100_000, client);
const replicaSetRows = standalone ? [] : await benchReplicaSet(client);
await client.close();
await server.stop();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rows: Array<[string, keyof typeof small]> = [
  ['insertMany (batches of 1,000), docs/s', 'batched'],
  ['insertOne, docs/s', 'single'],
  ['findOne by _id, ops/s', 'byId'],
  ['find by indexed field, ops/s', 'byIndex'],
];
console.log(`embedded-mongo${standalone ? ' (standalone)' : ''}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| operation | 1k docs | 100k docs | 100k ÷ 1k time per op |');
console.log('|---|---:|---:|---:|');
for (const [label, key] of rows) {
  const ratio = small[key] / large[key];
  console.log(`| ${label} | ${fmt(small[key])} | ${fmt(large[key])} | ${key === 'byId' || key === 'byIndex' ? ratio.toFixed(2) : '—'} |`);
}
console.log('');
for (const row of replicaSetRows) console.log(row);
