/**
 * A string-keyed map split by key hash into shards of about SHARD_LOAD entries, shared
 * copy-on-write with its clones (shared-blocks.ts): a clone costs O(1), and the first write to a
 * shard on either side copies that shard and the group of GROUP_SIZE shards around it. Grouping
 * keeps that copy small at any size: a flat list of 4,096 shards (100,000 documents) copied whole
 * by the first write after every snapshot had made most of a statement's create at scale 100 list
 * copying, which the collector then had to promote. The shard count doubles as the map grows, which
 * rebuilds every shard once (amortized O(1) per insert, like a hash table's resize).
 */
import { SharedBlocks } from './shared-blocks.js';

const SHARD_LOAD = 32;
const GROUP_BITS = 6;
const GROUP_SIZE = 1 << GROUP_BITS;
const IN_GROUP = GROUP_SIZE - 1;

type Shards<V> = SharedBlocks<Map<string, V>>;

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

/**
 * Groups of shards. A side's first write to a group after a clone takes its own copy of the group
 * (a clone of it, so its shards are still shared and are copied in turn on their first write).
 */
function newGroups<V>(count: number): SharedBlocks<Shards<V>> {
  const groups = new SharedBlocks<Shards<V>>((group) => group.clone());
  for (let i = 0; i < count; i += GROUP_SIZE) {
    const group: Shards<V> = new SharedBlocks((shard) => new Map(shard));
    for (let j = i; j < Math.min(count, i + GROUP_SIZE); j++) group.push(new Map());
    groups.push(group);
  }
  return groups;
}

export class ShardedMap<V> {
  #groups = newGroups<V>(1);
  #mask = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  #shard(key: string): Map<string, V> {
    const at = hash(key) & this.#mask;
    return this.#groups.blocks[at >>> GROUP_BITS].blocks[at & IN_GROUP];
  }

  #writableShard(at: number): Map<string, V> {
    return this.#groups.writable(at >>> GROUP_BITS).writable(at & IN_GROUP);
  }

  get(key: string): V | undefined {
    return this.#shard(key).get(key);
  }

  has(key: string): boolean {
    return this.#shard(key).has(key);
  }

  set(key: string, value: V): void {
    const shard = this.#writableShard(hash(key) & this.#mask);
    const before = shard.size;
    shard.set(key, value);
    this.#size += shard.size - before;
    if (this.#size > (this.#mask + 1) * SHARD_LOAD) this.#grow();
  }

  delete(key: string): boolean {
    if (!this.#shard(key).has(key)) return false;
    this.#writableShard(hash(key) & this.#mask).delete(key);
    this.#size--;
    return true;
  }

  clear(): void {
    this.#groups = newGroups(1);
    this.#mask = 0;
    this.#size = 0;
  }

  *#shards(): Generator<Map<string, V>> {
    for (const group of this.#groups.blocks) yield* group.blocks;
  }

  *entries(): Generator<[string, V]> {
    for (const shard of this.#shards()) yield* shard;
  }

  /** The entries of the fullest shard: what a write after a snapshot may copy (for tests). */
  get largestShard(): number {
    return Math.max(...[...this.#shards()].map((shard) => shard.size));
  }

  /** A copy sharing every shard until either side writes it. */
  clone(): ShardedMap<V> {
    const copy = new ShardedMap<V>();
    copy.#groups = this.#groups.clone();
    copy.#mask = this.#mask;
    copy.#size = this.#size;
    return copy;
  }

  #grow(): void {
    const count = (this.#mask + 1) * 2;
    const groups = newGroups<V>(count);
    const mask = count - 1;
    // Fresh groups, owned by nobody else: filled in place.
    for (const [key, value] of this.entries()) {
      const at = hash(key) & mask;
      groups.blocks[at >>> GROUP_BITS].blocks[at & IN_GROUP].set(key, value);
    }
    this.#groups = groups;
    this.#mask = mask;
  }
}
