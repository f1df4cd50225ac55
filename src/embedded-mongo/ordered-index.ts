/**
 * An index: (key, id) entries in index order, held as a list of sorted blocks of at most
 * BLOCK_SIZE entries (a one-level B+tree). Binary search over the blocks' last entries, then within
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

interface Entry {
  key: unknown[];
  id: string;
  /**
   * The document version the key was read from. Stored versions are never changed in place (a
   * write removes the old version's entries and adds the new one's), so a read takes the document
   * from here instead of looking its id up in the collection.
   */
  doc: Doc;
}

/** Entries per block; a block that outgrows it is split in two halves. */
const BLOCK_SIZE = 512;

/** A position in index order: block number and offset inside the block. */
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
  #blocks = new SharedBlocks<Entry[]>((block) => block.slice());
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

  #compare(a: unknown[], b: unknown[]): number {
    for (let i = 0; i < this.directions.length; i++) {
      const c = compareValues(a[i], b[i], this.strings);
      if (c !== 0) return c * this.directions[i];
    }
    return 0;
  }

  /** The first slot whose entry satisfies `isAtOrAfter`, which must be monotone in index order. */
  #lowerBound(isAtOrAfter: (entry: Entry) => boolean): Slot {
    const blocks = this.#blocks.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid];
      if (isAtOrAfter(block[block.length - 1])) hi = mid;
      else lo = mid + 1;
    }
    if (lo === blocks.length) return { block: lo, offset: 0 };
    const block = blocks[lo];
    let first = 0;
    let last = block.length - 1; // the block's last entry is known to satisfy the predicate
    while (first < last) {
      const mid = (first + last) >>> 1;
      if (isAtOrAfter(block[mid])) last = mid;
      else first = mid + 1;
    }
    return { block: lo, offset: first };
  }

  #slotOf(entry: Entry): Slot {
    return this.#lowerBound((e) => {
      const c = this.#compare(e.key, entry.key);
      return c > 0 || (c === 0 && e.id >= entry.id);
    });
  }

  /** The position in index order (0 … size) of a slot. */
  #positionOf({ block, offset }: Slot): number {
    let position = offset;
    const blocks = this.#blocks.blocks;
    for (let b = 0; b < block; b++) position += blocks[b].length;
    return position;
  }

  add(doc: Doc, id: string): void {
    for (const key of this.keysOf(doc)) {
      const entry = { key, id, doc };
      const blocks = this.#blocks;
      this.#size++;
      if (blocks.length === 0) {
        blocks.push([entry]);
        continue;
      }
      let { block, offset } = this.#slotOf(entry);
      // Past every entry: append to the last block.
      if (block === blocks.length) {
        block = blocks.length - 1;
        offset = blocks.blocks[block].length;
      }
      const target = blocks.writable(block);
      target.splice(offset, 0, entry);
      if (target.length > BLOCK_SIZE) blocks.insert(block + 1, target.splice(target.length >>> 1));
    }
  }

  remove(doc: Doc, id: string): void {
    for (const key of this.keysOf(doc)) {
      const { block, offset } = this.#slotOf({ key, id, doc });
      const found = this.#blocks.blocks[block]?.[offset];
      if (!found || found.id !== id || this.#compare(found.key, key) !== 0) continue;
      const target = this.#blocks.writable(block);
      target.splice(offset, 1);
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
    const comparePrefix = (key: unknown[]): number => {
      for (let i = 0; i < k; i++) {
        const c = compareValues(key[i], prefix[i], this.strings);
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
    const position = (e: Entry) => {
      const c = comparePrefix(e.key);
      return c !== 0 ? c : relation(e.key[k]) * direction;
    };
    return [this.#positionOf(this.#lowerBound((e) => position(e) >= 0)), this.#positionOf(this.#lowerBound((e) => position(e) > 0))];
  }

  /** The entries of a range, in index order or reversed, read lazily so a limited query stops early. */
  *#entries([start, end]: [number, number], reverse: boolean): Generator<Entry> {
    if (start >= end) return;
    const blocks = this.#blocks.blocks;
    // Find the block holding `start`, then walk block by block.
    let block = 0;
    let first = start;
    while (first >= blocks[block].length) first -= blocks[block++].length;
    if (!reverse) {
      for (let left = end - start; left > 0; block++, first = 0) {
        const entries = blocks[block];
        const stop = Math.min(entries.length, first + left);
        for (let i = first; i < stop; i++) yield entries[i];
        left -= stop - first;
      }
      return;
    }
    // Reverse: collect the blocks' spans first (cheap: one pair per block), then yield backwards.
    const spans: Array<[Entry[], number, number]> = [];
    for (let left = end - start; left > 0; block++, first = 0) {
      const entries = blocks[block];
      const stop = Math.min(entries.length, first + left);
      spans.push([entries, first, stop]);
      left -= stop - first;
    }
    for (let s = spans.length - 1; s >= 0; s--) {
      const [entries, from, stop] = spans[s];
      for (let i = stop - 1; i >= from; i--) yield entries[i];
    }
  }

  /** The ids of a range, in index order or reversed. */
  *ids(span: [number, number], reverse = false): Generator<string> {
    for (const entry of this.#entries(span, reverse)) yield entry.id;
  }

  /** The documents of a range, in index order or reversed (a multikey index may list one several times). */
  *docs(span: [number, number], reverse = false): Generator<Doc> {
    for (const entry of this.#entries(span, reverse)) yield entry.doc;
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
