/**
 * An index: (key, id) entries in index order, held as a list of sorted blocks of at most
 * BLOCK_SIZE entries (a one-level B+tree). A block stores its entries flat, `width` slots each: the
 * key's values, the id, the document. An entry is then no object of its own: at scale 100 the
 * statements' 16 indexes had held two objects per entry (the entry and its key array), millions
 * that every major collection of the database's heap had to mark. Binary search over the blocks' last entries, then within
 * one block, finds any position; an insert or removal moves at most one block's entries, so writes
 * stay cheap as the collection grows (a single sorted array had made every insert an O(n) splice).
 * The blocks are shared copy-on-write with clones (shared-blocks.ts), so a transaction's snapshot
 * costs O(blocks) and a write on either side copies at most one block. It answers unique checks, point and range scans and ordered walks without reading the collection.
 */
import { Query } from 'mingo/query';
import { compareStrings, compareValues, type Doc, isPlainObject, pathValues, type StringOrder, typeRank } from './bson-values.js';
import { parseCollation } from './collation.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';
import { SharedBlocks } from './shared-blocks.js';
import { stringFilter } from './string-filter.js';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
}

/**
 * A block: its entries' slots one after another. Each entry's document is the version the key was
 * read from. Stored versions are never changed in place (a write removes the old version's entries
 * and adds the new one's), so a read takes the document from here instead of looking its id up.
 */
type Block = unknown[];

/** Entries per block; a block that outgrows it is split in two halves. */
const BLOCK_SIZE = 512;

/** A position in index order: block number and offset inside the block, counted in entries (not slots). */
interface Slot {
  block: number;
  offset: number;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

export class OrderedIndex {
  readonly spec: IndexSpec;
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  /** Positions of the key fields along which some document had an array (several keys). */
  readonly multikeyFields = new Set<number>();
  #blocks = new SharedBlocks<Block>((block) => block.slice());
  /** Slots per entry: the key's values, then the id (at `fields.length`), then the document. */
  readonly #width: number;
  #size = 0;
  #partial?: { test(doc: Doc): boolean };
  /** How the index orders strings: binary, or its collation's. */
  readonly strings: StringOrder;
  /** The collation's canonical form ('' for binary): a query can use the index only with the same one. */
  readonly collationKey: string;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    const collation = parseCollation(spec.collation);
    this.strings = collation?.compareStrings ?? compareStrings;
    this.collationKey = collation?.key ?? '';
    this.fields = Object.keys(spec.key);
    this.directions = this.fields.map((f) => (Number(spec.key[f]) < 0 ? -1 : 1));
    this.#width = this.fields.length + 2;
    if (spec.partialFilterExpression) this.#partial = partialFilter(spec.partialFilterExpression, this.collationKey);
  }

  get name(): string {
    return this.spec.name;
  }

  /** An independent copy (a transaction's snapshot) sharing the blocks until either side writes one. */
  clone(): OrderedIndex {
    const copy = new OrderedIndex(this.spec);
    for (const field of this.multikeyFields) copy.multikeyFields.add(field);
    copy.#blocks = this.#blocks.clone();
    copy.#size = this.#size;
    return copy;
  }

  /** Sparse and partial indexes leave documents out, so they cannot answer every query. */
  get complete(): boolean {
    return !this.spec.sparse && !this.#partial;
  }

  /** True once any document put several keys in the index (an array along a key path). */
  get multikey(): boolean {
    return this.multikeyFields.size > 0;
  }

  get size(): number {
    return this.#size;
  }

  /** The index keys of a document: one per combination of array elements; missing fields are null. */
  keysOf(doc: Doc): unknown[][] {
    if (this.#partial && !this.#partial.test(doc)) return [];
    const perField = this.fields.map((field) => pathValues(doc, field));
    perField.forEach((values, i) => {
      if (values.length > 1 || (values.length === 1 && Array.isArray(values[0]))) this.multikeyFields.add(i);
    });
    if (this.spec.sparse && perField.every((values) => values.length === 0)) return [];
    let keys: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length === 0 ? [null] : dedupe(values);
      keys = keys.flatMap((prefix) => options.map((value) => [...prefix, value]));
    }
    return keys;
  }

  /** The entry at slot `at` of `block` against `key`, in index order. */
  #compare(block: Block, at: number, key: unknown[]): number {
    for (let i = 0; i < this.directions.length; i++) {
      const c = compareValues(block[at + i], key[i], this.strings);
      if (c !== 0) return c * this.directions[i];
    }
    return 0;
  }

  /**
   * The first position whose entry (given as its block and first slot) satisfies `isAtOrAfter`,
   * which must be monotone in index order. The offset counts entries, not slots.
   */
  #lowerBound(isAtOrAfter: (block: Block, at: number) => boolean): Slot {
    const blocks = this.#blocks.blocks;
    const width = this.#width;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid];
      if (isAtOrAfter(block, block.length - width)) hi = mid;
      else lo = mid + 1;
    }
    if (lo === blocks.length) return { block: lo, offset: 0 };
    const block = blocks[lo];
    let first = 0;
    let last = block.length / width - 1; // the block's last entry is known to satisfy the predicate
    while (first < last) {
      const mid = (first + last) >>> 1;
      if (isAtOrAfter(block, mid * width)) last = mid;
      else first = mid + 1;
    }
    return { block: lo, offset: first };
  }

  #slotOf(key: unknown[], id: string): Slot {
    const idAt = this.fields.length;
    return this.#lowerBound((block, at) => {
      const c = this.#compare(block, at, key);
      return c > 0 || (c === 0 && (block[at + idAt] as string) >= id);
    });
  }

  /** The position in index order (0 … size) of a slot. */
  #positionOf({ block, offset }: Slot): number {
    let slots = 0;
    const blocks = this.#blocks.blocks;
    for (let b = 0; b < block; b++) slots += blocks[b].length;
    return slots / this.#width + offset;
  }

  add(doc: Doc, id: string): void {
    const width = this.#width;
    for (const key of this.keysOf(doc)) {
      const blocks = this.#blocks;
      this.#size++;
      if (blocks.length === 0) {
        blocks.push([...key, id, doc]);
        continue;
      }
      let { block, offset } = this.#slotOf(key, id);
      // Past every entry: append to the last block.
      if (block === blocks.length) {
        block = blocks.length - 1;
        offset = blocks.blocks[block].length / width;
      }
      const target = blocks.writable(block);
      target.splice(offset * width, 0, ...key, id, doc);
      if (target.length > BLOCK_SIZE * width) blocks.insert(block + 1, target.splice(((target.length / width) >>> 1) * width));
    }
  }

  remove(doc: Doc, id: string): void {
    const width = this.#width;
    const idAt = this.fields.length;
    for (const key of this.keysOf(doc)) {
      const { block, offset } = this.#slotOf(key, id);
      const entries = this.#blocks.blocks[block];
      const at = offset * width;
      if (!entries || at >= entries.length || entries[at + idAt] !== id || this.#compare(entries, at, key) !== 0) continue;
      const target = this.#blocks.writable(block);
      target.splice(at, width);
      this.#size--;
      if (target.length === 0) this.#blocks.removeAt(block);
    }
  }

  clear(): void {
    this.#blocks.clear();
    this.#size = 0;
  }

  /** For a unique index: the key `doc` would duplicate, held by a document other than `selfId`. */
  findDuplicate(doc: Doc, selfId: string): unknown[] | undefined {
    if (!this.spec.unique) return undefined;
    for (const key of this.keysOf(doc)) {
      const ids = this.scan(key, undefined, undefined);
      if (ids.some((id) => id !== selfId)) return key;
    }
    return undefined;
  }

  duplicateKeyError(ns: string, key: unknown[]): MongoCommandError {
    const keyValue: Doc = {};
    this.fields.forEach((field, i) => {
      keyValue[field] = key[i];
    });
    const shown = this.fields.map((field, i) => `${field}: ${JSON.stringify(key[i]) ?? 'null'}`).join(', ');
    return new MongoCommandError('DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`, {
      keyPattern: { ...this.spec.key },
      keyValue,
    });
  }

  /**
   * The entries whose key starts with `prefix` (equality on the leading fields) and whose next field
   * lies between `lower` and `upper`, as a [start, end) range of positions found by two binary
   * searches. A missing bound stops at the edge of the other bound's BSON type, as mongod's type
   * bracketing does.
   */
  range(prefix: unknown[], lower: Bound | undefined, upper: Bound | undefined): [start: number, end: number] {
    const k = prefix.length;
    const direction = this.directions[k] ?? 1;
    const comparePrefix = (block: Block, at: number): number => {
      for (let i = 0; i < k; i++) {
        const c = compareValues(block[at + i], prefix[i], this.strings);
        if (c !== 0) return c * this.directions[i];
      }
      return 0;
    };
    const ranged = k < this.fields.length && (lower !== undefined || upper !== undefined);
    // Where a value sits against the bounds in ascending BSON order: -1 below, 0 inside, 1 above.
    const relation = (value: unknown): number => {
      if (!ranged) return 0;
      if (lower) {
        const c = compareValues(value, lower.value, this.strings);
        if (c < 0 || (c === 0 && !lower.inclusive)) return -1;
      } else if (upper && typeRank(value) < typeRank(upper.value)) return -1;
      if (upper) {
        const c = compareValues(value, upper.value, this.strings);
        if (c > 0 || (c === 0 && !upper.inclusive)) return 1;
      } else if (lower && typeRank(value) > typeRank(lower.value)) return 1;
      return 0;
    };
    // In index order, (prefix, relation × direction) only grows: both ends are binary searches.
    const position = (block: Block, at: number) => {
      const c = comparePrefix(block, at);
      return c !== 0 ? c : relation(block[at + k]) * direction;
    };
    return [
      this.#positionOf(this.#lowerBound((block, at) => position(block, at) >= 0)),
      this.#positionOf(this.#lowerBound((block, at) => position(block, at) > 0)),
    ];
  }

  /**
   * One slot of each entry of a range (`pick`: the id's or the document's), in index order or
   * reversed, read lazily so a limited query stops early.
   */
  *#slots([start, end]: [number, number], reverse: boolean, pick: number): Generator<unknown> {
    if (start >= end) return;
    const blocks = this.#blocks.blocks;
    const width = this.#width;
    // Find the block holding `start`, then walk block by block.
    let block = 0;
    let first = start;
    while (first >= blocks[block].length / width) first -= blocks[block++].length / width;
    if (!reverse) {
      for (let left = end - start; left > 0; block++, first = 0) {
        const entries = blocks[block];
        const stop = Math.min(entries.length / width, first + left);
        for (let i = first; i < stop; i++) yield entries[i * width + pick];
        left -= stop - first;
      }
      return;
    }
    // Reverse: collect the blocks' spans first (cheap: one triple per block), then yield backwards.
    const spans: Array<[Block, number, number]> = [];
    for (let left = end - start; left > 0; block++, first = 0) {
      const entries = blocks[block];
      const stop = Math.min(entries.length / width, first + left);
      spans.push([entries, first, stop]);
      left -= stop - first;
    }
    for (let s = spans.length - 1; s >= 0; s--) {
      const [entries, from, stop] = spans[s];
      for (let i = stop - 1; i >= from; i--) yield entries[i * width + pick];
    }
  }

  /** The ids of a range, in index order or reversed. */
  ids(span: [number, number], reverse = false): Generator<string> {
    return this.#slots(span, reverse, this.fields.length) as Generator<string>;
  }

  /** The documents of a range, in index order or reversed (a multikey index may list one several times). */
  docs(span: [number, number], reverse = false): Generator<Doc> {
    return this.#slots(span, reverse, this.fields.length + 1) as Generator<Doc>;
  }

  /** All ids of a range, in index order. */
  scan(prefix: unknown[], lower: Bound | undefined, upper: Bound | undefined): string[] {
    return [...this.ids(this.range(prefix, lower, upper))];
  }

  /** Every id in index order, or reversed. */
  *walk(reverse: boolean): Generator<string> {
    yield* this.ids([0, this.#size], reverse);
  }
}

/**
 * The test for a partial index's filter. Equalities with strings (a tally index's `{grouping: …}`)
 * are tested natively: mingo had cost a fifth of the database's time in a statement's create, which
 * moves three tallies through six partial indexes. An index with a collation leaves it to mingo.
 */
function partialFilter(filter: Doc, collationKey: string): { test(doc: Doc): boolean } {
  let test = compiledPartials.get(filter);
  if (!test) {
    test = (collationKey === '' ? stringFilter(filter) : undefined) ?? new Query(filter, mingoOptions());
    compiledPartials.set(filter, test);
  }
  return test;
}

/** By filter object, which an index shares with its clones: a transaction's snapshot compiles nothing. */
const compiledPartials = new WeakMap<Doc, { test(doc: Doc): boolean }>();

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) if (!out.some((seen) => compareValues(seen, value) === 0)) out.push(value);
  return out;
}

export function isTextIndexKey(key: Doc): boolean {
  return Object.values(key).some((v) => v === 'text') || (isPlainObject(key) && '_fts' in key);
}
