/**
 * Pages of a sort (`$sort` + `$limit`, a text search's score named by `$project`) and `$project` of
 * top-level fields: the same documents, fields and order as a full sort cut afterwards — as mongod
 * answers, whether it sorts everything or keeps only the top.
 */
import { type Collection, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
const WORDS = ['harbour', 'summit', 'ceasefire', 'talks', 'border'];

beforeAll(async () => {
  t = await startTestDatabase('sorted_pages');
  // Deterministic, with many equal sort values and text scores, so ties must be broken by _id —
  // and inserted out of _id order, so the order written cannot stand in for it.
  const docs = Array.from({ length: 300 }, (_, i) => ({
    _id: (i * 131) % 300,
    group: i % 7,
    weight: (i * 37) % 11,
    title: `item ${i}`,
    body: Array.from({ length: 1 + (i % 4) }, (_, k) => WORDS[(i + k) % WORDS.length]).join(' '),
    extra: { nested: [i, i + 1] },
  }));
  await t.db.collection('items').insertMany(docs as never[]);
  await t.db.collection('items').createIndex({ body: 'text' });
});
afterAll(() => t.stop());

const items = () => t.db.collection('items');

describe('sorted pages', () => {
  it('$sort then $limit gives the first documents of the full sort', async () => {
    const sort = { weight: -1, group: 1, _id: 1 } as const;
    const all = await items()
      .aggregate([{ $sort: sort }])
      .toArray();
    for (const limit of [1, 5, 40, 299, 300, 500]) {
      const page = await items()
        .aggregate([{ $sort: sort }, { $limit: limit }])
        .toArray();
      expect(page).toEqual(all.slice(0, limit));
    }
    const afterMatch = await items()
      .aggregate([{ $match: { group: { $gte: 3 } } }, { $project: { title: 1 } }, { $sort: { title: -1 } }, { $limit: 4 }])
      .toArray();
    const expected = all
      .filter((doc) => doc.group >= 3)
      .map((doc) => ({ _id: doc._id, title: doc.title }))
      .sort((a, b) => (a.title < b.title ? 1 : -1))
      .slice(0, 4);
    expect(afterMatch).toEqual(expected);
  });

  it('a text search page ranked by a score that $project or $addFields names matches the full ranking', async () => {
    for (const direction of [-1, 1] as const) {
      for (const stage of ['$project', '$addFields'] as const) {
        const named = stage === '$project' ? { title: 1, score: { $meta: 'textScore' } } : { score: { $meta: 'textScore' } };
        const ranked = [
          { $match: { $text: { $search: 'summit ceasefire' } } },
          { [stage]: named },
          { $sort: { score: direction, _id: 1 } },
        ];
        const all = await items().aggregate(ranked).toArray();
        expect(all.length).toBeGreaterThan(100);
        for (let i = 1; i < all.length; i++) {
          const [a, b] = [all[i - 1], all[i]];
          expect(direction * (b.score - a.score) > 0 || (a.score === b.score && a._id < b._id)).toBe(true);
        }
        for (const limit of [1, 10, 250]) {
          const page = await items()
            .aggregate([...ranked, { $limit: limit }])
            .toArray();
          expect(page).toEqual(all.slice(0, limit));
        }
      }
    }
  });

  it('a text search page breaks equal scores by ObjectId, ascending or descending, as the full sort does', async () => {
    const coll = t.db.collection('oid_items');
    // ObjectIds differing in their first and their last six bytes, written in neither order; four
    // texts, so most scores tie.
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    const docs = Array.from({ length: 200 }, (_, i) => ({
      _id: new ObjectId(`${hex((i * 3) % 5)}${'0'.repeat(10)}${hex((i * 89) % 256)}${'0'.repeat(10)}`),
      body: ['summit talks', 'summit', 'ceasefire summit border', 'talks'][i % 4],
    }));
    await coll.insertMany(docs);
    await coll.createIndex({ body: 'text' });
    await expectPagesOfFullRanking(coll);
    // Rewrites leave dead places in the text index; enough of them make it renumber the living,
    // here the documents that match, which are not rewritten.
    for (let i = 0; i < 20; i++) await coll.updateMany({ body: 'talks' }, { $inc: { rewrites: 1 } });
    await expectPagesOfFullRanking(coll);
  });

  async function expectPagesOfFullRanking(coll: Collection): Promise<void> {
    for (const direction of [1, -1] as const) {
      const ranked = [
        { $match: { $text: { $search: 'summit' } } },
        { $project: { score: { $meta: 'textScore' } } },
        { $sort: { score: -1, _id: direction } },
      ];
      const all = await coll.aggregate(ranked).toArray();
      expect(all.length).toBe(150);
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [all[i - 1], all[i]];
        const byId = a._id.toHexString() < b._id.toHexString() ? 1 : -1;
        expect(b.score < a.score || (a.score === b.score && byId === direction)).toBe(true);
      }
      for (const limit of [1, 7, 60]) expect(await coll.aggregate([...ranked, { $limit: limit }]).toArray()).toEqual(all.slice(0, limit));
    }
  }

  it('$project of top-level fields keeps _id first and the stored order; computed score fields come last', async () => {
    const [included] = await items()
      .aggregate([{ $match: { title: 'item 12' } }, { $project: { extra: 1, title: 1 } }])
      .toArray();
    expect(Object.keys(included)).toEqual(['_id', 'title', 'extra']);
    expect(included.extra).toEqual({ nested: [12, 13] });
    const [withoutId] = await items()
      .aggregate([{ $match: { title: 'item 12' } }, { $project: { _id: 0, body: 1, group: 1 } }])
      .toArray();
    expect(Object.keys(withoutId)).toEqual(['group', 'body']);
    const [excluded] = await items()
      .aggregate([{ $match: { title: 'item 12' } }, { $project: { body: 0, extra: 0 } }])
      .toArray();
    expect(Object.keys(excluded)).toEqual(['_id', 'group', 'weight', 'title']);
    const [scored] = await items()
      .aggregate([{ $match: { $text: { $search: 'harbour' }, title: 'item 10' } }, { $project: { s: { $meta: 'textScore' }, title: 1 } }])
      .toArray();
    expect(Object.keys(scored)).toEqual(['_id', 'title', 's']);
    expect(scored.s).toBeGreaterThan(0);
  });
});
