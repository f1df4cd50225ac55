/**
 * Transactions and snapshot reads over collections large enough to span many storage blocks, index
 * blocks and text postings chunks, so that a snapshot sharing storage with the live collection
 * (copy-on-write) would show any leak in either direction: the snapshot must not see later writes,
 * and nothing outside may see a transaction's uncommitted writes — by key, through index ranges and
 * sorts, unique checks or $text. Every assertion is documented MongoDB behaviour (snapshot isolation
 * of transactions with read concern "snapshot", snapshot sessions), so it holds on a real replica set.
 */
import type { ClientSession, Collection } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('txn_snap');
});
afterAll(() => t.stop());

interface Item {
  _id: number | string;
  k: number;
  group: number;
  body: string;
}

const SEEDED = 3000;

function item(i: number): Item {
  return { _id: i, k: i, group: i % 17, body: `harbor tok${i % 7} lantern${i % 3}` };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

async function seeded(name: string): Promise<Collection<Item>> {
  const coll = t.db.collection<Item>(name);
  await coll.createIndex({ k: 1 }, { unique: true });
  await coll.createIndex({ group: 1, k: -1 });
  await coll.createIndex({ body: 'text' });
  await coll.insertMany(range(0, SEEDED).map(item));
  return coll;
}

function idsOf(docs: Array<{ _id: unknown }>): unknown[] {
  return docs.map((doc) => doc._id);
}

function sortedIds(docs: Array<{ _id: unknown }>): string[] {
  return docs.map((doc) => String(doc._id)).sort();
}

/** What a reader sees: every document in key order, an index range, an index-ordered group, text matches, the count. */
async function view(coll: Collection<Item>, session?: ClientSession) {
  const options = session ? { session } : {};
  return {
    byKey: await coll.find({}, options).sort({ k: 1 }).toArray(),
    keyRange: idsOf(
      await coll
        .find({ k: { $gte: 1000, $lt: 1200 } }, options)
        .sort({ k: 1 })
        .toArray(),
    ),
    groupByKeyDescending: idsOf(await coll.find({ group: 6 }, options).sort({ k: -1 }).toArray()),
    commonWord: sortedIds(await coll.find({ $text: { $search: 'harbor' } }, options).toArray()),
    rareWord: sortedIds(await coll.find({ $text: { $search: 'tok3' } }, options).toArray()),
    secretWord: sortedIds(await coll.find({ $text: { $search: 'zebracorn' } }, options).toArray()),
    count: await coll.countDocuments({}, options),
  };
}

/** Thousands of writes touching every part of the collection: inserts, moved index keys, deletes, new texts. */
async function churn(coll: Collection<Item>, session?: ClientSession): Promise<void> {
  const options = session ? { session } : {};
  await coll.insertMany(
    range(SEEDED, SEEDED + 2000).map((i) => ({ ...item(i), k: i + 50_000 })),
    options,
  );
  await coll.updateMany({ group: { $in: [1, 2, 3] } }, { $inc: { k: 100_000 }, $set: { group: 99 } }, options);
  await coll.deleteMany({ group: 5 }, options);
  await coll.updateMany({ group: 7 }, { $set: { body: 'zebracorn tok3 harbor' } }, options);
  await coll.updateMany({ group: 6 }, { $set: { body: 'no common word' } }, options);
}

async function withSession<T>(work: (session: ClientSession) => Promise<T>, snapshot = false): Promise<T> {
  const session = t.client.startSession(snapshot ? { snapshot: true } : {});
  try {
    return await work(session);
  } finally {
    await session.endSession();
  }
}

describe('a transaction over a large collection', () => {
  it('keeps reading its snapshot while thousands of writes change the collection outside', async () => {
    const coll = await seeded('snapshot_kept');
    const before = await view(coll);
    expect(before.count).toBe(SEEDED);
    const own = range(0, 50).map((i) => ({ _id: `own${i}`, k: -1 - i, group: 0, body: `harbor tok3 own${i}` }));
    await withSession(async (session) => {
      session.startTransaction({ readConcern: { level: 'snapshot' } });
      expect(await view(coll, session)).toEqual(before);
      // Its own writes too, so both sides have written the same index blocks and postings.
      await coll.insertMany(own, { session });
      const inside = await view(coll, session);
      expect(inside.commonWord).toEqual(sortedIds([...before.byKey, ...own]));
      await churn(coll);
      expect(await view(coll, session)).toEqual(inside);
      await session.commitTransaction();
    });
    const after = await view(coll);
    expect(after.count).toBe(SEEDED + 50 + 2000 - range(0, SEEDED + 2000).filter((i) => i % 17 === 5).length);
    expect(after.secretWord.length).toBeGreaterThan(0);
  });

  it('shows its own writes inside only, then all of them at once on commit', async () => {
    const coll = await seeded('own_writes');
    const before = await view(coll);
    const freedKey = 5; // item 5 is in group 5, which the transaction deletes
    await withSession(async (session) => {
      session.startTransaction({ readConcern: { level: 'snapshot' } });
      await churn(coll, session);
      // The unique index inside sees the transaction's state: a key it freed can be taken again.
      await coll.insertOne({ _id: 'reused', k: freedKey, group: 0, body: 'reused key' }, { session });
      const inside = await view(coll, session);
      expect(inside.secretWord.length).toBe(range(0, SEEDED + 2000).filter((i) => i % 17 === 7).length);
      expect((await coll.findOne({ k: freedKey }, { session }))?._id).toBe('reused');
      expect(await coll.findOne({ k: 100_001 }, { session })).toMatchObject({ _id: 1, group: 99 });
      // Outside: nothing of it, by key, by index range or sort, or by $text.
      expect(await view(coll)).toEqual(before);
      expect((await coll.findOne({ k: freedKey }))?._id).toBe(freedKey);
      expect(await coll.findOne({ k: 100_001 })).toBeNull();
      expect(await coll.find({ k: { $gte: 50_000 } }).toArray()).toEqual([]);
      await session.commitTransaction();
      expect(await view(coll)).toEqual(inside);
    });
  });

  it('rejects inside a duplicate of a key only it inserted, and then discards everything', async () => {
    const coll = await seeded('unique_inside');
    const before = await view(coll);
    await withSession(async (session) => {
      session.startTransaction({ readConcern: { level: 'snapshot' } });
      await coll.insertOne({ _id: 'first', k: -1, group: 0, body: 'harbor' }, { session });
      const duplicate = await coll.insertOne({ _id: 'second', k: -1, group: 0, body: 'harbor' }, { session }).catch((e: unknown) => e);
      expect(duplicate).toBeInstanceOf(MongoServerError);
      expect((duplicate as MongoServerError).code).toBe(11000);
      // Outside, the key was never taken.
      await coll.insertOne({ _id: 'outside', k: -2, group: 0, body: 'x' });
      await session.abortTransaction();
    });
    await coll.deleteOne({ _id: 'outside' });
    expect(await view(coll)).toEqual(before);
  });

  it('leaves the collection untouched when aborted after thousands of writes', async () => {
    const coll = await seeded('aborted');
    const before = await view(coll);
    await withSession(async (session) => {
      session.startTransaction({ readConcern: { level: 'snapshot' } });
      await churn(coll, session);
      await coll.deleteMany({ group: { $lt: 4 } }, { session });
      expect(await view(coll, session)).not.toEqual(before);
      await session.abortTransaction();
    });
    expect(await view(coll)).toEqual(before);
    // A later transaction starts from the untouched collection too.
    await withSession(async (session) => {
      session.startTransaction({ readConcern: { level: 'snapshot' } });
      expect(await view(coll, session)).toEqual(before);
      await session.commitTransaction();
    });
  });

  it('lets two transactions write different documents of one collection, each seeing only its own', async () => {
    const coll = await seeded('two_transactions');
    const before = await view(coll);
    const first = t.client.startSession();
    const second = t.client.startSession();
    try {
      first.startTransaction({ readConcern: { level: 'snapshot' } });
      second.startTransaction({ readConcern: { level: 'snapshot' } });
      await coll.updateMany({ group: 1 }, { $inc: { k: 100_000 }, $set: { body: 'zebracorn' } }, { session: first });
      await coll.insertMany(range(SEEDED, SEEDED + 500).map(item), { session: first });
      await coll.deleteMany({ group: 2 }, { session: second });
      await coll.updateMany({ group: 3 }, { $set: { body: 'tok3 only' } }, { session: second });

      const firstView = await view(coll, first);
      const secondView = await view(coll, second);
      const groupOne = range(0, SEEDED).filter((i) => i % 17 === 1).length;
      const groupTwo = range(0, SEEDED).filter((i) => i % 17 === 2).length;
      expect(firstView.count).toBe(SEEDED + 500);
      expect(firstView.secretWord.length).toBe(groupOne);
      expect(secondView.count).toBe(SEEDED - groupTwo);
      expect(secondView.secretWord).toEqual([]);
      expect(secondView.byKey.filter((doc) => doc.k >= 100_000)).toEqual([]);
      // Both wrote the postings of the same words: each sees exactly its own.
      const inGroup = (group: number) => (doc: Item) => doc.group === group;
      const except = (docs: Item[], ...groups: number[]) => docs.filter((doc) => !groups.includes(doc.group));
      expect(firstView.commonWord).toEqual(sortedIds([...except(before.byKey, 1), ...range(SEEDED, SEEDED + 500).map(item)]));
      expect(secondView.commonWord).toEqual(sortedIds(except(before.byKey, 2, 3)));
      const withTok3 = (docs: Item[]) => docs.filter((doc) => doc.body.includes('tok3'));
      expect(secondView.rareWord).toEqual(sortedIds([...withTok3(except(before.byKey, 2, 3)), ...before.byKey.filter(inGroup(3))]));
      expect(firstView.rareWord).toEqual(sortedIds(withTok3([...except(before.byKey, 1), ...range(SEEDED, SEEDED + 500).map(item)])));
      expect(await view(coll)).toEqual(before);

      await first.commitTransaction();
      // The second still reads its snapshot: not the first's committed writes.
      expect(await view(coll, second)).toEqual(secondView);
      await second.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    const after = await view(coll);
    expect(after.count).toBe(SEEDED + 500 - range(0, SEEDED).filter((i) => i % 17 === 2).length);
    expect(after.secretWord.length).toBe(range(0, SEEDED).filter((i) => i % 17 === 1).length);
    expect(await coll.countDocuments({ group: 3, body: 'tok3 only' })).toBe(range(0, SEEDED).filter((i) => i % 17 === 3).length);
  });
});

describe('a snapshot session over a large collection', () => {
  it('reads as of its first read while thousands of writes change the collection', async () => {
    const coll = await seeded('snapshot_session');
    const before = await view(coll);
    await withSession(async (session) => {
      expect(await view(coll, session)).toEqual(before);
      await churn(coll);
      expect(await view(coll, session)).toEqual(before);
    }, true);
    expect((await view(coll)).secretWord.length).toBeGreaterThan(0);
  });
});
