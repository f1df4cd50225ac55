import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('aggregate');
  await t.db.collection('people').insertMany([
    { _id: 'p1' as never, name: 'Ann', country: 'US' },
    { _id: 'p2' as never, name: 'Ivan', country: 'RU' },
  ]);
  await t.db.collection('quotes').insertMany([
    { speaker: 'p1', text: 'one', year: 2024 },
    { speaker: 'p1', text: 'two', year: 2025 },
    { speaker: 'p2', text: 'three', year: 2025 },
  ]);
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('aggregate', () => {
  it('groups, sorts and counts (countDocuments is an aggregate)', async () => {
    const perSpeaker = await t.db
      .collection('quotes')
      .aggregate([{ $group: { _id: '$speaker', n: { $sum: 1 } } }, { $sort: { n: -1 } }])
      .toArray();
    expect(perSpeaker).toEqual([
      { _id: 'p1', n: 2 },
      { _id: 'p2', n: 1 },
    ]);
    expect(await t.db.collection('quotes').countDocuments({ year: 2025 })).toBe(2);
  });

  it('joins collections with $lookup in both forms', async () => {
    const joined = await t.db
      .collection('quotes')
      .aggregate([
        { $match: { year: 2025 } },
        { $lookup: { from: 'people', localField: 'speaker', foreignField: '_id', as: 'who' } },
        { $sort: { text: 1 } },
        { $project: { _id: 0, text: 1, name: { $first: '$who.name' } } },
      ])
      .toArray();
    expect(joined).toEqual([
      { text: 'three', name: 'Ivan' },
      { text: 'two', name: 'Ann' },
    ]);
    const piped = await t.db
      .collection('people')
      .aggregate([
        { $lookup: { from: 'quotes', let: { id: '$_id' }, pipeline: [{ $match: { $expr: { $eq: ['$speaker', '$$id'] } } }], as: 'q' } },
        { $project: { n: { $size: '$q' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(piped).toEqual([
      { _id: 'p1', n: 2 },
      { _id: 'p2', n: 1 },
    ]);
  });

  it('runs $facet and $unionWith', async () => {
    const [facets] = await t.db
      .collection('quotes')
      .aggregate([{ $facet: { total: [{ $count: 'n' }], years: [{ $group: { _id: '$year' } }, { $sort: { _id: 1 } }] } }])
      .toArray();
    expect(facets.total).toEqual([{ n: 3 }]);
    expect(facets.years).toEqual([{ _id: 2024 }, { _id: 2025 }]);
    const union = await t.db
      .collection('people')
      .aggregate([{ $project: { _id: 1 } }, { $unionWith: { coll: 'quotes', pipeline: [{ $count: 'n' }] } }])
      .toArray();
    expect(union).toHaveLength(3);
  });

  it('writes with $out and $merge into real collections whose unique indexes hold', async () => {
    await t.db
      .collection('quotes')
      .aggregate([{ $group: { _id: '$speaker', n: { $sum: 1 } } }, { $out: 'counts' }])
      .toArray();
    expect(await t.db.collection('counts').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'p1', n: 2 },
      { _id: 'p2', n: 1 },
    ]);
    await t.db
      .collection('people')
      .aggregate([{ $project: { _id: 1, name: 1 } }, { $merge: { into: 'counts', whenMatched: 'merge' } }])
      .toArray();
    expect(await t.db.collection('counts').findOne({ _id: 'p1' as never })).toEqual({ _id: 'p1', n: 2, name: 'Ann' });

    await t.db.collection('unique_target').createIndex({ country: 1 }, { unique: true });
    await t.db.collection('unique_target').insertOne({ country: 'keep' });
    const dup = await t.db
      .collection('people')
      .aggregate([{ $project: { country: 'same' } }, { $out: 'unique_target' }])
      .toArray()
      .catch((e: unknown) => e);
    expect(codeOf(dup)).toBe(11000);
    expect(
      await t.db
        .collection('unique_target')
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ country: 'keep' }]);
  });

  it('adds fields: constants and $literal in place or at the end, expressions evaluated, stored documents untouched', async () => {
    const when = new Date('2025-04-11T00:00:00Z');
    const tagged = await t.db
      .collection('people')
      .aggregate([
        { $match: { _id: 'p1' } },
        { $addFields: { name: { $literal: '$not a path' }, tag: 7, at: when, none: null, label: 'plain' } },
        { $set: { tag: { $literal: { nested: true } } } },
      ])
      .toArray();
    expect(tagged).toEqual([
      { _id: 'p1', name: '$not a path', country: 'US', tag: { nested: true }, at: when, none: null, label: 'plain' },
    ]);
    expect(Object.keys(tagged[0])).toEqual(['_id', 'name', 'country', 'tag', 'at', 'none', 'label']);
    // Paths and operators are expressions, not constants.
    const computed = await t.db
      .collection('people')
      .aggregate([{ $match: { _id: 'p2' } }, { $addFields: { copy: '$name', upper: { $toUpper: '$name' } } }])
      .toArray();
    expect(computed).toEqual([{ _id: 'p2', name: 'Ivan', country: 'RU', copy: 'Ivan', upper: 'IVAN' }]);
    expect(await t.db.collection('people').findOne({ _id: 'p1' as never })).toEqual({ _id: 'p1', name: 'Ann', country: 'US' });
  });

  it('supports database-level $documents', async () => {
    const docs = await t.db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray();
    expect(docs).toEqual([{ x: 2 }]);
  });

  it('rejects unknown stages (change streams: change-streams.test.ts, standalone-mode.test.ts)', async () => {
    const unknown = await t.db
      .collection('quotes')
      .aggregate([{ $frobnicate: {} }])
      .toArray()
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(MongoServerError);
    expect(codeOf(unknown)).toBe(40324);
  });
});
