/**
 * Filters of top-level fields compared with strings, which the embedded server tests natively:
 * through the driver against hand-worked answers (as mongod gives them), and in process against
 * mingo's general matcher on many random documents and filters.
 */
import { Query } from 'mingo/query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../src/embedded-mongo/bson-values.js';
import { filterOptions } from '../../src/embedded-mongo/mingo-options.js';
import { stringFilter } from '../../src/embedded-mongo/string-filter.js';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
const DOCS = [
  { _id: 1, status: 'PENDING' },
  { _id: 2, status: 'CONFIRMED' },
  { _id: 3 },
  { _id: 4, status: null },
  { _id: 5, status: ['PENDING', 'X'] },
  { _id: 6, status: [['PENDING']] },
  { _id: 7, status: 7 },
  { _id: 8, status: 'REJECTED', kind: 'PARAPHRASE' },
  { _id: 9, status: [], kind: 'DIRECT_QUOTE' },
];

beforeAll(async () => {
  t = await startTestDatabase('string_filter');
  await t.db.collection('items').insertMany(DOCS as never[]);
});
afterAll(() => t.stop());

const ids = async (filter: Doc) => (await t.db.collection('items').find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);

describe('filters of fields compared with strings', () => {
  it('match strings and the strings of an array, one level deep; negations match missing fields', async () => {
    expect(await ids({ status: 'PENDING' })).toEqual([1, 5]);
    expect(await ids({ status: { $eq: 'PENDING' } })).toEqual([1, 5]);
    expect(await ids({ status: { $ne: 'PENDING' } })).toEqual([2, 3, 4, 6, 7, 8, 9]);
    expect(await ids({ status: { $in: ['PENDING', 'REJECTED'] } })).toEqual([1, 5, 8]);
    expect(await ids({ status: { $nin: ['PENDING', 'REJECTED'] } })).toEqual([2, 3, 4, 6, 7, 9]);
    expect(await ids({ status: { $in: [] } })).toEqual([]);
    expect(await ids({ status: { $nin: [] } })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await ids({ status: { $nin: ['PENDING'], $ne: 'CONFIRMED' } })).toEqual([3, 4, 6, 7, 8, 9]);
    expect(await ids({ status: { $nin: ['PENDING', 'REJECTED'] }, kind: 'DIRECT_QUOTE' })).toEqual([9]);
  });

  it('agree with mingo on random documents and filters', () => {
    let state = 7;
    const random = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % n;
    };
    const words = ['a', 'b', 'c', 'A', ''];
    const value = (): unknown => {
      const pick = random(8);
      if (pick < 3) return words[random(words.length)];
      if (pick === 3) return Array.from({ length: random(3) }, () => words[random(words.length)]);
      if (pick === 4) return [[words[random(words.length)]]];
      if (pick === 5) return null;
      if (pick === 6) return random(3);
      return undefined;
    };
    const list = () => Array.from({ length: random(3) }, () => words[random(words.length)]);
    const condition = (): unknown => {
      const pick = random(5);
      if (pick === 0) return words[random(words.length)];
      if (pick === 1) return { $ne: words[random(words.length)] };
      if (pick === 2) return { $in: list() };
      if (pick === 3) return { $nin: list() };
      return { $eq: words[random(words.length)], $nin: list() };
    };
    for (let round = 0; round < 300; round++) {
      const filter: Doc = { f: condition() };
      if (random(2) === 0) filter.g = condition();
      const native = stringFilter(filter);
      expect(native).toBeDefined();
      const mingo = new Query(filter, filterOptions(filter));
      for (let i = 0; i < 40; i++) {
        const doc: Doc = { _id: i };
        for (const field of ['f', 'g']) {
          const v = value();
          if (v !== undefined) doc[field] = v;
        }
        expect(native?.test(doc), JSON.stringify({ filter, doc })).toBe(mingo.test(doc));
      }
    }
  });

  it('leave other filters to the general matcher', () => {
    for (const filter of [{ 'a.b': 'x' }, { a: 1 }, { a: { $gt: 'x' } }, { a: { $in: ['x', 1] } }, { $or: [{ a: 'x' }] }, { a: /x/ }, {}])
      expect(stringFilter(filter as Doc)).toBeUndefined();
  });
});
