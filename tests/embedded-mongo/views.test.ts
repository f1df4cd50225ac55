/**
 * Views (https://www.mongodb.com/docs/manual/core/views/): `create` with `viewOn` and `pipeline`
 * defines a read-only view; reads run the view's pipeline over its source (views on views too);
 * writes fail with CommandNotSupportedOnView (166); listCollections reports `type: 'view'`.
 */
import type { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('views');
  await t.db.collection<{ _id: number; [key: string]: unknown }>('people').insertMany([
    { _id: 1, name: 'Ann', city: 'Oslo', age: 30, tags: ['a', 'b'] },
    { _id: 2, name: 'Bob', city: 'Rome', age: 25, tags: ['b'] },
    { _id: 3, name: 'Cid', city: 'Oslo', age: 35, tags: ['c'] },
    { _id: 4, name: 'Dee', city: 'Oslo', age: 41, tags: [] },
  ]);
  await t.db.createCollection('oslo', { viewOn: 'people', pipeline: [{ $match: { city: 'Oslo' } }, { $project: { city: 0 } }] });
  await t.db.createCollection('oslo_over_32', { viewOn: 'oslo', pipeline: [{ $match: { age: { $gt: 32 } } }] });
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('reads through a view', () => {
  it('find (filter, sort, skip, limit, projection), findOne, aggregate, counts and distinct see the view', async () => {
    const oslo = t.db.collection('oslo');
    expect(await oslo.find({}, { sort: { age: -1 } }).toArray()).toEqual([
      { _id: 4, name: 'Dee', age: 41, tags: [] },
      { _id: 3, name: 'Cid', age: 35, tags: ['c'] },
      { _id: 1, name: 'Ann', age: 30, tags: ['a', 'b'] },
    ]);
    const page = await oslo.find({ age: { $gte: 30 } }, { projection: { _id: 0, name: 1 }, sort: { age: 1 }, skip: 1, limit: 1 }).toArray();
    expect(page).toEqual([{ name: 'Cid' }]);
    expect(await oslo.findOne({ name: 'Bob' })).toBeNull();
    const grouped = await oslo.aggregate([{ $group: { _id: null, total: { $sum: '$age' } } }]).toArray();
    expect(grouped).toEqual([{ _id: null, total: 106 }]);
    expect(await oslo.countDocuments({ age: { $lt: 40 } })).toBe(2);
    expect(await oslo.estimatedDocumentCount()).toBe(3);
    expect((await oslo.distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
    expect((await t.db.collection('oslo_over_32').find().toArray()).map((d) => d._id)).toEqual([3, 4]);
  });
});

describe('writes to a view', () => {
  it('are refused with CommandNotSupportedOnView (166) and change nothing', async () => {
    const oslo = t.db.collection<{ _id: number; [key: string]: unknown }>('oslo');
    const attempts: Array<() => Promise<unknown>> = [
      () => oslo.insertOne({ _id: 9, name: 'Eve' }),
      () => oslo.updateOne({ _id: 1 }, { $set: { age: 1 } }),
      () => oslo.deleteMany({}),
      () => oslo.findOneAndUpdate({ _id: 1 }, { $set: { age: 1 } }),
      () => oslo.createIndex({ name: 1 }),
    ];
    for (const attempt of attempts) expect(codeOf(await attempt().catch((e: unknown) => e))).toBe(166);
    expect(await t.db.collection('people').countDocuments()).toBe(4);
    expect((await t.db.collection('people').findOne({ _id: 1 as never }))?.age).toBe(30);
  });
});

describe('listing and dropping views', () => {
  it('listCollections reports views with type view and their definition; drop removes a view', async () => {
    const listed = await t.db.listCollections({ name: 'oslo' }).toArray();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      name: 'oslo',
      type: 'view',
      options: { viewOn: 'people', pipeline: [{ $match: { city: 'Oslo' } }, { $project: { city: 0 } }] },
      info: { readOnly: true },
    });
    const names = await t.db.listCollections({}, { nameOnly: true }).toArray();
    expect(names).toContainEqual({ name: 'people', type: 'collection' });
    expect(names).toContainEqual({ name: 'oslo', type: 'view' });
    await t.db.createCollection('temporary', { viewOn: 'people', pipeline: [] });
    expect(await t.db.collection('temporary').drop()).toBe(true);
    expect(await t.db.listCollections({ name: 'temporary' }).toArray()).toEqual([]);
    expect(await t.db.collection('people').countDocuments()).toBe(4);
  });
});
