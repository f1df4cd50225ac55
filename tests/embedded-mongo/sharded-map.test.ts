/**
 * The document map's shards stay small whatever the keys look like, so a write after a snapshot
 * copies a few dozen entries, never a large share of the collection.
 */
import { describe, expect, it } from 'vitest';
import { ShardedMap } from '../../src/embedded-mongo/sharded-map.js';

function filled(keys: string[]): ShardedMap<number> {
  const map = new ShardedMap<number>();
  for (const [i, key] of keys.entries()) map.set(key, i);
  return map;
}

describe('sharded map', () => {
  it('spreads keys that differ only at their start or middle, as well as ObjectId-like ones', () => {
    const n = 20_000;
    const shapes: Record<string, (i: number) => string> = {
      'same ending': (i) => JSON.stringify(['SPEAKER,CHANNEL', 'CONFIRMED', i.toString(16).padStart(24, '0'), 'Synthetic TV']),
      'same start and ending': (i) => `https://example.com/articles/${i}/index.html`,
      'ObjectId hex': (i) => `65a0f1c2${i.toString(16).padStart(16, '0')}`,
      numbers: (i) => String(i),
    };
    for (const [shape, key] of Object.entries(shapes)) {
      const map = filled(Array.from({ length: n }, (_, i) => key(i)));
      expect(map.size).toBe(n);
      // About 32 per shard on average; a fair hash keeps the fullest within a small multiple.
      expect(map.largestShard, shape).toBeLessThan(128);
      expect(map.get(key(12_345)), shape).toBe(12_345);
    }
  });

  it('keeps a clone apart from writes on either side', () => {
    const map = filled(Array.from({ length: 1000 }, (_, i) => `k${i}`));
    const copy = map.clone();
    map.set('k1', -1);
    copy.set('k2', -2);
    map.delete('k3');
    expect([map.get('k1'), map.get('k2'), map.has('k3')]).toEqual([-1, 2, false]);
    expect([copy.get('k1'), copy.get('k2'), copy.has('k3')]).toEqual([1, -2, true]);
  });

  it('keeps clones of clones apart across many groups of shards, through random writes and growth on every side', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const first = filled(Array.from({ length: 10_000 }, (_, i) => `k${i}`));
    const maps = [first];
    const expected = [new Map(first.entries())];
    for (let round = 0; round < 6; round++) {
      // A clone of a random side, then writes (updates, deletes and new keys, enough to grow) on random sides.
      const from = random(maps.length);
      maps.push(maps[from].clone());
      expected.push(new Map(expected[from]));
      for (let i = 0; i < 6_000; i++) {
        const side = random(maps.length);
        const key = `k${random(16_000 + round * 2_000)}`;
        if (random(4) === 0) {
          expect(maps[side].delete(key)).toBe(expected[side].delete(key));
        } else {
          maps[side].set(key, i);
          expected[side].set(key, i);
        }
      }
    }
    maps.forEach((map, side) => {
      expect(map.size).toBe(expected[side].size);
      expect(new Map(map.entries())).toEqual(expected[side]);
      for (const key of ['k0', 'k9999', 'k15000', 'k30000']) expect(map.get(key)).toBe(expected[side].get(key));
    });
  });
});
