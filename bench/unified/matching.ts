/**
 * The unified test format's value matching: extra fields are allowed in root-level documents only,
 * numbers compare by value whatever their BSON type, and the `$$` operators (`$$exists`, `$$type`,
 * `$$unsetOrMatches`, `$$matchesEntity`, `$$sessionLsid`, `$$lte`, `$$matchAsDocument`, `$$matchAsRoot`).
 */
import { EJSON } from 'bson';
import type { ClientSession } from 'mongodb';

export type Json = Record<string, unknown>;

export const isDoc = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !('_bsontype' in value) && !(value instanceof Date);

const bsonType = (v: unknown): string | undefined => (v as { _bsontype?: string } | null)?._bsontype;

const TYPE_OF: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' || bsonType(v) === 'Double',
  int: (v) => (typeof v === 'number' && Number.isInteger(v)) || bsonType(v) === 'Int32',
  long: (v) => bsonType(v) === 'Long' || (typeof v === 'number' && Number.isInteger(v)),
  string: (v) => typeof v === 'string',
  object: (v) => isDoc(v),
  array: (v) => Array.isArray(v),
  objectId: (v) => bsonType(v) === 'ObjectId',
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  binData: (v) => bsonType(v) === 'Binary',
  timestamp: (v) => bsonType(v) === 'Timestamp',
  decimal: (v) => bsonType(v) === 'Decimal128',
};

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tagged = value as { _bsontype?: string; toString(): string } | null;
  if (tagged && ['Int32', 'Double', 'Long', 'Decimal128'].includes(tagged._bsontype ?? '')) return Number(tagged.toString());
  return undefined;
}

const show = (value: unknown): string => EJSON.stringify({ v: value } as never).slice(5, -1);

export function match(
  expected: unknown,
  actualValue: unknown,
  root: boolean,
  path: string,
  entities: Map<string, unknown>,
): string | undefined {
  // The driver sends sort specifications as Maps.
  const actual = actualValue instanceof Map ? Object.fromEntries(actualValue) : actualValue;
  if (isDoc(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$$')) {
      const op = keys[0];
      const arg = expected[op];
      switch (op) {
        case '$$exists':
          return (actual !== undefined) === arg ? undefined : `${path}: expected ${arg ? 'present' : 'absent'}`;
        case '$$type': {
          const types = Array.isArray(arg) ? arg : [arg];
          return types.some((t) => TYPE_OF[String(t)]?.(actual)) ? undefined : `${path}: ${show(actual)} not of type ${types.join('|')}`;
        }
        case '$$unsetOrMatches':
          return actual === undefined ? undefined : match(arg, actual, root, path, entities);
        case '$$matchesEntity':
          return match(entities.get(String(arg)), actual, root, path, entities);
        case '$$sessionLsid': {
          const session = entities.get(String(arg)) as ClientSession | undefined;
          return match(session?.id, actual, false, path, entities);
        }
        case '$$lte': {
          const a = asNumber(actual);
          return a !== undefined && a <= Number(arg) ? undefined : `${path}: ${show(actual)} > ${String(arg)}`;
        }
        case '$$matchAsDocument':
          return typeof actual === 'string'
            ? match(arg, EJSON.parse(actual, { relaxed: true }), false, path, entities)
            : `${path}: not a JSON string`;
        case '$$matchAsRoot':
          return match(arg, actual, true, path, entities);
        default:
          return `${path}: unsupported operator ${op}`;
      }
    }
    if (!isDoc(actual)) return `${path}: expected a document, got ${show(actual)}`;
    for (const key of keys) {
      const problem = match(expected[key], actual[key], false, `${path}.${key}`, entities);
      if (problem) return problem;
    }
    if (!root) {
      const extra = Object.keys(actual).filter((key) => !(key in expected) && actual[key] !== undefined);
      if (extra.length > 0) return `${path}: unexpected fields ${extra.join(',')}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} elements, got ${actual.length} ${show(actual)}`;
    // Documents of an array that is the whole expected result (a find's) are root-level too.
    for (let i = 0; i < expected.length; i++) {
      const problem = match(expected[i], actual[i], root, `${path}[${i}]`, entities);
      if (problem) return problem;
    }
    return undefined;
  }
  const e = asNumber(expected);
  if (e !== undefined) {
    const a = asNumber(actual);
    return a === e || (Number.isNaN(a) && Number.isNaN(e)) ? undefined : `${path}: expected ${e}, got ${show(actual)}`;
  }
  if (expected === null) return actual === null || actual === undefined ? undefined : `${path}: expected null, got ${show(actual)}`;
  return show(expected) === show(actual) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}
