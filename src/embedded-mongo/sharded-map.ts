/**
 * A string-keyed map split by key hash into shards of about SHARD_LOAD entries, shared
 * copy-on-write with its clones (shared-blocks.ts): a clone costs O(shards), and the first write to
 * a shard on either side copies only that shard. The shard count doubles as the map grows, which
 * rebuilds every shard once (amortized O(1) per insert, like a hash table's resize).
 */
import { SharedBlocks } from './shared-blocks.js';

const SHARD_LOAD = 32;

/**
 * A hash of every character of the key (FNV-1a, then mixed): keys that differ anywhere spread over
 * the shards. Hashing only the tail had put keys alike at their end — string ids such as
 * `["SPEAKER","CONFIRMED","…","Synthetic TV"]` — into one shard of tens of thousands, which every
 * write after a snapshot copied whole.
 */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x9e3779b1);
  return h ^ (h >>> 16);
}

function newShards<V>(count: number): SharedBlocks<Map<string, V>> {
  const shards = new SharedBlocks<Map<string, V>>((shard) => new Map(shard));
  for (let i = 0; i < count; i++) shards.push(new Map());
  return shards;
}

export class ShardedMap<V> {
  #shards = newShards<V>(1);
  #mask = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    return this.#shards.blocks[hash(key) & this.#mask].get(key);
  }

  has(key: string): boolean {
    return this.#shards.blocks[hash(key) & this.#mask].has(key);
  }

  set(key: string, value: V): void {
    const shard = this.#shards.writable(hash(key) & this.#mask);
    const before = shard.size;
    shard.set(key, value);
    this.#size += shard.size - before;
    if (this.#size > (this.#mask + 1) * SHARD_LOAD) this.#grow();
  }

  delete(key: string): boolean {
    const at = hash(key) & this.#mask;
    if (!this.#shards.blocks[at].has(key)) return false;
    this.#shards.writable(at).delete(key);
    this.#size--;
    return true;
  }

  clear(): void {
    this.#shards = newShards(1);
    this.#mask = 0;
    this.#size = 0;
  }

  *entries(): Generator<[string, V]> {
    for (const shard of this.#shards.blocks) yield* shard;
  }

  /** The entries of the fullest shard: what a write after a snapshot may copy (for tests). */
  get largestShard(): number {
    return Math.max(...this.#shards.blocks.map((shard) => shard.size));
  }

  /** A copy sharing every shard until either side writes it. */
  clone(): ShardedMap<V> {
    const copy = new ShardedMap<V>();
    copy.#shards = this.#shards.clone();
    copy.#mask = this.#mask;
    copy.#size = this.#size;
    return copy;
  }

  #grow(): void {
    const count = (this.#mask + 1) * 2;
    const shards = newShards<V>(count);
    const mask = count - 1;
    for (const shard of this.#shards.blocks) for (const [key, value] of shard) shards.blocks[hash(key) & mask].set(key, value);
    this.#shards = shards;
    this.#mask = mask;
  }
}
