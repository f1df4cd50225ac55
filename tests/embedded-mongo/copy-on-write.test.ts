/**
 * The storage a transaction's snapshot shares with the live collection (documents, ordered and
 * unique indexes, the text index) checked against a plain model: random inserts, replaces and
 * removes on a growing family of copies, each copy then compared with its own model and with a
 * collection built afresh from that model. Any write leaking through a shared block, shard, page or
 * postings chunk shows up as a difference. In-process, on purpose: it exercises the data structures
 * far more densely than a driver round trip per write could.
 */
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/embedded-mongo/bson-values.js';
import { Collection } from '../../src/embedded-mongo/storage.js';
import { parseTextSearch } from '../../src/embedded-mongo/text-index.js';

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const WORDS = ['harbor', 'lantern', 'quartz', 'ember', 'willow', 'meadow', 'copper', 'falcon'];
const TERMS = ['harbor', 'quartz', 'falcon', 'meadow'];

function newCollection(): Collection {
  const collection = new Collection('db', 'cow', {}, () => {});
  collection.createIndex({ v: 2, key: { k: 1 }, name: 'k_1' });
  collection.createIndex({ v: 2, key: { group: 1, k: -1 }, name: 'group_1_k_-1' });
  collection.createIndex({ v: 2, key: { u: 1 }, name: 'u_1', unique: true, sparse: true });
  collection.createIndex({ v: 2, key: { _fts: 'text', _ftsx: 1 }, name: 'body_text', weights: { body: 1 } });
  return collection;
}

interface Side {
  collection: Collection;
  model: Map<string, Doc>;
}

function randomDoc(random: (n: number) => number, id: number): Doc {
  const words = Array.from({ length: 1 + random(4) }, () => WORDS[random(WORDS.length)]);
  const doc: Doc = { _id: id, k: random(10_000), group: random(13), body: `harbor ${words.join(' ')}` };
  if (random(4) === 0) doc.u = random(50_000);
  return doc;
}

/** One random write on a side, applied to its model only if the collection accepted it. */
function write(side: Side, random: (n: number) => number, nextId: () => number): void {
  const { collection, model } = side;
  const ids = [...model.keys()];
  const choice = random(10);
  try {
    if (choice < 5 || ids.length === 0) {
      const doc = randomDoc(random, nextId());
      collection.insert(doc);
      model.set(`n${doc._id}`, doc);
    } else if (choice < 8) {
      const key = ids[random(ids.length)];
      const previous = model.get(key) as Doc;
      const next = { ...randomDoc(random, previous._id as number) };
      collection.replace(previous, next);
      model.set(key, next);
    } else {
      const key = ids[random(ids.length)];
      collection.remove(model.get(key) as Doc);
      model.delete(key);
    }
  } catch (error) {
    // A unique `u` taken: the collection must be unchanged, which the checks below verify.
    if ((error as { codeName?: string }).codeName !== 'DuplicateKey') throw error;
  }
}

/** The side's collection agrees with its model and with a collection built afresh from it. */
function check(side: Side): void {
  const { collection, model } = side;
  expect([...collection.docs.entries()]).toEqual([...model.entries()]);
  expect(collection.docs.size).toBe(model.size);
  for (const [key, doc] of model) expect(collection.docs.get(key)).toBe(doc);
  const fresh = newCollection();
  for (const doc of model.values()) fresh.insert(doc);
  for (const [i, index] of collection.indexes.entries()) {
    expect([...index.walk(false)]).toEqual([...fresh.indexes[i].walk(false)]);
    expect(index.size).toBe(fresh.indexes[i].size);
    // Reads take documents from the index entries: each must be the version stored now.
    for (const doc of index.docs([0, index.size])) expect(doc).toBe(model.get(`n${doc._id}`));
  }
  for (const term of TERMS) {
    const query = parseTextSearch(term);
    const byId = (scored: Array<[Doc, number]> = []) => [...scored].sort(([a], [b]) => (a._id as number) - (b._id as number));
    const matches = byId(collection.text?.matches(query));
    expect(matches).toEqual(byId(fresh.text?.matches(query)));
    // The text index hands out the stored version itself, never one a write has replaced.
    for (const [doc] of matches) expect(doc).toBe(model.get(`n${doc._id}`));
    expect(collection.text?.count(query)).toBe(fresh.text?.count(query));
  }
}

function copyOf(side: Side): Side {
  return { collection: side.collection.copy(() => {}), model: new Map(side.model) };
}

describe('copy-on-write collection storage', () => {
  it('keeps every copy independent through thousands of random writes on all of them', () => {
    const random = generator(20);
    let id = 0;
    const nextId = () => id++;
    const root: Side = { collection: newCollection(), model: new Map() };
    // Large enough for several index blocks (512), pages (512), map shards (64) and postings chunks (1024).
    for (let i = 0; i < 2500; i++) write(root, random, nextId);
    const sides = [root];
    for (let round = 0; round < 6; round++) {
      sides.push(copyOf(sides[random(sides.length)]));
      for (let i = 0; i < 1500; i++) write(sides[random(sides.length)], random, nextId);
      for (const side of sides) check(side);
    }
  });

  it('stays exact across the renumbering that heavy deletes and rewrites cause on either side', () => {
    const random = generator(7);
    let id = 0;
    const nextId = () => id++;
    const live: Side = { collection: newCollection(), model: new Map() };
    for (let i = 0; i < 6000; i++) {
      const doc = randomDoc(random, nextId());
      delete doc.u;
      live.collection.insert(doc);
      live.model.set(`n${doc._id}`, doc);
    }
    const snapshot = copyOf(live);
    // Delete most documents on the live side, rewrite every one twice on the snapshot side.
    for (const key of [...live.model.keys()].slice(0, 5500)) {
      live.collection.remove(live.model.get(key) as Doc);
      live.model.delete(key);
    }
    for (const body of ['falcon quartz rewritten', 'meadow rewritten again']) {
      for (const [key, previous] of [...snapshot.model]) {
        const next = { ...previous, body };
        snapshot.collection.replace(previous, next);
        snapshot.model.set(key, next);
      }
    }
    check(live);
    check(snapshot);
    for (let i = 0; i < 500; i++) write(live, random, nextId);
    for (let i = 0; i < 500; i++) write(snapshot, random, nextId);
    check(live);
    check(snapshot);
  });
});
