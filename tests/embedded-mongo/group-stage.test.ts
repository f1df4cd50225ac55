/**
 * `$group` as mongod groups, for the counting shape the embedded server runs itself
 * (src/embedded-mongo/group-stage.ts) and for the shapes it leaves to mingo: BSON-equal keys of
 * different numeric types form one group, a missing field is left out of an object key (unlike a
 * null one), `$ifNull` and a bare `$field` key make missing null, `$min`/`$max` skip nulls.
 */
import { Double, Int32, Long } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('group_stage');
  await t.db.collection('rows').insertMany([
    { n: new Int32(1), b: 'x', day: '2025-04-02' },
    { n: new Double(1), b: null, day: '2025-04-01' },
    { n: 1, day: null },
    { n: 2, b: 'x', day: '2025-04-09' },
    { n: 2, b: 'x' },
  ]);
});
afterAll(() => t.stop());

const grouped = (group: Record<string, unknown>) =>
  t.db
    .collection('rows')
    .aggregate([{ $group: group }, { $sort: { _id: 1 } }], { promoteValues: true })
    .toArray();

describe('$group', () => {
  it('puts BSON-equal numbers of different types in one group, counting and taking the earliest and latest', async () => {
    expect(await grouped({ _id: '$n', count: { $sum: 1 }, first: { $min: '$day' }, last: { $max: '$day' } })).toEqual([
      { _id: 1, count: 3, first: '2025-04-01', last: '2025-04-02' },
      { _id: 2, count: 2, first: '2025-04-09', last: '2025-04-09' },
    ]);
  });

  it('leaves a missing field out of an object key, so it differs from a null one', async () => {
    const groups = await grouped({ _id: { n: '$n', b: '$b' }, count: { $sum: 1 } });
    expect(groups).toEqual([
      { _id: { n: 1 }, count: 1 },
      { _id: { n: 1, b: null }, count: 1 },
      { _id: { n: 1, b: 'x' }, count: 1 },
      { _id: { n: 2, b: 'x' }, count: 2 },
    ]);
  });

  it('makes missing null with $ifNull and with a bare field key', async () => {
    expect(await grouped({ _id: { b: { $ifNull: ['$b', null] } }, count: { $sum: 1 } })).toEqual([
      { _id: { b: null }, count: 2 },
      { _id: { b: 'x' }, count: 3 },
    ]);
    expect(await grouped({ _id: '$b', count: { $sum: 1 } })).toEqual([
      { _id: null, count: 2 },
      { _id: 'x', count: 3 },
    ]);
  });

  it('gives null for $min and $max when a group has only nulls and missing values, and one group for a null key', async () => {
    const [all] = await grouped({ _id: null, count: { $sum: 1 }, none: { $min: '$absent' }, top: { $max: '$day' } });
    expect(all).toEqual({ _id: null, count: 5, none: null, top: '2025-04-09' });
  });

  it('groups by whole arrays and by 64-bit integers (shapes left to mingo) with the same rules', async () => {
    const tagged = t.db.collection('tagged');
    await tagged.insertMany([{ tags: ['a', 'b'] }, { tags: ['a', 'b'] }, { tags: ['b'] }, { big: Long.fromNumber(5) }, { big: 5 }]);
    const byTags = await tagged
      .aggregate([{ $match: { tags: { $exists: true } } }, { $group: { _id: '$tags', count: { $sum: 1 } } }, { $sort: { count: -1 } }])
      .toArray();
    expect(byTags).toEqual([
      { _id: ['a', 'b'], count: 2 },
      { _id: ['b'], count: 1 },
    ]);
    const byBig = await tagged
      .aggregate([{ $match: { big: { $exists: true } } }, { $group: { _id: '$big', count: { $sum: 1 } } }], { promoteLongs: true })
      .toArray();
    expect(byBig).toEqual([{ _id: 5, count: 2 }]);
  });
});
