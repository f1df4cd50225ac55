/**
 * BSON value semantics the driver's decoded values need and JavaScript lacks: MongoDB's cross-type
 * comparison order, numeric comparison across int32/double/int64/decimal, dotted-path traversal
 * through arrays (as indexes and sorts see documents), and a stable string key per `_id`.
 */
import { EJSON } from 'bson';

export type Doc = Record<string, unknown>;

/** What `_bsontype` a decoded value carries (ObjectId, Long, Binary…), if any. */
function bsonType(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp) return false;
  return bsonType(value) === undefined;
}

/** mongod's canonical type order: MinKey < null < numbers < strings < objects < arrays < … < MaxKey. */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  if (value === EMPTY_ARRAY_SORT_KEY) return 1.5;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  switch (bsonType(value as object)) {
    case undefined:
      return 5;
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    default:
      return 5;
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as { _bsontype: string; toNumber?: () => number; valueOf: () => unknown; toString(): string };
  if (tagged._bsontype === 'Long') return tagged.toNumber?.() ?? Number(tagged.toString());
  if (tagged._bsontype === 'Decimal128') return Number.parseFloat(tagged.toString());
  return Number(tagged.valueOf());
}

function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1; // NaN sorts below every number in MongoDB
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares by UTF-8 bytes, which is how mongod orders strings without a collation. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code units order as UTF-8 bytes do, except a surrogate (a character beyond U+FFFF) against
  // U+E000–U+FFFF: compared unit by unit without copying, and as bytes only when a surrogate differs.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) || isSurrogate(y)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    return x < y ? -1 : 1;
  }
  // One is a prefix of the other: the shorter first, in bytes as in units.
  return a.length < b.length ? -1 : 1;
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

function compareBytes(a: { buffer: Uint8Array; sub_type?: number }, b: { buffer: Uint8Array; sub_type?: number }): number {
  if (a.buffer.length !== b.buffer.length) return a.buffer.length < b.buffer.length ? -1 : 1;
  if ((a.sub_type ?? 0) !== (b.sub_type ?? 0)) return (a.sub_type ?? 0) < (b.sub_type ?? 0) ? -1 : 1;
  return Buffer.compare(a.buffer, b.buffer);
}

export type StringOrder = (a: string, b: string) => number;

/**
 * Total order over BSON values, as mongod compares them for sorting, indexes and range queries.
 * `strings` orders string values (a collation's); field names always compare binary.
 */
export function compareValues(a: unknown, b: unknown, strings: StringOrder = compareStrings): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case 1:
    case 1.5:
    case 2:
    case 13:
      return 0;
    case 3:
      return compareNumbers(toNumber(a), toNumber(b));
    case 4:
      return strings(String(a), String(b));
    case 5:
      return compareDocuments(a as Doc, b as Doc, strings);
    case 6:
      return compareArrays(a as unknown[], b as unknown[], strings);
    case 7:
      return compareBytes(a as { buffer: Uint8Array }, b as { buffer: Uint8Array });
    case 8:
      return compareObjectIds(a as ObjectIdLike, b as ObjectIdLike);
    case 9:
      return a === b ? 0 : a ? 1 : -1;
    case 10:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const x = a as { compare(other: unknown): number };
      return x.compare(b);
    }
    default:
      return compareStrings(String(a), String(b));
  }
}

interface ObjectIdLike {
  id: Uint8Array;
  i0?: number;
  i1?: number;
  i2?: number;
  i3?: number;
}

/**
 * bson 7 holds an ObjectId's 12 bytes as four 24-bit words, i0…i3 in byte order, and its `id`
 * getter builds a new Buffer on every call: comparing the words orders them as their bytes without
 * allocating (indexes and sorts compare ObjectIds more than anything). Other shapes compare bytes.
 */
function compareObjectIds(a: ObjectIdLike, b: ObjectIdLike): number {
  if (typeof a.i0 !== 'number' || typeof b.i0 !== 'number') return Buffer.compare(a.id, b.id);
  if (a.i0 !== b.i0) return a.i0 < b.i0 ? -1 : 1;
  if (a.i1 !== b.i1) return (a.i1 as number) < (b.i1 as number) ? -1 : 1;
  if (a.i2 !== b.i2) return (a.i2 as number) < (b.i2 as number) ? -1 : 1;
  if (a.i3 !== b.i3) return (a.i3 as number) < (b.i3 as number) ? -1 : 1;
  return 0;
}

function compareDocuments(a: Doc, b: Doc, strings: StringOrder): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const shared = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < shared; i++) {
    const byType = typeRank(a[keysA[i]]) - typeRank(b[keysB[i]]);
    if (byType !== 0) return byType < 0 ? -1 : 1;
    const byName = compareStrings(keysA[i], keysB[i]);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[keysA[i]], b[keysB[i]], strings);
    if (byValue !== 0) return byValue;
  }
  return keysA.length === keysB.length ? 0 : keysA.length < keysB.length ? -1 : 1;
}

function compareArrays(a: unknown[], b: unknown[], strings: StringOrder): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const c = compareValues(a[i], b[i], strings);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

/**
 * Every value a dotted path reaches, descending into arrays the way mongod's multikey indexes do:
 * `a.b` on `{a: [{b: 1}, {b: 2}]}` reaches 1 and 2; a leaf array contributes its elements.
 * An empty result means the path is missing.
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(value);
      else out.push(...value);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const position = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
    if (position >= 0 && position < value.length) collect(value[position], parts, i + 1, out);
    for (const element of value) if (isPlainObject(element)) collect(element, parts, i, out);
    return;
  }
  if (isPlainObject(value) && parts[i] in value) {
    const next = value[parts[i]];
    if (next !== undefined) collect(next, parts, i + 1, out);
  }
}

/**
 * The sort key of an empty array: mongod sorts it as BSON undefined, below null and missing in
 * either direction's ascending order.
 */
export const EMPTY_ARRAY_SORT_KEY: unique symbol = Symbol('empty array');

/**
 * The value a sort on `path` uses: missing is null; an empty array is below null; other arrays sort
 * by their least (ascending) or greatest (descending) element.
 */
export function sortKey(doc: Doc, path: string, direction: 1 | -1, strings: StringOrder = compareStrings): unknown {
  // A top-level scalar, the usual key (_id, a date, a score), is its own sort key.
  const own = !path.includes('.') && Object.hasOwn(doc, path) ? doc[path] : undefined;
  if (own !== undefined && !Array.isArray(own)) return own;
  const values = pathValues(doc, path);
  if (values.length === 0) return null;
  if (values.length === 1 && Array.isArray(values[0]) && values[0].length === 0) return EMPTY_ARRAY_SORT_KEY;
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best, strings);
    if (direction === 1 ? c < 0 : c > 0) best = values[i];
  }
  return best;
}

export type SortSpec = Array<[path: string, direction: 1 | -1]>;

export function parseSortSpec(spec: unknown): SortSpec {
  if (!isPlainObject(spec)) return [];
  return Object.entries(spec).map(([path, dir]) => {
    if (isPlainObject(dir) && (dir as Doc).$meta === 'textScore') return [TEXT_SCORE_FIELD, -1];
    return [path, Number(dir) < 0 ? -1 : 1];
  });
}

/** Hidden field that carries a `$text` score through queries and pipelines; stripped before replying. */
export const TEXT_SCORE_FIELD = '__textScore';

export function compareBySpec(spec: SortSpec, strings: StringOrder = compareStrings): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [path, direction] of spec) {
      const c = compareValues(sortKey(a, path, direction, strings), sortKey(b, path, direction, strings), strings);
      if (c !== 0) return c * direction;
    }
    return 0;
  };
}

/**
 * The documents in `spec` order, as `compareBySpec` orders them (stable), with each document's sort
 * keys computed once rather than at every comparison: sorting thousands of groups by dotted paths
 * had spent most of its time finding the same values again. With a `limit`, only the first `limit`
 * are kept, as mongod's top-k sort does for `$sort` + `$limit`: a page of a large match is chosen
 * without ordering everything behind it.
 */
export function sortBySpec(docs: readonly Doc[], spec: SortSpec, strings: StringOrder = compareStrings, limit = Infinity): Doc[] {
  const keys = docs.map((doc) => spec.map(([path, direction]) => sortKey(doc, path, direction, strings)));
  return sortedPositions(keys, spec, strings, limit).map((i) => docs[i]);
}

/**
 * The positions of `keys` (one row of sort keys per item, as `sortKey` gives them) in `spec`
 * order, ties in position order, only the first `limit` of them.
 */
export function sortedPositions(keys: unknown[][], spec: SortSpec, strings: StringOrder = compareStrings, limit = Infinity): number[] {
  const compare = (a: number, b: number) => {
    for (let k = 0; k < spec.length; k++) {
      const c = compareValues(keys[a][k], keys[b][k], strings);
      if (c !== 0) return c * spec[k][1];
    }
    return 0;
  };
  if (limit < keys.length) return topOf(keys.length, compare, limit);
  const order = keys.map((_, i) => i);
  return order.sort(compare);
}

/**
 * The first `limit` of positions 0…n−1 in `compare` order, ties in position order: a sorted window
 * that a position enters only when it ranks before the window's last.
 */
function topOf(n: number, compare: (a: number, b: number) => number, limit: number): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  for (let i = 0; i < n; i++) {
    if (top.length === limit && compare(i, top[limit - 1]) >= 0) continue;
    // After every equal entry already kept, so ties stay in input order.
    let low = 0;
    let high = top.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(i, top[middle]) < 0) high = middle;
      else low = middle + 1;
    }
    top.splice(low, 0, i);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** A string that identifies an `_id` value by BSON equality (1 and 1.0 are the same `_id`). */
export function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`;
  if (typeof id === 'number') return `n${id}`;
  if (id !== null && typeof id === 'object') {
    const tag = bsonType(id);
    if (tag === 'ObjectId') return `o${(id as { toHexString(): string }).toHexString()}`;
    if (tag === 'Int32' || tag === 'Double' || tag === 'Long') return `n${toNumber(id)}`;
  }
  return `j${EJSON.stringify(id as never, { relaxed: false })}`;
}
