/**
 * A collection's documents by `idKey`, in natural order (insertion order, as a Map iterates: a
 * replaced document keeps its place, a re-inserted one goes last), shared copy-on-write with clones
 * so a transaction's snapshot costs O(pages + shards), not O(documents). Each insert takes the next
 * slot of a paged array (the natural order); a sharded map finds a key's slot. Slots are never
 * changed in place (both sides may hold one): a replace puts a new slot in both structures. A delete
 * empties its slot, and once empty slots outnumber documents the slots are renumbered.
 */
import type { Doc } from './bson-values.js';
import { PagedArray } from './paged-array.js';
import { ShardedMap } from './sharded-map.js';

interface Slot {
  readonly key: string;
  readonly doc: Doc;
  /** Its index in the natural order. */
  readonly at: number;
}

/** Empty slots tolerated before renumbering, so a small collection's churn never renumbers. */
const SLACK = 4096;

export class DocumentStore {
  #byKey = new ShardedMap<Slot>();
  #slots = new PagedArray<Slot | undefined>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): Doc | undefined {
    return this.#byKey.get(key)?.doc;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  set(key: string, doc: Doc): void {
    const existing = this.#byKey.get(key);
    const slot = { key, doc, at: existing ? existing.at : this.#slots.length };
    if (existing) this.#slots.set(slot.at, slot);
    else this.#slots.push(slot);
    this.#byKey.set(key, slot);
  }

  delete(key: string): boolean {
    const existing = this.#byKey.get(key);
    if (!existing) return false;
    this.#byKey.delete(key);
    this.#slots.set(existing.at, undefined);
    if (this.#slots.length > 2 * this.size + SLACK) this.#renumber();
    return true;
  }

  /** [key, document] pairs in natural order. */
  entries(): IterableIterator<[string, Doc]> {
    return new SlotWalk(this.#slots, (slot) => [slot.key, slot.doc]);
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.entries();
  }

  /** The documents in natural order. */
  values(): IterableIterator<Doc> {
    return new SlotWalk(this.#slots, (slot) => slot.doc);
  }

  /** A copy sharing all storage until either side writes. */
  clone(): DocumentStore {
    const copy = new DocumentStore();
    copy.#byKey = this.#byKey.clone();
    copy.#slots = this.#slots.clone();
    return copy;
  }

  /** Packs the living documents into slots 0…size-1, keeping their order. */
  #renumber(): void {
    const byKey = new ShardedMap<Slot>();
    const slots = new PagedArray<Slot | undefined>();
    for (const { key, doc } of new SlotWalk(this.#slots, (slot) => slot)) {
      const slot = { key, doc, at: slots.length };
      slots.push(slot);
      byKey.set(key, slot);
    }
    this.#byKey = byKey;
    this.#slots = slots;
  }
}

/**
 * Walks the filled slots in order. A hand-written iterator rather than a generator: a collection
 * scan steps through it once per document, and generators cost several times more per step.
 */
class SlotWalk<T> implements IterableIterator<T> {
  readonly #pages: ReadonlyArray<ReadonlyArray<Slot | undefined>>;
  #page = 0;
  #offset = 0;

  constructor(
    slots: PagedArray<Slot | undefined>,
    private readonly pick: (slot: Slot) => T,
  ) {
    this.#pages = slots.pages;
  }

  next(): IteratorResult<T> {
    const pages = this.#pages;
    while (this.#page < pages.length) {
      const page = pages[this.#page];
      while (this.#offset < page.length) {
        const slot = page[this.#offset++];
        if (slot) return { value: this.pick(slot), done: false };
      }
      this.#page++;
      this.#offset = 0;
    }
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}
