/**
 * `let` (MongoDB 5.0+): each variable is an aggregation expression evaluated once and readable as
 * `$$name` in `$expr` and in pipeline stages, on find, aggregate, update, delete and findAndModify.
 * Pipeline updates (4.2+) keep the document's `_id` when the pipeline leaves it out. `sort` on
 * updateOne/replaceOne is a MongoDB 8.0 addition that a 7.0 server refuses.
 */
import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('let');
});
afterAll(() => t.stop());

async function seeded(name: string) {
  const coll = t.db.collection<{ _id: number; name: string; n?: number; [key: string]: unknown }>(name);
  await coll.insertMany([
    { _id: 1, name: 'ann', n: 1 },
    { _id: 2, name: 'bob', n: 2 },
    { _id: 3, name: 'cid', n: 3 },
  ]);
  return coll;
}

describe('let variables', () => {
  it('are readable in $expr on find, aggregate, countDocuments and delete', async () => {
    const coll = await seeded('reads');
    const found = await coll.find({ $expr: { $eq: ['$name', '$$who'] } }, { let: { who: 'bob' } }).toArray();
    expect(found.map((d) => d._id)).toEqual([2]);
    const aggregated = await coll
      .aggregate([{ $match: { $expr: { $gt: ['$n', '$$min'] } } }, { $project: { _id: 1, over: { $subtract: ['$n', '$$min'] } } }], {
        let: { min: 1 },
      })
      .toArray();
    expect(aggregated).toEqual([
      { _id: 2, over: 1 },
      { _id: 3, over: 2 },
    ]);
    expect((await coll.deleteOne({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 3 } })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ $expr: { $lt: ['$n', '$$limit'] } }, { let: { limit: 2 } })).deletedCount).toBe(1);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('are expressions evaluated once: {$literal} yields its value, operators their result', async () => {
    const coll = await seeded('evaluated');
    const [doc] = await coll
      .aggregate([{ $match: { _id: 1 } }, { $project: { _id: 0, literal: '$$text', sum: '$$sum' } }], {
        let: { text: { $literal: '$notAPath' }, sum: { $add: [2, 3] } },
      })
      .toArray();
    expect(doc).toEqual({ literal: '$notAPath', sum: 5 });
  });

  it('are stored as their values by pipeline updates, in update, findOneAndUpdate and bulkWrite', async () => {
    const coll = await seeded('stored');
    await coll.updateOne({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { label: '$$label' } }], {
      let: { id: 1, label: { $literal: 'first' } },
    });
    expect((await coll.findOne({ _id: 1 }))?.label).toBe('first');
    const after = await coll.findOneAndUpdate({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { doubled: { $multiply: ['$n', '$$k'] } } }], {
      let: { id: 2, k: 2 },
      returnDocument: 'after',
    });
    expect(after?.doubled).toBe(4);
    await coll.bulkWrite([{ updateMany: { filter: { $expr: { $gte: ['$_id', '$$from'] } }, update: [{ $set: { tag: '$$tag' } }] } }], {
      let: { from: 2, tag: 'bulk' },
    });
    expect((await coll.find({ tag: 'bulk' }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    const removed = await coll.findOneAndDelete({ $expr: { $eq: ['$name', '$$who'] } }, { let: { who: 'cid' } });
    expect(removed?._id).toBe(3);
  });
});

describe('pipeline updates', () => {
  it('keep _id through $unset, $project, $replaceWith and $replaceRoot', async () => {
    const coll = await seeded('pipelines');
    await coll.updateOne({ _id: 1 }, [{ $unset: ['n'] }]);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'ann' });
    await coll.updateOne({ _id: 2 }, [{ $project: { name: 1 } }]);
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, name: 'bob' });
    await coll.updateOne({ _id: 3 }, [{ $replaceWith: { fresh: true } }]);
    expect(await coll.findOne({ _id: 3 })).toEqual({ _id: 3, fresh: true });
    await coll.updateMany({}, [{ $replaceRoot: { newRoot: { all: 1 } } }]);
    expect(await coll.find().toArray()).toEqual([
      { _id: 1, all: 1 },
      { _id: 2, all: 1 },
      { _id: 3, all: 1 },
    ]);
  });
});

describe('sort on updateOne and replaceOne', () => {
  it('is refused before MongoDB 8.0 (where it arrived), leaving the documents unchanged; applied from 8.0', async () => {
    const coll = await seeded('sorted_updates');
    const { versionArray } = await t.db.admin().command({ buildInfo: 1 });
    const refused = await coll.updateOne({}, { $set: { hit: true } }, { sort: { _id: -1 } } as never).catch((e: unknown) => e);
    const replaced = await coll.replaceOne({}, { name: 'x' }, { sort: { _id: -1 } } as never).catch((e: unknown) => e);
    if ((versionArray as number[])[0] >= 8) {
      expect((await coll.findOne({ hit: true }))?._id).toBe(3);
      return;
    }
    expect(refused).toBeInstanceOf(MongoServerError);
    expect(replaced).toBeInstanceOf(MongoServerError);
    expect(await coll.countDocuments({ hit: true })).toBe(0);
    expect(await coll.countDocuments({ name: 'x' })).toBe(0);
  });
});
