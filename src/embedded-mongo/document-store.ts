/**
 * A collection's documents by `idKey`, in natural order (insertion order, as a Map iterates: a
 * replaced document keeps its place, a re-inserted one goes last), shared copy-on-write with clones
 * so a transaction's snapshot costs O(pages + shards), not O(documents). Each insert takes the next
 * slot of a paged array (the natural order); a sharded map finds a key's slot. A replace rewrites
 * one slot; a delete empties it, and once empty slots outnumber documents the slots are renumbered.
 */
import type { Doc } from './bson-values.js';
import { PagedArray } from './paged-array.js';
import { ShardedMap } from './sharded-map.js';

interface Slot {
  readonly key: string;
  readonly doc: Doc;
}

/** Empty slots tolerated before renumbering, so a small collection's churn never renumbers. */
const SLACK = 4096;

export class DocumentStore {
  #slotByKey = new ShardedMap<number>();
  #slots = new PagedArray<Slot | undefined>();

  get size(): number {
    return this.#slotByKey.size;
  }

  get(key: string): Doc | undefined {
    const at = this.#slotByKey.get(key);
    return at === undefined ? undefined : this.#slots.get(at)?.doc;
  }

  has(key: string): boolean {
    return this.#slotByKey.has(key);
  }

  set(key: string, doc: Doc): void {
    const at = this.#slotByKey.get(key);
    if (at !== undefined) this.#slots.set(at, { key, doc });
    else this.#slotByKey.set(key, this.#slots.push({ key, doc }));
  }

  delete(key: string): boolean {
    const at = this.#slotByKey.get(key);
    if (at === undefined) return false;
    this.#slotByKey.delete(key);
    this.#slots.set(at, undefined);
    if (this.#slots.length > 2 * this.size + SLACK) this.#renumber();
    return true;
  }

  *entries(): Generator<[string, Doc]> {
    for (const slot of this.#slots) if (slot) yield [slot.key, slot.doc];
  }

  [Symbol.iterator](): Generator<[string, Doc]> {
    return this.entries();
  }

  *values(): Generator<Doc> {
    for (const slot of this.#slots) if (slot) yield slot.doc;
  }

  /** A copy sharing all storage until either side writes. */
  clone(): DocumentStore {
    const copy = new DocumentStore();
    copy.#slotByKey = this.#slotByKey.clone();
    copy.#slots = this.#slots.clone();
    return copy;
  }

  /** Packs the living documents into slots 0…size-1, keeping their order. */
  #renumber(): void {
    const slotByKey = new ShardedMap<number>();
    const slots = new PagedArray<Slot | undefined>();
    for (const slot of this.#slots) if (slot) slotByKey.set(slot.key, slots.push(slot));
    this.#slotByKey = slotByKey;
    this.#slots = slots;
  }
}
