/**
 * An anchored regex on an indexed field reads only its prefix's range of the index (mongod's bounds
 * for `/^put/` are ["put", "puu") plus the stored regexes) — and finds exactly what a full scan
 * finds, in any sort order, for prefixes, patterns that only look like prefixes, and flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
const VALUES: unknown[] = [
  'put',
  'puta',
  'putin',
  'putt',
  'puu',
  'pus',
  'pt',
  'Put',
  'PUTIN',
  'pütz',
  'pu.t',
  'pu\ntin',
  'zeta\nputin',
  42,
  null,
  ['alpha', 'putin'],
  ['putz', 'puta'],
];

beforeAll(async () => {
  t = await startTestDatabase('regex_bounds');
  await t.db.collection('words').insertMany(VALUES.map((value, i) => ({ _id: i, value }) as never));
  await t.db.collection('words').createIndex({ value: 1 });
  // The same documents without the index: its answers come from a full scan and a sort.
  await t.db.collection('scanned').insertMany(VALUES.map((value, i) => ({ _id: i, value }) as never));
});
afterAll(() => t.stop());

const idsOf = (docs: Array<{ _id: unknown }>) => docs.map((doc) => doc._id as number);

/** What mongod matches: a string, or an array with a string, that the pattern matches. */
function expected(pattern: RegExp): number[] {
  const matches = (value: unknown): boolean =>
    Array.isArray(value) ? value.some(matches) : typeof value === 'string' && pattern.test(value);
  return VALUES.flatMap((value, i) => (matches(value) ? [i] : []));
}

describe('anchored regex on an index', () => {
  it('finds exactly what the pattern matches, prefix or not, with any flags', async () => {
    for (const pattern of [/^put/, /^pu/, /^pu?t/, /^pu*t/, /^p.t/, /^put|pus/, /^pu\.t/, /^put/i, /^put/m, /^putin$/, /^pü/, /put/]) {
      const found = await t.db.collection('words').find({ value: pattern }).sort({ _id: 1 }).toArray();
      expect(idsOf(found), String(pattern)).toEqual(expected(pattern));
      const asOperator = await t.db
        .collection('words')
        .find({ value: { $regex: pattern.source, $options: pattern.flags } })
        .sort({ _id: 1 })
        .toArray();
      expect(idsOf(asOperator), `$regex ${pattern}`).toEqual(expected(pattern));
    }
  });

  it('walks the range in the index order asked for', async () => {
    for (const direction of [1, -1] as const) {
      for (const limit of [0, 2, 4]) {
        const read = (name: string) =>
          t.db.collection(name).find({ value: /^put/ }).sort({ value: direction, _id: 1 }).limit(limit).toArray();
        const [indexed, scanned] = await Promise.all([read('words'), read('scanned')]);
        expect(idsOf(indexed), `direction ${direction}, limit ${limit}`).toEqual(idsOf(scanned));
        if (limit === 0) expect(new Set(idsOf(indexed))).toEqual(new Set(expected(/^put/)));
      }
    }
  });

  it('reads the index, not the collection', async () => {
    const plan = await t.db.collection('words').find({ value: /^put/ }).explain();
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toMatch(/"stage":"IXSCAN"/);
  });
});
