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
import { type Doc, isPlainObject } from './bson-values.js';

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
