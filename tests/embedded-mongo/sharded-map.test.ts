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
});
