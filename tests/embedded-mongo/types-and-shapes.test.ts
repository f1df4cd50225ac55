/**
 * Smaller points of MongoDB's documented behaviour: `$type` takes every BSON type alias and number
 * (https://www.mongodb.com/docs/manual/reference/operator/query/type/); a projection of only `$slice`
 * keeps every other field, while `$elemMatch` projects like an inclusion; an empty array sorts
 * before null and missing fields (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/);
 * `$count` over no documents outputs nothing; `$listLocalSessions` lists the server's sessions.
 */
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('types');
});
afterAll(() => t.stop());

describe('$type', () => {
  it('tells every BSON type apart by alias and by number, numbers by their stored type', async () => {
    const coll = t.db.collection('typed');
    await coll.insertMany([
      { _id: 'double', v: new Double(1.5) },
      { _id: 'int', v: new Int32(7) },
      { _id: 'long', v: Long.fromString('9007199254740993') },
      { _id: 'decimal', v: Decimal128.fromString('2.5') },
      { _id: 'objectId', v: new ObjectId() },
      { _id: 'binData', v: new Binary(Buffer.from('ab')) },
      { _id: 'timestamp', v: new Timestamp({ t: 1, i: 1 }) },
      { _id: 'date', v: new Date(0) },
      { _id: 'null', v: null },
      { _id: 'string', v: 's' },
      { _id: 'bool', v: true },
      { _id: 'array', v: [1] },
      { _id: 'object', v: { a: 1 } },
      { _id: 'missing' },
    ] as never[]);
    const ids = async (type: unknown) =>
      (await coll.find({ v: { $type: type as never } }, { sort: { _id: 1 } }).toArray()).map((d) => d._id).sort();
    for (const alias of ['double', 'long', 'decimal', 'objectId', 'binData', 'timestamp', 'date', 'null', 'string', 'bool', 'object']) {
      expect(await ids(alias)).toEqual([alias]);
    }
    // An array field matches 'array', and also the type of its elements.
    expect(await ids('array')).toEqual(['array']);
    expect(await ids('int')).toEqual(['array', 'int']);
    expect(await ids(7)).toEqual(['objectId']);
    expect(await ids(5)).toEqual(['binData']);
    expect(await ids(17)).toEqual(['timestamp']);
    expect(await ids(10)).toEqual(['null']);
    expect(await ids('number')).toEqual(['array', 'decimal', 'double', 'int', 'long']);
    expect(await ids(['string', 'bool'])).toEqual(['bool', 'string']);
  });
});

describe('exact numeric types', () => {
  it('stores a double with an integral value as a double, and compares, sorts and sums it as a number', async () => {
    const coll = t.db.collection('doubles');
    await coll.insertMany([
      { _id: 1, v: new Double(7) },
      { _id: 2, v: new Int32(7) },
      { _id: 3, v: 7.5 },
    ] as never[]);
    const raw = await coll.find({}, { sort: { _id: 1 }, promoteValues: false }).toArray();
    expect(raw.map((d) => (d.v as { _bsontype: string })._bsontype)).toEqual(['Double', 'Int32', 'Double']);
    expect((await coll.find({ v: { $type: 'double' } }, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([1, 3]);
    expect((await coll.find({ v: { $type: 'int' } }).toArray()).map((d) => d._id)).toEqual([2]);
    expect((await coll.find({ v: 7 }, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await coll.find({ v: { $gt: 6.5 } }).toArray()).length).toBe(3);
    const [total] = await coll.aggregate([{ $group: { _id: null, sum: { $sum: '$v' } } }]).toArray();
    expect(total.sum).toBe(21.5);
    // An update that does not touch the field leaves its type alone.
    await coll.updateOne({ _id: 1 as never }, { $set: { other: true } });
    const [kept] = await coll.find({ _id: 1 as never }, { promoteValues: false }).toArray();
    expect((kept.v as { _bsontype: string })._bsontype).toBe('Double');
    expect(await coll.distinct('v')).toEqual([7, 7.5]);
  });
});

describe('projections', () => {
  it('$slice alone keeps every other field; $elemMatch returns only _id and the matched element', async () => {
    const coll = t.db.collection('projected');
    await coll.insertOne({ _id: 1 as never, title: 't', comments: [1, 2, 3, 4], votes: [{ by: 'a' }, { by: 'b' }] });
    expect(await coll.findOne({}, { projection: { comments: { $slice: 2 } } })).toEqual({
      _id: 1,
      title: 't',
      comments: [1, 2],
      votes: [{ by: 'a' }, { by: 'b' }],
    });
    expect(await coll.findOne({}, { projection: { comments: { $slice: -1 }, votes: 0 } })).toEqual({ _id: 1, title: 't', comments: [4] });
    expect(await coll.findOne({}, { projection: { comments: { $slice: [1, 2] } } })).toMatchObject({ comments: [2, 3], title: 't' });
    expect(await coll.findOne({}, { projection: { votes: { $elemMatch: { by: 'b' } } } })).toEqual({ _id: 1, votes: [{ by: 'b' }] });
  });
});

describe('sort order across types', () => {
  it('puts an empty array before null and missing fields, ascending and descending', async () => {
    const coll = t.db.collection('ordered');
    await coll.insertMany([{ _id: 1, v: 1 }, { _id: 2, v: null }, { _id: 3, v: [] }, { _id: 4 }, { _id: 5, v: 'a' }] as never[]);
    const ascending = await coll.find({}, { sort: { v: 1, _id: 1 } }).toArray();
    expect(ascending.map((d) => d._id)).toEqual([3, 2, 4, 1, 5]);
    const descending = await coll.find({}, { sort: { v: -1, _id: 1 } }).toArray();
    expect(descending.map((d) => d._id)).toEqual([5, 1, 2, 4, 3]);
    const aggregated = await coll.aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray();
    expect(aggregated.map((d) => d._id)).toEqual([3, 2, 4, 1, 5]);
  });
});

describe('$count', () => {
  it('outputs nothing when no document reaches it, and the count otherwise', async () => {
    const coll = t.db.collection('counted');
    await coll.insertMany([{ k: 1 }, { k: 2 }]);
    expect(await coll.aggregate([{ $match: { k: 99 } }, { $count: 'total' }]).toArray()).toEqual([]);
    expect(await coll.aggregate([{ $count: 'total' }]).toArray()).toEqual([{ total: 2 }]);
    expect(
      await t.db
        .collection('no_such_collection')
        .aggregate([{ $count: 'total' }])
        .toArray(),
    ).toEqual([]);
  });
});

describe('$listLocalSessions', () => {
  it('lists the session of the asking client as the first stage of a database aggregate', async () => {
    const session = t.client.startSession();
    try {
      const listed = await t.client
        .db('admin')
        .aggregate([{ $listLocalSessions: {} }, { $match: { '_id.id': session.id?.id } }], { session })
        .toArray();
      expect(listed).toHaveLength(1);
      expect(listed[0]._id.uid).toBeInstanceOf(Binary);
      expect(listed[0].lastUse).toBeInstanceOf(Date);
    } finally {
      await session.endSession();
    }
    const misplaced = await t.client
      .db('admin')
      .aggregate([{ $match: {} }, { $listLocalSessions: {} }])
      .toArray()
      .catch((e: unknown) => e);
    expect((misplaced as Error).name).toBe('MongoServerError');
  });
});
