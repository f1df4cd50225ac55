/**
 * Options of CRUD commands that mongod checks: a `hint` must name an existing index (BadValue, 2,
 * "hint provided does not correspond to an existing index") on find, count, aggregate, update,
 * delete and findAndModify; `min`/`max` need a hint (51173) and bound its keys, min inclusive and
 * max exclusive; a tailable cursor needs a capped collection (BadValue, 2).
 */
import { MongoBulkWriteError, type MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('options');
  const coll = t.db.collection('items');
  await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i as never, k: i, g: i % 2 })));
  await coll.createIndex({ k: 1 }, { name: 'by_k' });
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((e: unknown) => e);

describe('hint', () => {
  it('is followed when it names an index by name or key, and refused when it names none', async () => {
    const coll = t.db.collection('items');
    expect(await coll.find({ k: { $gte: 8 } }, { hint: 'by_k' }).toArray()).toHaveLength(2);
    expect(await coll.find({ k: { $gte: 8 } }, { hint: { k: 1 } }).toArray()).toHaveLength(2);
    expect(await coll.find({}, { hint: { $natural: 1 } }).toArray()).toHaveLength(10);
    expect(await coll.countDocuments({ g: 1 }, { hint: 'by_k' })).toBe(5);
    expect(codeOf(await failure(coll.find({}, { hint: 'no_such_index' }).toArray()))).toBe(2);
    expect(codeOf(await failure(coll.find({}, { hint: { zz: 1 } }).toArray()))).toBe(2);
    expect(codeOf(await failure(coll.aggregate([{ $match: {} }], { hint: 'no_such_index' }).toArray()))).toBe(2);
    expect(codeOf(await failure(coll.updateOne({ k: 1 }, { $set: { x: 1 } }, { hint: 'no_such_index' })))).toBe(2);
    expect(codeOf(await failure(coll.deleteOne({ k: 1 }, { hint: 'no_such_index' })))).toBe(2);
    expect(codeOf(await failure(coll.findOneAndUpdate({ k: 1 }, { $set: { x: 1 } }, { hint: { no_such_field: 1 } })))).toBe(2);
    const bulk = await failure(coll.bulkWrite([{ deleteMany: { filter: {}, hint: 'no_such_index' } }]));
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect(await coll.countDocuments({ x: 1 })).toBe(0);
    expect(await coll.countDocuments()).toBe(10);
  });
});

describe('min and max', () => {
  it('bound the hinted index: min inclusive, max exclusive; without a hint they are refused', async () => {
    const coll = t.db.collection('items');
    const bounded = await coll.find({}, { hint: { k: 1 }, min: { k: 3 }, max: { k: 6 } }).toArray();
    expect(bounded.map((d) => d.k)).toEqual([3, 4, 5]);
    const withFilter = await coll.find({ g: 0 }, { hint: 'by_k', min: { k: 3 } }).toArray();
    expect(withFilter.map((d) => d.k)).toEqual([4, 6, 8]);
    expect(codeOf(await failure(coll.find({}, { min: { k: 3 } }).toArray()))).toBe(51173);
  });
});

describe('tailable cursors', () => {
  it('are refused on a collection that is not capped', async () => {
    const error = await failure(t.db.collection('items').find({}, { tailable: true }).toArray());
    expect(codeOf(error)).toBe(2);
  });
});
