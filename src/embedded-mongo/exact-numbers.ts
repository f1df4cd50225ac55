/**
 * Decoding that keeps a double a double. With the bson package's default promotion a stored 7.0
 * comes back as the JS number 7, which the encoder writes as an int32 — so mongod's `$type:
 * 'double'` and a `promoteValues: false` reader would see a different type than was written.
 * Documents are decoded without promotion and then promoted here: int32s, and int64s that fit in
 * 53 bits, become numbers as before; doubles become numbers except those the encoder would turn
 * into int32s (integral values in the int32 range, and -0), which stay `Double` instances.
 *
 * Aggregation expressions (mingo) do arithmetic only on JS numbers, so documents headed into a
 * pipeline are given plain numbers again (`withPlainNumbers`) once any such double was stored.
 */
import type { Double, Int32, Long } from 'bson';
import { type Doc, idKey, isPlainObject } from './bson-values.js';

let exactDoublesSeen = false;

/** True once a double that needs its own representation has been decoded. */
export function exactDoublesStored(): boolean {
  return exactDoublesSeen;
}

function keepsDoubleType(value: number): boolean {
  return Object.is(value, -0) || (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647);
}

function promote(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = promote(value[i]);
    return value;
  }
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === undefined) {
    if (value instanceof Date || value instanceof RegExp) return value;
    const doc = value as Doc;
    for (const key in doc) doc[key] = promote(doc[key]);
    return doc;
  }
  switch (tag) {
    case 'Int32':
      return (value as Int32).value;
    case 'Double': {
      const number = (value as Double).value;
      if (!keepsDoubleType(number)) return number;
      exactDoublesSeen = true;
      return value;
    }
    case 'Long': {
      const long = value as Long;
      return long.lessThanOrEqual(Number.MAX_SAFE_INTEGER) && long.greaterThanOrEqual(Number.MIN_SAFE_INTEGER) ? long.toNumber() : long;
    }
    default:
      return value;
  }
}

/**
 * Whether a BSON document holds a double the default decoding would turn into an int32 — found by
 * walking the element headers without building any value, so the usual request (no such double)
 * pays a byte scan and is then decoded the default way.
 */
export function holdsExactDouble(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
  // Any inconsistency (a length past the end, an unterminated name) answers true: the full decoder
  // then judges the document, and rejects it if it is malformed.
  if (start < 0 || end > bytes.length || end - start < 5) return true;
  let at = start + 4;
  const skipCString = () => {
    while (at < end && bytes[at] !== 0) at++;
    at++;
  };
  const length = () => (at + 4 <= end ? view.getInt32(at, true) : -1);
  while (at < end) {
    const type = bytes[at++];
    if (type === 0) return false;
    skipCString();
    if (at >= end) return true;
    switch (type) {
      case 0x01:
        if (at + 8 > end || keepsDoubleType(view.getFloat64(at, true))) return true;
        at += 8;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e: {
        const size = length();
        if (size < 1) return true;
        at += 4 + size;
        break;
      }
      case 0x03:
      case 0x04: {
        const size = length();
        if (size < 5 || holdsExactDouble(bytes, view, at, at + size)) return true;
        at += size;
        break;
      }
      case 0x05: {
        const size = length();
        if (size < 0) return true;
        at += 5 + size;
        break;
      }
      case 0x07:
        at += 12;
        break;
      case 0x08:
        at += 1;
        break;
      case 0x09:
      case 0x11:
      case 0x12:
        at += 8;
        break;
      case 0x0b:
        skipCString();
        skipCString();
        break;
      case 0x0c: {
        const size = length();
        if (size < 1) return true;
        at += 4 + size + 12;
        break;
      }
      case 0x0f: {
        const size = length();
        if (size < 4) return true;
        at += size;
        break;
      }
      case 0x10:
        at += 4;
        break;
      case 0x13:
        at += 16;
        break;
      case 0x06:
      case 0x0a:
      case 0x7f:
      case 0xff:
        break;
      default:
        return true;
    }
  }
  return true;
}

/** Promotes a document decoded with `promoteValues: false`, in place. */
export function promoteExact(doc: Doc): Doc {
  return promote(doc) as Doc;
}

function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.some(needsPlain) ? value.map(plain) : value;
  if ((value as { _bsontype?: string })._bsontype === 'Double') return (value as Double).value;
  if (!isPlainObject(value) || !needsPlain(value)) return value;
  const out: Doc = {};
  for (const key in value) out[key] = plain(value[key]);
  return out;
}

function needsPlain(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsPlain);
  if ((value as { _bsontype?: string })._bsontype === 'Double') return true;
  if (!isPlainObject(value)) return false;
  for (const key in value) if (needsPlain(value[key])) return true;
  return false;
}

/** The documents with `Double` instances as numbers (copies only where one occurs); as-is while none was ever stored. */
export function withPlainNumbers(docs: Doc[]): Doc[] {
  if (!exactDoublesSeen) return docs;
  return docs.map((doc) => plain(doc) as Doc);
}

/**
 * mingo computes with plain numbers, so a `Double` with an integral value leaves it as an int.
 * Where an output document is an input document carried through (same `_id`), a number still equal
 * to the `Double` at the same path of that input is that double passing through, and becomes one
 * again (a `$match`, `$project`, `$set`, `$sort`… keeps 7.0 a double, as mongod does). Values
 * computed from doubles (`$sum`, `$add`) are not tracked and come out as plain numbers.
 */
export function restoreDoubles(outputs: Doc[], inputs: Doc[]): Doc[] {
  if (!exactDoublesSeen || outputs.length === 0) return outputs;
  let originals: Map<string, Doc> | undefined;
  for (const input of inputs) {
    if (!needsPlain(input)) continue;
    originals ??= new Map();
    originals.set(idKey(input._id), input);
  }
  if (!originals) return outputs;
  const found = originals;
  return outputs.map((output) => {
    const original = output._id === undefined ? undefined : found.get(idKey(output._id));
    return original ? (withDoublesFrom(output, original) as Doc) : output;
  });
}

function withDoublesFrom(value: unknown, original: unknown): unknown {
  if (typeof value === 'number') {
    return (original as { _bsontype?: string } | null)?._bsontype === 'Double' && (original as Double).value === value ? original : value;
  }
  if (Array.isArray(value)) {
    if (!Array.isArray(original)) return value;
    return value.map((item, i) => withDoublesFrom(item, original[i]));
  }
  if (!isPlainObject(value) || !isPlainObject(original) || !needsPlain(original)) return value;
  const out: Doc = {};
  for (const key in value) out[key] = withDoublesFrom(value[key], original[key]);
  return out;
}
