/**
 * The `$type` query operator as mongod defines it: every BSON type by alias or number, plus
 * `'number'`; an array field matches `'array'` or when any element is of the type; a missing field
 * matches nothing. mingo's own lacks objectId, binData and timestamp and counts integers as doubles.
 */
import type { Options } from 'mingo/types';
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';

const ALIASES: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};
const NUMBER = 0; // stands for the 'number' alias: double, int, long and decimal
const NUMERIC_TYPES = new Set([1, 16, 18, 19]);

const BSON_TYPE_NUMBERS: Record<string, number> = {
  Double: 1,
  Binary: 5,
  ObjectId: 7,
  BSONRegExp: 11,
  DBRef: 3,
  Code: 13,
  BSONSymbol: 14,
  Int32: 16,
  Timestamp: 17,
  Long: 18,
  Decimal128: 19,
  MinKey: -1,
  MaxKey: 127,
};

/** The BSON type number a decoded value is stored as; a JS number is an int32 when the driver would encode it so. */
export function bsonTypeNumber(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 10;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 && !Object.is(value, -0) ? 16 : 1;
    case 'bigint':
      return 18;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(value)) return 4;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === 'Code') return (value as { scope?: unknown }).scope ? 15 : 13;
  if (typeof tag === 'string') return BSON_TYPE_NUMBERS[tag] ?? 3;
  return 3;
}

function typeCode(spec: unknown): number {
  if (typeof spec === 'string') {
    if (spec === 'number') return NUMBER;
    if (spec in ALIASES) return ALIASES[spec];
    throw new MongoCommandError('BadValue', `Unknown type name alias: ${spec}`);
  }
  const n = typeof spec === 'number' ? spec : Number((spec as { valueOf(): unknown })?.valueOf?.());
  if (Number.isInteger(n) && Object.values(ALIASES).includes(n)) return n;
  throw new MongoCommandError('BadValue', `Invalid numerical type code: ${String(spec)}`);
}

function isOfType(value: unknown, code: number): boolean {
  const actual = bsonTypeNumber(value);
  return code === NUMBER ? actual !== undefined && NUMERIC_TYPES.has(actual) : actual === code;
}

/** Values at a dotted path, arrays kept whole (so `'array'` can match) and also expanded. */
function valuesAt(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
    if (Array.isArray(value)) out.push(...value);
    return;
  }
  if (Array.isArray(value)) {
    const position = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
    if (position >= 0 && position < value.length) valuesAt(value[position], parts, i + 1, out);
    for (const element of value) if (isPlainObject(element)) valuesAt(element, parts, i, out);
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, parts[i]) && value[parts[i]] !== undefined) valuesAt(value[parts[i]], parts, i + 1, out);
}

export function $type(selector: string, spec: unknown, _options: Options): (doc: Doc) => boolean {
  const codes = (Array.isArray(spec) ? spec : [spec]).map(typeCode);
  if (codes.length === 0) throw new MongoCommandError('FailedToParse', '$type must match at least one type');
  const parts = selector.split('.');
  return (doc) => {
    const values: unknown[] = [];
    valuesAt(doc, parts, 0, values);
    return values.some((value) => codes.some((code) => isOfType(value, code)));
  };
}
