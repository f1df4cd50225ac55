/**
 * Aggregation and write details as MongoDB documents them:
 * - an aggregate's collation applies to every stage, `$group` keys and `$lookup` matches included
 *   (https://www.mongodb.com/docs/manual/reference/collation/ — "operations that support collation");
 * - `$out` and `$merge` run the target collection's validator (121 DocumentValidationFailure) unless
 *   the aggregate says `bypassDocumentValidation: true`;
 * - a double keeps its BSON type through a pipeline that does not compute it (`$match`, `$project`,
 *   `$set`, `$sort`) and through a pipeline update;
 * - with the `maxTimeAlwaysTimeOut` fail point (test commands), a write carrying `maxTimeMS` fails
 *   with 50 MaxTimeMSExpired before writing anything; without `maxTimeMS` it runs.
 */
import { Double, MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('aggfidelity');
});
afterAll(() => t.stop());

const caseInsensitive = { locale: 'en', strength: 2 };

async function serverError(promise: Promise<unknown>): Promise<MongoServerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describe('collation in $group and $lookup', () => {
  it('groups keys the collation calls equal into one group, and only with that collation', async () => {
    const coll = t.db.collection<{ _id: number; fruit: string }>('fruit');
    await coll.insertMany([
      { _id: 1, fruit: 'Apple' },
      { _id: 2, fruit: 'apple' },
      { _id: 3, fruit: 'APPLE' },
      { _id: 4, fruit: 'banana' },
    ]);
    const pipeline = [{ $group: { _id: '$fruit', n: { $sum: 1 } } }, { $sort: { n: -1 } }, { $project: { _id: 0, n: 1 } }];
    expect(await coll.aggregate(pipeline, { collation: caseInsensitive }).toArray()).toEqual([{ n: 3 }, { n: 1 }]);
    expect((await coll.aggregate(pipeline).toArray()).map((d) => d.n)).toEqual([1, 1, 1, 1]);
  });

  it('joins $lookup localField/foreignField values the collation calls equal', async () => {
    const orders = t.db.collection<{ _id: number; sku: string }>('orders');
    const items = t.db.collection<{ _id: number; code: string }>('items');
    await orders.insertOne({ _id: 1, sku: 'ABC-1' });
    await items.insertMany([
      { _id: 10, code: 'abc-1' },
      { _id: 11, code: 'xyz-9' },
    ]);
    const pipeline = [{ $lookup: { from: 'items', localField: 'sku', foreignField: 'code', as: 'matched' } }];
    expect(await orders.aggregate(pipeline, { collation: caseInsensitive }).toArray()).toEqual([
      { _id: 1, sku: 'ABC-1', matched: [{ _id: 10, code: 'abc-1' }] },
    ]);
    expect(await orders.aggregate(pipeline).toArray()).toEqual([{ _id: 1, sku: 'ABC-1', matched: [] }]);
  });
});

describe('$out and $merge into a collection with a validator', () => {
  it('refuse documents failing it with 121, and write them with bypassDocumentValidation', async () => {
    const source = t.db.collection<{ _id: number; qty: number }>('validated_source');
    await source.insertMany([
      { _id: 1, qty: 5 },
      { _id: 2, qty: -1 },
    ]);
    for (const target of ['validated_out', 'validated_merge']) {
      await t.db.createCollection(target, { validator: { qty: { $gte: 0 } } });
      const stage = target === 'validated_out' ? { $out: target } : { $merge: { into: target } };
      expect((await serverError(source.aggregate([stage]).toArray())).code).toBe(121);
      await source.aggregate([stage], { bypassDocumentValidation: true }).toArray();
      expect(
        await t.db
          .collection(target)
          .find({}, { sort: { _id: 1 } })
          .toArray(),
      ).toEqual([
        { _id: 1, qty: 5 },
        { _id: 2, qty: -1 },
      ]);
    }
  });
});

describe('a double through a pipeline', () => {
  it('stays a double through $match, $set, $project and $sort, and through a pipeline update', async () => {
    const coll = t.db.collection('doubles_piped');
    await coll.insertOne({ _id: 1, v: new Double(7), w: { x: new Double(2) } } as never);
    const [out] = await coll
      .aggregate([{ $match: { v: 7 } }, { $set: { tag: 'x' } }, { $project: { v: 1, w: 1 } }, { $sort: { v: 1 } }], {
        promoteValues: false,
      })
      .toArray();
    expect((out.v as { _bsontype: string })._bsontype).toBe('Double');
    expect((out.w.x as { _bsontype: string })._bsontype).toBe('Double');
    await coll.updateOne({ _id: 1 as never }, [{ $set: { seen: true } }]);
    const [stored] = await coll.find({}, { promoteValues: false }).toArray();
    expect((stored.v as { _bsontype: string })._bsontype).toBe('Double');
    expect(stored.seen).toBe(true);
  });
});

describe('maxTimeMS on writes', () => {
  it('fails a write carrying maxTimeMS with 50 under maxTimeAlwaysTimeOut, writing nothing', async () => {
    const server = await startEmbeddedMongo({ enableTestCommands: true });
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 });
    try {
      const coll = client.db('maxtime').collection<{ _id: number }>('writes');
      await client.db('admin').command({ configureFailPoint: 'maxTimeAlwaysTimeOut', mode: 'alwaysOn' });
      expect((await serverError(coll.insertOne({ _id: 1 }, { maxTimeMS: 10_000 }))).code).toBe(50);
      expect((await serverError(coll.updateOne({}, { $set: { a: 1 } }, { maxTimeMS: 10_000, upsert: true }))).code).toBe(50);
      await coll.insertOne({ _id: 2 });
      await client.db('admin').command({ configureFailPoint: 'maxTimeAlwaysTimeOut', mode: 'off' });
      expect(await coll.find({}).toArray()).toEqual([{ _id: 2 }]);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
