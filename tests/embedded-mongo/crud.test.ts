import { Long, type MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('crud');
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('inserts and reads', () => {
  it('generates _id, keeps it first, and returns documents by filter, sort, skip, limit and projection', async () => {
    const coll = t.db.collection('people');
    await coll.insertMany([
      { name: 'Ann', age: 30, city: 'Oslo' },
      { name: 'Bob', age: 25, city: 'Rome' },
      { name: 'Cid', age: 35, city: 'Oslo' },
    ]);
    const all = await coll.find({}).toArray();
    expect(all).toHaveLength(3);
    for (const doc of all) {
      expect(doc._id).toBeInstanceOf(ObjectId);
      expect(Object.keys(doc)[0]).toBe('_id');
    }
    const oslo = await coll
      .find({ city: 'Oslo' }, { projection: { _id: 0, name: 1 } })
      .sort({ age: -1 })
      .toArray();
    expect(oslo).toEqual([{ name: 'Cid' }, { name: 'Ann' }]);
    // Exclusions keep every other field in stored order, `_id` included unless excluded.
    const withoutCity = await coll.find({ name: 'Bob' }, { projection: { city: 0, missing: 0 } }).toArray();
    expect(Object.keys(withoutCity[0])).toEqual(['_id', 'name', 'age']);
    expect(await coll.find({ name: 'Bob' }, { projection: { _id: false, age: 0 } }).toArray()).toEqual([{ name: 'Bob', city: 'Rome' }]);
    // Inclusions keep stored order too, whatever order the projection names the fields in.
    const [picked] = await coll.find({ name: 'Bob' }, { projection: { city: 1, name: true } }).toArray();
    expect(Object.keys(picked)).toEqual(['_id', 'name', 'city']);
    expect(await coll.find({ name: 'Bob' }, { projection: { _id: 0, city: 1 } }).toArray()).toEqual([{ city: 'Rome' }]);
    // Field names that are also Object.prototype's are fields like any other.
    const odd = t.db.collection('odd_names');
    await odd.insertOne({ name: 'Dee', constructor: 'kept apart', toString: 'too' });
    expect(await odd.find({}, { projection: { _id: 0, name: 1 } }).toArray()).toEqual([{ name: 'Dee' }]);
    expect(await odd.find({}, { projection: { _id: 0, toString: 0 } }).toArray()).toEqual([{ name: 'Dee', constructor: 'kept apart' }]);
    // $expr evaluates aggregation expressions, at the top level or inside $and.
    expect((await coll.find({ $expr: { $gt: ['$age', 30] } }).toArray()).map((d) => d.name)).toEqual(['Cid']);
    expect(
      (await coll.find({ $and: [{ city: 'Oslo' }, { $expr: { $lt: [{ $strLenCP: '$name' }, 4] } }] }).toArray()).map((d) => d.name),
    ).toEqual(['Ann', 'Cid']);
    const page = await coll.find({}).sort({ age: 1 }).skip(1).limit(1).toArray();
    expect(page.map((d) => d.name)).toEqual(['Ann']);
    expect(await coll.findOne({ age: { $gt: 100 } })).toBeNull();
  });

  it('keeps a client-provided _id first even when the driver appends it last', async () => {
    const coll = t.db.collection<{ _id: string; a: number; b: number }>('ordered_id');
    await coll.insertOne({ b: 1, a: 2, _id: 'x' });
    const raw = await coll.findOne({ _id: 'x' });
    expect(Object.keys(raw ?? {})).toEqual(['_id', 'b', 'a']);
  });

  it('rejects an array _id with code 53', async () => {
    const error = await t.db
      .collection('bad_id')
      .insertOne({ _id: [1, 2] as unknown as ObjectId })
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe(53);
  });

  it('streams results larger than one batch through getMore', async () => {
    const coll = t.db.collection('big');
    await coll.insertMany(Array.from({ length: 1234 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const doc of coll.find({}, { batchSize: 100 }).sort({ i: 1 })) seen.push(doc.i);
    expect(seen).toHaveLength(1234);
    expect(seen[1233]).toBe(1233);
    const status = await t.db.admin().serverStatus();
    expect(Number(status.opcounters.getmore)).toBeGreaterThan(0);
  });

  it('kills cursors and then reports them not found (43)', async () => {
    const coll = t.db.collection('big');
    const reply = await t.db.command({ find: 'big', batchSize: 2 }, { promoteLongs: false });
    const id = reply.cursor.id as Long;
    expect(Long.isLong(id)).toBe(true);
    expect(id.isZero()).toBe(false);
    const killed = await t.db.command({ killCursors: 'big', cursors: [id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const error = await t.db.command({ getMore: id, collection: 'big' }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe(43);
    expect(await coll.countDocuments({ i: { $lt: 10 } })).toBe(10);
  });

  it('counts and returns distinct values in BSON order', async () => {
    const coll = t.db.collection('tags');
    await coll.insertMany([{ tags: ['b', 'a'] }, { tags: ['c', 'a'] }, { tags: 'z' }, { other: 1 }]);
    expect(await coll.distinct('tags')).toEqual(['a', 'b', 'c', 'z']);
    expect(await coll.countDocuments({ tags: 'a' })).toBe(2);
    expect(await coll.estimatedDocumentCount()).toBe(4);
  });
});

describe('updates', () => {
  it('applies operators and counts matched and modified separately', async () => {
    const coll = t.db.collection<{ k: string; n: number; list: number[] }>('counters');
    await coll.insertMany([
      { k: 'a', n: 1, list: [1, 2, 3] },
      { k: 'b', n: 2, list: [] },
    ]);
    const same = await coll.updateOne({ k: 'a' }, { $set: { n: 1 } });
    expect(same.matchedCount).toBe(1);
    expect(same.modifiedCount).toBe(0);
    const many = await coll.updateMany({}, { $inc: { n: 10 }, $push: { list: 9 } });
    expect(many.modifiedCount).toBe(2);
    expect((await coll.findOne({ k: 'a' }))?.list).toEqual([1, 2, 3, 9]);
    await coll.updateOne({ k: 'a', list: 2 }, { $set: { 'list.$': 20 } });
    expect((await coll.findOne({ k: 'a' }))?.list).toEqual([1, 20, 3, 9]);
  });

  it('updates array elements chosen by arrayFilters', async () => {
    const coll = t.db.collection('grades');
    await coll.insertOne({ _id: 1 as unknown as ObjectId, grades: [{ g: 80 }, { g: 95 }, { g: 60 }] });
    await coll.updateOne(
      { _id: 1 as unknown as ObjectId },
      { $set: { 'grades.$[low].g': 70 } },
      { arrayFilters: [{ 'low.g': { $lt: 70 } }] },
    );
    expect((await coll.findOne({}))?.grades).toEqual([{ g: 80 }, { g: 95 }, { g: 70 }]);
  });

  it('replaces whole documents, keeping _id', async () => {
    const coll = t.db.collection('replace');
    const { insertedId } = await coll.insertOne({ a: 1, b: 2 });
    await coll.replaceOne({ _id: insertedId }, { c: 3 });
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
  });

  it('runs pipeline updates', async () => {
    const coll = t.db.collection('pipeline_update');
    await coll.insertOne({ first: 'Ada', last: 'Lovelace' });
    await coll.updateOne({}, [{ $set: { full: { $concat: ['$first', ' ', '$last'] } } }]);
    expect((await coll.findOne({}))?.full).toBe('Ada Lovelace');
  });

  it('upserts from the query equality fields, with $setOnInsert only on insert', async () => {
    const coll = t.db.collection('upserts');
    const first = await coll.updateOne(
      { slug: 'x', 'meta.kind': 'k' },
      { $set: { seen: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    expect(first.upsertedId).toBeInstanceOf(ObjectId);
    const again = await coll.updateOne(
      { slug: 'x', 'meta.kind': 'k' },
      { $set: { seen: 2 }, $setOnInsert: { created: false } },
      { upsert: true },
    );
    expect(again.upsertedCount).toBe(0);
    expect(again.matchedCount).toBe(1);
    const doc = await coll.findOne({ slug: 'x' });
    expect(doc).toMatchObject({ slug: 'x', meta: { kind: 'k' }, seen: 2, created: true });
  });

  it('refuses to change _id (66) and conflicting operators (40)', async () => {
    const coll = t.db.collection('immutable');
    const { insertedId } = await coll.insertOne({ a: 1 });
    const changeId = await coll.updateOne({ _id: insertedId }, { $set: { _id: new ObjectId() } }).catch((e: unknown) => e);
    expect(codeOf(changeId)).toBe(66);
    const replaceId = await coll.replaceOne({ _id: insertedId }, { _id: new ObjectId(), a: 2 }).catch((e: unknown) => e);
    expect(codeOf(replaceId)).toBe(66);
    const conflict = await coll.updateOne({ _id: insertedId }, { $set: { a: 1 }, $inc: { a: 1 } }).catch((e: unknown) => e);
    expect(codeOf(conflict)).toBe(40);
  });

  it('rejects $inc on a non-number (14) and unknown modifiers (9)', async () => {
    const coll = t.db.collection('types');
    await coll.insertOne({ s: 'text' });
    const inc = await coll.updateOne({}, { $inc: { s: 1 } }).catch((e: unknown) => e);
    expect(codeOf(inc)).toBe(14);
    const unknown = await t.db
      .command({ update: 'types', updates: [{ q: {}, u: { $frobnicate: { s: 1 } } }] })
      .then((r) => r.writeErrors?.[0]?.code);
    expect(unknown).toBe(9);
    expect((await coll.findOne({}))?.s).toBe('text');
  });
});

describe('deletes and findAndModify', () => {
  it('deletes one or many', async () => {
    const coll = t.db.collection('deletes');
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
  });

  it('returns the document before or after, with sort, upsert and remove', async () => {
    const coll = t.db.collection('fam');
    await coll.insertMany([
      { q: 1, v: 'a' },
      { q: 2, v: 'b' },
    ]);
    const before = await coll.findOneAndUpdate({}, { $set: { v: 'z' } }, { sort: { q: -1 } });
    expect(before?.v).toBe('b');
    const after = await coll.findOneAndUpdate({ q: 1 }, { $set: { v: 'y' } }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(after).toEqual({ q: 1, v: 'y' });
    const upserted = await coll.findOneAndUpdate(
      { q: 3 },
      { $set: { v: 'c' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.lastErrorObject?.updatedExisting).toBe(false);
    expect(upserted.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    const removed = await coll.findOneAndDelete({ q: 2 });
    expect(removed?.v).toBe('z');
    expect(await coll.countDocuments()).toBe(2);
    const replaced = await coll.findOneAndReplace({ q: 1 }, { q: 1, v: 'new' }, { returnDocument: 'after' });
    expect(replaced?.v).toBe('new');
  });
});

describe('upsert _id', () => {
  it('takes the _id an upsert sets through $setOnInsert', async () => {
    const coll = t.db.collection('upsert_id');
    const chosen = new ObjectId();
    await coll.updateOne({ slug: 'a' }, { $set: { v: 1 }, $setOnInsert: { _id: chosen } }, { upsert: true });
    expect((await coll.findOne({ slug: 'a' }))?._id.toHexString()).toBe(chosen.toHexString());
    const again = await coll.updateOne({ slug: 'a' }, { $set: { v: 1 }, $setOnInsert: { _id: new ObjectId() } }, { upsert: true });
    expect(again.modifiedCount).toBe(0);
    expect((await coll.findOne({ slug: 'a' }))?._id.toHexString()).toBe(chosen.toHexString());
  });
});

describe('bulkWrite', () => {
  it('runs mixed operations in order and reports each kind', async () => {
    const coll = t.db.collection<{ _id: number; v: number }>('bulk_mixed');
    const result = await coll.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } } },
      { insertOne: { document: { _id: 2, v: 2 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { v: 10 } } } },
      { replaceOne: { filter: { _id: 2 }, replacement: { v: 20 } } },
      { updateMany: { filter: {}, update: { $set: { seen: true } } } },
      { deleteOne: { filter: { _id: 2 } } },
      { updateOne: { filter: { _id: 3 }, update: { $set: { v: 3 } }, upsert: true } },
    ]);
    expect(result.insertedCount).toBe(2);
    expect(result.matchedCount).toBe(4);
    expect(result.modifiedCount).toBe(4);
    expect(result.deletedCount).toBe(1);
    expect(result.upsertedCount).toBe(1);
    expect(await coll.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: 11, seen: true },
      { _id: 3, v: 3 },
    ]);
  });
});
