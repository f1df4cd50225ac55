import { MinKey, MongoBulkWriteError, MongoServerError, ObjectId, type Sort } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('indexes');
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('index management', () => {
  it('creates, lists and drops indexes with mongod reply shapes', async () => {
    const coll = t.db.collection('managed');
    await coll.insertOne({ a: 1 });
    const name = await coll.createIndex({ a: 1, b: -1 });
    expect(name).toBe('a_1_b_-1');
    const again = await t.db.command({ createIndexes: 'managed', indexes: [{ key: { a: 1, b: -1 }, name }] });
    expect(again.numIndexesBefore).toBe(again.numIndexesAfter);
    const indexes = await coll.listIndexes().toArray();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'a_1_b_-1']);
    const conflict = await coll.createIndex({ a: 1, b: -1 }, { name: 'other', unique: true }).catch((e: unknown) => e);
    expect(codeOf(conflict)).toBe(85);
    const sameName = await coll.createIndex({ z: 1 }, { name }).catch((e: unknown) => e);
    expect(codeOf(sameName)).toBe(86);
    await coll.dropIndex(name);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    expect(codeOf(await coll.dropIndex('nope').catch((e: unknown) => e))).toBe(27);
    expect(codeOf(await coll.dropIndex('_id_').catch((e: unknown) => e))).toBe(72);
    expect(
      codeOf(
        await t.db
          .collection('absent')
          .listIndexes()
          .toArray()
          .catch((e: unknown) => e),
      ),
    ).toBe(26);
  });
});

describe('unique indexes', () => {
  it('reports a duplicate as 11000 with keyPattern and keyValue', async () => {
    const coll = t.db.collection('users');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a@x' });
    const error = await coll.insertOne({ email: 'a@x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(codeOf(error)).toBe(11000);
    expect((error as MongoServerError).keyPattern).toEqual({ email: 1 });
    expect((error as MongoServerError).keyValue).toEqual({ email: 'a@x' });
    const update = await coll
      .insertOne({ email: 'b@x' })
      .then(() => coll.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }))
      .catch((e: unknown) => e);
    expect(codeOf(update)).toBe(11000);
    expect(await coll.countDocuments({ email: 'b@x' })).toBe(1);
  });

  it('stops an ordered insertMany at the first duplicate and continues an unordered one', async () => {
    const coll = t.db.collection('bulk');
    await coll.createIndex({ k: 1 }, { unique: true });
    const ordered = await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]).catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect((ordered as MongoBulkWriteError).insertedCount).toBe(1);
    expect(await coll.countDocuments()).toBe(1);
    const unordered = await coll.insertMany([{ k: 1 }, { k: 3 }, { k: 4 }], { ordered: false }).catch((e: unknown) => e);
    expect(unordered).toBeInstanceOf(MongoBulkWriteError);
    expect((unordered as MongoBulkWriteError).writeErrors).toHaveLength(1);
    expect((unordered as MongoBulkWriteError).insertedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(3);
  });

  it('treats a missing field as null unless the index is sparse or partial', async () => {
    const plain = t.db.collection('plain_unique');
    await plain.createIndex({ code: 1 }, { unique: true });
    await plain.insertOne({ other: 1 });
    expect(codeOf(await plain.insertOne({ other: 2 }).catch((e: unknown) => e))).toBe(11000);

    const sparse = t.db.collection('sparse_unique');
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ other: 1 }, { other: 2 }, { code: 'x' }]);
    expect(codeOf(await sparse.insertOne({ code: 'x' }).catch((e: unknown) => e))).toBe(11000);

    const partial = t.db.collection('partial_unique');
    await partial.createIndex({ slug: 1 }, { unique: true, partialFilterExpression: { live: true } });
    await partial.insertMany([
      { slug: 's', live: false },
      { slug: 's', live: false },
      { slug: 's', live: true },
    ]);
    expect(codeOf(await partial.insertOne({ slug: 's', live: true }).catch((e: unknown) => e))).toBe(11000);
  });

  it('holds in a partial index exactly what its filter matches: a string in an array, not in a nested array, nor another type', async () => {
    const coll = t.db.collection('partial_membership');
    await coll.createIndex({ u: 1 }, { unique: true, partialFilterExpression: { kind: 'a' } });
    await coll.insertOne({ u: 1, kind: 'a' });
    // A document the filter matches takes the index's key 1 again: DuplicateKey. One it does not match stays out of the index.
    const inIndex = async (kind: unknown) => {
      const error = await coll.insertOne(kind === undefined ? { u: 1 } : { u: 1, kind }).catch((e: unknown) => e);
      if (error === undefined || (error as { insertedId?: unknown }).insertedId) return false;
      expect(codeOf(error)).toBe(11000);
      return true;
    };
    expect(await inIndex('a')).toBe(true);
    expect(await inIndex(['b', 'a'])).toBe(true);
    expect(await inIndex([['a']])).toBe(false);
    expect(await inIndex('A')).toBe(false);
    expect(await inIndex(['b'])).toBe(false);
    expect(await inIndex(null)).toBe(false);
    expect(await inIndex(undefined)).toBe(false);
    expect(await inIndex({ kind: 'a' })).toBe(false);
    // A document moving into the filter by an update is checked too; one moving out frees its key.
    const outside = await coll.findOne({ kind: 'A' });
    const moved = await coll.updateOne({ _id: outside?._id }, { $set: { kind: ['a'] } }).catch((e: unknown) => e);
    expect(codeOf(moved)).toBe(11000);
    await coll.updateOne({ kind: 'a' }, { $set: { kind: 'z' } });
    await coll.updateOne({ _id: outside?._id }, { $set: { kind: ['a'] } });
    expect(await coll.countDocuments({ u: 1 })).toBe(7);
  });

  it('enforces compound and multikey uniqueness', async () => {
    const compound = t.db.collection('compound_unique');
    await compound.createIndex({ a: 1, b: 1 }, { unique: true });
    await compound.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
    ]);
    const error = await compound.insertOne({ a: 1, b: 2 }).catch((e: unknown) => e);
    expect((error as MongoServerError).keyValue).toEqual({ a: 1, b: 2 });

    const multikey = t.db.collection('multikey_unique');
    await multikey.createIndex({ tags: 1 }, { unique: true });
    await multikey.insertOne({ tags: ['x', 'y'] });
    expect(codeOf(await multikey.insertOne({ tags: ['z', 'y'] }).catch((e: unknown) => e))).toBe(11000);
    await multikey.insertOne({ tags: ['z', 'z'] });
  });

  it('refuses to build a unique index over existing duplicates', async () => {
    const coll = t.db.collection('dupes_exist');
    await coll.insertMany([{ v: 1 }, { v: 1 }]);
    expect(codeOf(await coll.createIndex({ v: 1 }, { unique: true }).catch((e: unknown) => e))).toBe(11000);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('queries through indexes', () => {
  it('returns the same answers through an index as without one', async () => {
    const coll = t.db.collection('indexed_reads');
    const docs = Array.from({ length: 300 }, (_, i) => ({ n: i % 50, s: `k${i % 7}`, arr: [i % 3, (i % 3) + 10] }));
    await coll.insertMany(docs);
    const queries = [
      { n: 7 },
      { n: { $gte: 10, $lt: 13 } },
      { n: { $in: [1, 2, 49] } },
      { s: 'k3', n: { $gt: 40 } },
      { arr: 11 },
      { arr: { $gt: 1, $lt: 10 } },
      { n: { $gt: 'a' } },
      { n: 7, $and: [{ n: { $lt: 5 } }] },
      { $and: [{ s: 'k3' }, { n: { $gte: 45 } }, { arr: 12 }] },
      { missing: null, n: { $in: [3, 4] } },
    ];
    const before = await Promise.all(queries.map((q) => coll.find(q).sort({ _id: 1 }).toArray()));
    await coll.createIndex({ n: 1 });
    await coll.createIndex({ s: 1, n: -1 });
    await coll.createIndex({ arr: 1 });
    const after = await Promise.all(queries.map((q) => coll.find(q).sort({ _id: 1 }).toArray()));
    expect(after).toEqual(before);
    expect(after[0]).toHaveLength(6);
    expect(after[7]).toHaveLength(0);
    expect(after[9]).toHaveLength(12);
    // Each bound may be met by a different element of the array: every document matches.
    expect(after[5]).toHaveLength(300);
    const sorted = await coll.find({ s: 'k3' }).sort({ n: -1 }).limit(5).toArray();
    expect(sorted.map((d) => d.n)).toEqual([...sorted.map((d) => d.n)].sort((a, b) => b - a));
  });

  it('reads by _id: ObjectIds and strings, $in with repeats and misses, in _id order, other conditions applied', async () => {
    const coll = t.db.collection<{ _id: ObjectId | string | number; n: number }>('by_id');
    const ids = Array.from({ length: 6 }, () => new ObjectId());
    await coll.insertMany([...ids.map((_id, i) => ({ _id, n: i })), { _id: 'b', n: 10 }, { _id: 'a', n: 11 }, { _id: 5, n: 12 }]);
    const ns = async (filter: object, sort?: Sort) => (await coll.find(filter, sort ? { sort } : {}).toArray()).map((d) => d.n);
    expect(await ns({ _id: ids[3] })).toEqual([3]);
    expect(await ns({ _id: 'a' })).toEqual([11]);
    expect(await ns({ _id: '5' })).toEqual([]);
    expect(await ns({ _id: 5 })).toEqual([12]);
    expect(await ns({ _id: new ObjectId() })).toEqual([]);
    // As the _id index gives them: strings before ObjectIds, each in order; a repeated id once.
    expect(await ns({ _id: { $in: [ids[4], 'b', new ObjectId(), ids[1], 'a', ids[4]] } })).toEqual([11, 10, 1, 4]);
    expect(await ns({ _id: { $in: [ids[4], ids[1], ids[2]] } }, { n: -1 })).toEqual([4, 2, 1]);
    expect(await ns({ _id: { $in: [] } })).toEqual([]);
    expect(await ns({ _id: { $in: ids }, n: { $gte: 2, $lt: 5 } })).toEqual([2, 3, 4]);
    expect(await ns({ $and: [{ _id: ids[0] }, { n: 1 }] })).toEqual([]);
    expect(await coll.countDocuments({ _id: { $in: [...ids, 'a', 'zz'] } })).toBe(7);
    await coll.deleteOne({ _id: ids[3] });
    await coll.updateOne({ _id: ids[2] }, { $set: { n: 20 } });
    expect(await ns({ _id: { $in: [ids[2], ids[3]] } })).toEqual([20]);
  });

  it('rejects an unknown operator (BadValue, 2) even beside conditions an index can serve', async () => {
    const coll = t.db.collection('indexed_bad_operator');
    await coll.createIndex({ n: 1 });
    await coll.insertMany([{ n: 1 }, { n: 2 }]);
    for (const filter of [{ n: { $gt: 0, $bogus: 1 } }, { n: 1, m: { $bogus: 1 } }, { $and: [{ n: 1 }, { n: { $bogus: 1 } }] }]) {
      const error = await coll
        .find(filter)
        .toArray()
        .catch((e: unknown) => e);
      expect(codeOf(error), JSON.stringify(filter)).toBe(2);
    }
  });

  it('stays exact over thousands of entries written before and after the index, and deletes', async () => {
    const coll = t.db.collection<{ _id: number; k: number; g: number }>('large_index');
    // Keys in a scrambled order (7919 is prime), so inserts land all over the index, not at its end.
    const doc = (i: number) => ({ _id: i, k: (i * 7919) % 5000, g: i % 4 });
    await coll.insertMany(Array.from({ length: 3000 }, (_, i) => doc(i)));
    await coll.createIndex({ k: 1, _id: 1 });
    await coll.createIndex({ g: 1, k: -1 });
    for (let from = 3000; from < 5000; from += 500) await coll.insertMany(Array.from({ length: 500 }, (_, i) => doc(from + i)));
    await coll.deleteMany({ _id: { $mod: [3, 0] } });
    const kept = Array.from({ length: 5000 }, (_, i) => doc(i)).filter((d) => d._id % 3 !== 0);

    const inRange = await coll
      .find({ k: { $gte: 1200, $lt: 3800 } })
      .sort({ k: 1, _id: 1 })
      .toArray();
    const expected = kept.filter((d) => d.k >= 1200 && d.k < 3800).sort((a, b) => a.k - b.k || a._id - b._id);
    expect(inRange).toEqual(expected);
    const descending = await coll
      .find({ k: { $lte: 4100 } })
      .sort({ k: -1, _id: -1 })
      .limit(1500)
      .toArray();
    expect(descending).toEqual(
      kept
        .filter((d) => d.k <= 4100)
        .sort((a, b) => b.k - a.k || b._id - a._id)
        .slice(0, 1500),
    );
    const group = await coll
      .find({ g: 2, k: { $gt: 100 } })
      .sort({ k: -1 })
      .toArray();
    expect(group.map((d) => d._id)).toEqual(
      kept
        .filter((d) => d.g === 2 && d.k > 100)
        .sort((a, b) => b.k - a.k)
        .map((d) => d._id),
    );
    expect(await coll.countDocuments({ k: { $gte: 0 } })).toBe(kept.length);
  });
});

describe('text indexes', () => {
  it('matches words, phrases and negations, ranked by textScore', async () => {
    const coll = t.db.collection('articles');
    await coll.createIndex({ title: 'text', body: 'text' }, { weights: { title: 5 } });
    const [spec] = (await coll.listIndexes().toArray()).filter((i) => i.name !== '_id_');
    expect(spec.key).toEqual({ _fts: 'text', _ftsx: 1 });
    expect(spec.weights).toEqual({ title: 5, body: 1 });
    await coll.insertMany([
      { _id: 'a' as never, title: 'Ballet dancer freed', body: 'Russia freed a dancer in a prisoner exchange' },
      { _id: 'b' as never, title: 'Envoy meets Putin', body: 'Talks in Saint Petersburg about the war' },
      { _id: 'c' as never, title: 'Markets', body: 'Prisoner exchange rumours moved markets' },
    ]);
    const ranked = await coll
      .find({ $text: { $search: 'dancer exchange' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(ranked.map((d) => d._id)).toEqual(['a', 'c']);
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
    // A score next to an exclusion: every other field, and the score.
    const [headlineOnly] = await coll
      .find({ $text: { $search: 'dancer' } }, { projection: { body: 0, score: { $meta: 'textScore' } } })
      .toArray();
    expect(headlineOnly).toEqual({ _id: 'a', title: 'Ballet dancer freed', score: expect.any(Number) });
    const phrase = await coll.find({ $text: { $search: '"prisoner exchange" -markets' } }).toArray();
    expect(phrase.map((d) => d._id)).toEqual(['a']);
    const viaAggregate = await coll
      .aggregate([{ $match: { $text: { $search: 'putin' } } }, { $project: { score: { $meta: 'textScore' } } }])
      .toArray();
    expect(viaAggregate).toHaveLength(1);
    expect(viaAggregate[0].score).toBeGreaterThan(0);
  });

  it('pages and counts many matches: top scores first, counts equal to the matches', async () => {
    const coll = t.db.collection<{ _id: number; body: string; tag: number; score?: number }>('many_texts');
    await coll.createIndex({ body: 'text' });
    // Document i mentions "summit" (i % 5) + 1 times among filler words: scores come in five levels.
    const body = (i: number) => `${'summit '.repeat((i % 5) + 1)}talks ${i % 3 === 0 ? 'ceasefire' : 'weather'} report`;
    await coll.insertMany(Array.from({ length: 2000 }, (_, i) => ({ _id: i, body: body(i), tag: i % 2 })));
    const all = await coll
      .find({ $text: { $search: 'summit' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(all).toHaveLength(2000);
    const top = await coll
      .find({ $text: { $search: 'summit' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .limit(25)
      .toArray();
    expect(top.map((d) => d.score)).toEqual(all.slice(0, 25).map((d) => d.score));
    expect(top.every((d) => d._id % 5 === 4)).toBe(true);
    // With the rest of the filter, a negation and a skip: the same scores as the full ranking's slice.
    const filtered = { $text: { $search: 'summit talks -ceasefire' }, tag: 1 };
    const ranked = await coll
      .find(filtered, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(ranked.every((d) => d.tag === 1 && d._id % 3 !== 0)).toBe(true);
    const page = await coll
      .find(filtered, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .skip(5)
      .limit(10)
      .toArray();
    expect(page.map((d) => d.score)).toEqual(ranked.slice(5, 15).map((d) => d.score));
    expect(page.every((d) => d.tag === 1 && d._id % 3 !== 0)).toBe(true);
    expect(await coll.countDocuments({ $text: { $search: 'summit' } })).toBe(2000);
    expect(await coll.countDocuments({ $text: { $search: 'ceasefire' } })).toBe(667);
    // Several terms: a document holding two of them counts once.
    expect(await coll.countDocuments({ $text: { $search: 'ceasefire weather' } })).toBe(2000);
    expect(await coll.countDocuments({ $text: { $search: 'ceasefire summit nothing' } })).toBe(2000);
    expect(await coll.countDocuments({ $text: { $search: 'summit -ceasefire' }, tag: 1 })).toBe(
      Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 3 !== 0 && i % 2 === 1).length,
    );
    expect(await coll.countDocuments({ $text: { $search: '"ceasefire report"' } }, { skip: 7, limit: 100 })).toBe(100);
    expect(await coll.countDocuments({ $text: { $search: 'nothing' } })).toBe(0);
  });

  it('follows rewrites and deletes: counts and rankings reflect only the current texts', async () => {
    const coll = t.db.collection<{ _id: number; body: string; score?: number }>('rewritten_texts');
    await coll.createIndex({ body: 'text' });
    await coll.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: i, body: `summit talks ${i}` })));
    // Rewrite every text twice (the second time only some keep "summit"), then delete a third.
    await coll.updateMany({}, { $set: { body: 'ceasefire talks' } });
    const summits = (i: number) => (i % 4 === 0 ? 'summit summit summit' : i % 4 === 1 ? 'summit' : 'weather');
    for (let i = 0; i < 3000; i += 500) {
      await coll.bulkWrite(
        Array.from({ length: 500 }, (_, j) => ({
          updateOne: { filter: { _id: i + j }, update: { $set: { body: `${summits(i + j)} report` } } },
        })),
      );
    }
    await coll.deleteMany({ _id: { $gte: 2000 } });
    const kept = Array.from({ length: 2000 }, (_, i) => i);
    expect(await coll.countDocuments({ $text: { $search: 'ceasefire' } })).toBe(0);
    expect(await coll.countDocuments({ $text: { $search: 'talks' } })).toBe(0);
    expect(await coll.countDocuments({ $text: { $search: 'summit' } })).toBe(kept.filter((i) => i % 4 < 2).length);
    expect(await coll.countDocuments({ $text: { $search: 'summit weather' } })).toBe(2000);
    const top = await coll
      .find({ $text: { $search: 'summit weather' } }, { projection: { score: { $meta: 'textScore' } } })
      .sort({ score: { $meta: 'textScore' } })
      .limit(500)
      .toArray();
    expect(top).toHaveLength(500);
    expect(top.every((d) => d._id % 4 === 0 && d._id < 2000)).toBe(true);
    // A deleted document comes back with new words only.
    await coll.insertOne({ _id: 2500, body: 'grain treaty' });
    expect((await coll.find({ $text: { $search: 'grain summit' } }).toArray()).filter((d) => d._id >= 2000)).toEqual([
      { _id: 2500, body: 'grain treaty' },
    ]);
  });

  it('counts matches under a $nin or $ne alike with or without an index on that field, through status changes', async () => {
    type Row = { _id: number; body: string; status?: unknown };
    const statuses: unknown[] = [undefined, null, 'PENDING', 'REJECTED', 'CONFIRMED', ['PENDING', 'X'], ['X'], 7, true];
    const rows = (shift: number): Row[] =>
      Array.from({ length: 900 }, (_, i) => {
        const status = statuses[(i + shift) % statuses.length];
        const body = `${i % 2 === 0 ? 'summit' : 'weather'} talks ${i % 3 === 0 ? 'ceasefire' : 'grain'} report`;
        return status === undefined ? { _id: i, body } : { _id: i, body, status };
      });
    const indexed = t.db.collection<Row>('negated_indexed');
    const plain = t.db.collection<Row>('negated_plain');
    for (const coll of [indexed, plain]) {
      await coll.createIndex({ body: 'text' });
      await coll.insertMany(rows(0));
    }
    await indexed.createIndex({ status: 1, _id: 1 });
    // What MongoDB's $nin means: a missing field passes; an array passes when no element is listed.
    const passes = (status: unknown, listed: unknown[]) =>
      Array.isArray(status) ? !status.some((s) => listed.includes(s)) : !listed.includes(status);
    const filters: Array<[Record<string, unknown>, unknown[]]> = [
      [{ status: { $nin: ['PENDING', 'REJECTED'] } }, ['PENDING', 'REJECTED']],
      [{ status: { $nin: [] } }, []],
      [{ status: { $ne: 'PENDING' } }, ['PENDING']],
      [{ status: { $nin: ['CONFIRMED', 7, true] } }, ['CONFIRMED', 7, true]],
    ];
    const searches: Array<[string, (body: string) => boolean]> = [
      ['summit', (b) => b.includes('summit')],
      ['summit ceasefire', (b) => b.includes('summit') || b.includes('ceasefire')],
      ['summit -ceasefire', (b) => b.includes('summit') && !b.includes('ceasefire')],
      ['"weather talks"', (b) => b.includes('weather talks')],
    ];
    const check = async (data: Row[]) => {
      for (const [filter, listed] of filters) {
        for (const [search, holds] of searches) {
          const expected = data.filter((row) => holds(row.body) && passes(row.status, listed)).length;
          for (const coll of [indexed, plain]) expect(await coll.countDocuments({ $text: { $search: search }, ...filter })).toBe(expected);
        }
      }
    };
    await check(rows(0));
    // Statuses move, texts change and some documents go: the counts follow.
    for (const coll of [indexed, plain]) {
      await coll.deleteMany({});
      await coll.insertMany(rows(4));
      await coll.updateMany({ _id: { $lt: 300 } }, { $set: { body: 'summit talks grain report' } });
      await coll.deleteMany({ _id: { $gte: 800 } });
    }
    const changed = rows(4)
      .filter((row) => row._id < 800)
      .map((row) => (row._id < 300 ? { ...row, body: 'summit talks grain report' } : row));
    await check(changed);
  });

  it('breaks equal scores by _id both ways, whatever order the ids were written in', async () => {
    const coll = t.db.collection<{ _id: ObjectId; body: string; score?: number }>('tied_texts');
    await coll.createIndex({ body: 'text' });
    const id = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
    // Written in _id order first, then smaller ids after larger ones, then an early one rewritten.
    await coll.insertMany(Array.from({ length: 400 }, (_, i) => ({ _id: id(1000 + i), body: 'summit report' })));
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: id(500 + i * 3), body: 'summit report' })));
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: id(2000 + i), body: 'summit report' })));
    await coll.updateOne({ _id: id(1001) }, { $set: { body: 'report summit' } });
    await coll.deleteOne({ _id: id(500) });
    const all = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id.toHexString()).sort();
    const top = async (direction: 1 | -1, limit: number) =>
      (
        await coll
          .aggregate([
            { $match: { $text: { $search: 'summit' } } },
            { $project: { score: { $meta: 'textScore' } } },
            { $sort: { score: -1, _id: direction } },
            { $limit: limit },
          ])
          .toArray()
      ).map((d) => (d._id as ObjectId).toHexString());
    for (const limit of [1, 7, 60, 499]) {
      expect(await top(1, limit)).toEqual(all.slice(0, limit));
      expect(await top(-1, limit)).toEqual([...all].reverse().slice(0, limit));
    }
  });

  it('requires a text index for $text (27)', async () => {
    await t.db.collection('no_text').insertOne({ a: 'b' });
    const error = await t.db
      .collection('no_text')
      .find({ $text: { $search: 'b' } })
      .toArray()
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe(27);
  });
});

describe('explain', () => {
  it('reports an index scan for indexed equality, range and sort, and a collection scan otherwise', async () => {
    const coll = t.db.collection('explained');
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ k: i, other: i % 5 })));
    await coll.createIndex({ k: 1 });
    const stages = (plan: Record<string, unknown>): string => JSON.stringify(plan);
    const indexed = await coll.find({ k: 7 }).explain();
    expect(stages(indexed.queryPlanner.winningPlan)).toContain('IXSCAN');
    const ranged = await coll.find({ k: { $gte: 10, $lt: 20 } }).explain();
    expect(stages(ranged.queryPlanner.winningPlan)).toContain('IXSCAN');
    const unindexed = await coll.find({ other: 3 }).explain();
    expect(stages(unindexed.queryPlanner.winningPlan)).toContain('COLLSCAN');
  });

  it('reads a partial index only for a query that asks for its filter, with the same answers as a scan', async () => {
    const coll = t.db.collection('explained_partial');
    await coll.insertMany(Array.from({ length: 60 }, (_, i) => ({ kind: ['a', 'b', 'c'][i % 3], n: i % 7, i })));
    await coll.createIndex({ n: -1, i: 1 }, { name: 'a_only', partialFilterExpression: { kind: 'a' } });
    const through = (plan: Record<string, unknown>) => JSON.stringify(plan).includes('"a_only"');
    const asked = coll.find({ kind: 'a' }).sort({ n: -1, i: 1 }).limit(5);
    expect(through((await asked.explain()).queryPlanner.winningPlan)).toBe(true);
    const expected = Array.from({ length: 60 }, (_, i) => ({ kind: ['a', 'b', 'c'][i % 3], n: i % 7, i }))
      .filter((d) => d.kind === 'a')
      .sort((x, y) => y.n - x.n || x.i - y.i)
      .slice(0, 5)
      .map((d) => d.i);
    expect((await asked.toArray()).map((d) => d.i)).toEqual(expected);
    // Documents outside the filter are not in the index: other queries must not read it.
    for (const filter of [{ kind: 'b' }, { n: 3 }, { kind: { $in: ['a', 'b'] } }]) {
      const plan = await coll.find(filter).sort({ n: -1, i: 1 }).explain();
      expect(through(plan.queryPlanner.winningPlan), JSON.stringify(filter)).toBe(false);
    }
    expect(await coll.countDocuments({ n: 3 })).toBe(9);
  });
});

describe('$ne: null through an index', () => {
  it('skips the null keys in index order, both ways, and returns what a scan returns', async () => {
    const coll = t.db.collection<{ _id: number; d?: unknown }>('not_null');
    const when = new Date('2025-04-11T00:00:00Z');
    await coll.insertMany([
      { _id: 1, d: null },
      { _id: 2 },
      { _id: 3, d: 'b' },
      { _id: 4, d: new MinKey() },
      { _id: 5, d: 3 },
      { _id: 6, d: 'a' },
      { _id: 7, d: when },
      { _id: 8, d: null },
    ]);
    const scanned = await coll
      .find({ d: { $ne: null } })
      .sort({ d: 1, _id: 1 })
      .toArray();
    await coll.createIndex({ d: 1, _id: 1 });
    const ids = async (direction: 1 | -1, limit = 0) =>
      (
        await coll
          .find({ d: { $ne: null } })
          .sort({ d: direction, _id: direction })
          .limit(limit)
          .toArray()
      ).map((doc) => doc._id);
    // BSON order: MinKey < null < numbers < strings < dates; null and missing fields are left out.
    expect(await ids(1)).toEqual([4, 5, 6, 3, 7]);
    expect(await ids(-1)).toEqual([7, 3, 6, 5, 4]);
    expect(await ids(1, 2)).toEqual([4, 5]);
    expect(await ids(-1, 2)).toEqual([7, 3]);
    expect(
      (
        await coll
          .find({ d: { $ne: null } })
          .sort({ d: 1, _id: 1 })
          .toArray()
      ).map((doc) => doc._id),
    ).toEqual(scanned.map((doc) => doc._id));
    const plan = await coll
      .find({ d: { $ne: null } })
      .sort({ d: 1, _id: 1 })
      .explain();
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toContain('IXSCAN');
  });

  it('still refuses an array that holds a null, on a multikey index', async () => {
    const coll = t.db.collection<{ _id: number; tags?: unknown }>('not_null_arrays');
    await coll.insertMany([{ _id: 1, tags: ['x', null] }, { _id: 2, tags: ['y'] }, { _id: 3, tags: null }, { _id: 4 }]);
    await coll.createIndex({ tags: 1 });
    const found = await coll
      .find({ tags: { $ne: null } })
      .sort({ tags: 1 })
      .toArray();
    expect(found.map((doc) => doc._id)).toEqual([2]);
  });
});
