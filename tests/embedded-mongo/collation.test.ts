/**
 * Collations (https://www.mongodb.com/docs/manual/reference/collation/): strength 1 compares base
 * letters only (case and diacritics ignored), strength 2 adds diacritics, strength 3 (the default)
 * adds case; `locale: 'simple'` is binary comparison. A collation changes which documents match
 * and how they sort, on every CRUD command; an index serves a query only with the query's collation.
 */
import type { CollationOptions, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('collation');
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;
const caseInsensitive: CollationOptions = { locale: 'en', strength: 2 };
const baseLetters: CollationOptions = { locale: 'en', strength: 1 };
const names = ['cafe', 'Café', 'CAFE', 'café', 'tea'];

async function seeded(name: string) {
  const coll = t.db.collection<{ _id: number; name: string; [key: string]: unknown }>(name);
  await coll.insertMany(names.map((n, i) => ({ _id: i + 1, name: n })));
  return coll;
}

describe('collation on reads', () => {
  it('matches by strength on find, count, countDocuments, distinct and aggregate; simple is binary', async () => {
    const coll = await seeded('reads');
    const ids = async (filter: object, collation?: CollationOptions) =>
      (await coll.find(filter, collation ? { collation } : {}).toArray()).map((d) => d._id);
    expect(await ids({ name: 'cafe' })).toEqual([1]);
    expect(await ids({ name: 'cafe' }, { locale: 'simple' })).toEqual([1]);
    expect(await ids({ name: 'cafe' }, caseInsensitive)).toEqual([1, 3]);
    expect(await ids({ name: 'cafe' }, baseLetters)).toEqual([1, 2, 3, 4]);
    expect(await ids({ name: { $in: ['CAFÉ'] } }, caseInsensitive)).toEqual([2, 4]);
    expect(await ids({ name: { $ne: 'cafe' } }, baseLetters)).toEqual([5]);
    expect(await coll.countDocuments({ name: 'CAFE' }, { collation: baseLetters })).toBe(4);
    expect(await coll.countDocuments({ name: 'CAFE' })).toBe(1);
    expect((await t.db.command({ count: 'reads', query: { name: 'café' }, collation: caseInsensitive })).n).toBe(2);
    expect((await coll.distinct('name', {}, { collation: baseLetters })).length).toBe(2);
    expect((await coll.distinct('name', {}, { collation: caseInsensitive })).length).toBe(3);
    expect((await coll.distinct('name')).length).toBe(5);
    const matched = await coll.aggregate([{ $match: { name: 'TEA' } }], { collation: caseInsensitive }).toArray();
    expect(matched.map((d) => d._id)).toEqual([5]);
  });

  it('sorts by the collation: case-insensitively, and with numericOrdering numbers by value', async () => {
    const coll = t.db.collection('sorted');
    await coll.insertMany([{ w: 'b' }, { w: 'B' }, { w: 'a' }, { w: 'C' }]);
    const binary = await coll
      .find({}, { projection: { _id: 0 } })
      .sort({ w: 1 })
      .toArray();
    expect(binary.map((d) => d.w)).toEqual(['B', 'C', 'a', 'b']);
    const collated = await coll
      .find({}, { projection: { _id: 0 }, collation: caseInsensitive })
      .sort({ w: 1, _id: 1 })
      .toArray();
    expect(collated.map((d) => d.w.toLowerCase())).toEqual(['a', 'b', 'b', 'c']);
    const aggregated = await coll
      .aggregate([{ $sort: { w: -1 } }, { $project: { _id: 0, w: 1 } }], { collation: caseInsensitive })
      .toArray();
    expect(aggregated.map((d) => d.w.toLowerCase())).toEqual(['c', 'b', 'b', 'a']);
    const numbers = t.db.collection('numeric_strings');
    await numbers.insertMany([{ v: '10' }, { v: '9' }, { v: '100' }]);
    const byValue = await numbers
      .find({}, { collation: { locale: 'en', numericOrdering: true } })
      .sort({ v: 1 })
      .toArray();
    expect(byValue.map((d) => d.v)).toEqual(['9', '10', '100']);
  });
});

describe('collation on writes', () => {
  it('applies to updateOne/updateMany/replaceOne, deleteOne/deleteMany, findOneAnd* and bulkWrite', async () => {
    const coll = await seeded('writes');
    expect((await coll.updateMany({ name: 'CAFE' }, { $set: { hit: 1 } }, { collation: caseInsensitive })).modifiedCount).toBe(2);
    expect((await coll.updateOne({ name: 'TEA' }, { $set: { hit: 1 } }, { collation: caseInsensitive })).modifiedCount).toBe(1);
    expect((await coll.replaceOne({ name: 'TEA' }, { name: 'tea', replaced: true }, { collation: caseInsensitive })).matchedCount).toBe(1);
    const found = await coll.findOneAndUpdate({ name: 'CAFÉ' }, { $set: { seen: true } }, { collation: caseInsensitive, sort: { _id: 1 } });
    expect(found?._id).toBe(2);
    const removed = await coll.findOneAndDelete({ name: 'TEA' }, { collation: caseInsensitive });
    expect(removed?._id).toBe(5);
    const bulk = await coll.bulkWrite([
      { updateMany: { filter: { name: 'cafe' }, update: { $set: { bulk: true } }, collation: baseLetters } },
      { deleteOne: { filter: { name: 'CAFE' }, collation: caseInsensitive } },
    ]);
    expect(bulk.modifiedCount).toBe(4);
    expect(bulk.deletedCount).toBe(1);
    expect((await coll.deleteMany({ name: 'cafe' }, { collation: baseLetters })).deletedCount).toBe(3);
    expect(await coll.countDocuments()).toBe(0);
  });
});

describe('collation of collections and indexes', () => {
  it('a collection default collation applies when a command names none', async () => {
    await t.db.createCollection('defaulted', { collation: caseInsensitive });
    const coll = t.db.collection('defaulted');
    await coll.insertMany([{ k: 'Key' }, { k: 'key' }, { k: 'other' }]);
    expect(await coll.countDocuments({ k: 'KEY' })).toBe(2);
    expect(await coll.countDocuments({ k: 'KEY' }, { collation: { locale: 'simple' } })).toBe(0);
    const [info] = await t.db.listCollections({ name: 'defaulted' }).toArray();
    expect((info as unknown as { options: { collation: CollationOptions } }).options.collation).toMatchObject({
      locale: 'en',
      strength: 2,
    });
  });

  it('an index with a collation serves only queries with that collation, and is listed with it', async () => {
    const coll = t.db.collection('indexed');
    await coll.insertMany(Array.from({ length: 40 }, (_, i) => ({ word: i % 2 ? `Word${i}` : `word${i}` })));
    await coll.createIndex({ word: 1 }, { name: 'word_ci', collation: caseInsensitive });
    const [, listed] = await coll.listIndexes().toArray();
    expect(listed.collation).toMatchObject({ locale: 'en', strength: 2 });
    const plan = async (collation?: CollationOptions) =>
      JSON.stringify((await coll.find({ word: 'WORD3' }, collation ? { collation } : {}).explain()).queryPlanner.winningPlan);
    expect(await plan(caseInsensitive)).toContain('IXSCAN');
    expect(await plan()).toContain('COLLSCAN');
    expect(await coll.countDocuments({ word: 'WORD3' }, { collation: caseInsensitive })).toBe(1);
  });

  it('refuses an invalid collation with BadValue instead of ignoring it', async () => {
    const coll = t.db.collection('invalid');
    await coll.insertOne({ a: 'x' });
    const error = await coll
      .find({ a: 'x' }, { collation: { locale: 'no_such_locale_zz' } })
      .toArray()
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe(2);
    const missingLocale = await coll
      .find({}, { collation: { strength: 2 } as never })
      .toArray()
      .catch((e: unknown) => e);
    expect((missingLocale as MongoServerError).name).toBe('MongoServerError');
  });
});
