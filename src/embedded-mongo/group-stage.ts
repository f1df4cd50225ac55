/**
 * `$group` for the shape counting queries take — a key of top-level fields, counts, minimums and
 * maximums — run in one pass with a Map, instead of mingo's general grouping (which hashes every
 * key object and gathers each group's members before accumulating: most of an aggregate's time
 * over 100,000 statements). Any other shape, or a key value that is a document or an array (BSON
 * equality of those is mingo's to judge), runs in mingo as before.
 *
 * Semantics as mongod's: documents whose key values are equal by BSON comparison (1 and 1.0, -0 and
 * 0) form one group, keyed by the first value met; a field missing from a document is left out of
 * an object `_id` (and is null for a bare `$field` key); `$ifNull: ['$field', null]` makes missing
 * null; `$min`/`$max` ignore null and missing values and give null when nothing else was seen;
 * groups come out in the order their first document came.
 */
import { compareValues, type Doc, idKey, isPlainObject } from './bson-values.js';

type KeyPart = { name: string | undefined; field: string; nullIfMissing: boolean };
type Accumulator = { name: string; kind: 'count' } | { name: string; kind: 'min' | 'max'; field: string };

export interface NativeGroup {
  key: KeyPart[] | null;
  accumulators: Accumulator[];
}

/** A top-level field path (`$name`, no dots, no variables), or undefined. */
function fieldOf(expression: unknown): string | undefined {
  return typeof expression === 'string' && /^\$[A-Za-z_][\w]*$/.test(expression) ? expression.slice(1) : undefined;
}

function keyPartOf(name: string | undefined, expression: unknown): KeyPart | undefined {
  const field = fieldOf(expression);
  if (field !== undefined) return { name, field, nullIfMissing: name === undefined };
  if (isPlainObject(expression) && Object.keys(expression).length === 1 && Array.isArray(expression.$ifNull)) {
    const [path, replacement, ...more] = expression.$ifNull;
    const inner = fieldOf(path);
    if (inner !== undefined && replacement === null && more.length === 0) return { name, field: inner, nullIfMissing: true };
  }
  return undefined;
}

/** The plan for a `$group` spec this module can run, or undefined (mingo runs it). */
export function nativeGroup(spec: unknown): NativeGroup | undefined {
  if (!isPlainObject(spec) || !('_id' in spec)) return undefined;
  const { _id: id, ...rest } = spec;
  let key: KeyPart[] | null;
  if (id === null) key = null;
  else if (typeof id === 'string') {
    const part = keyPartOf(undefined, id);
    if (!part) return undefined;
    key = [part];
  } else if (
    isPlainObject(id) &&
    Object.keys(id).length > 0 &&
    Object.keys(id).every((name) => !name.startsWith('$') && !name.includes('.'))
  ) {
    key = [];
    for (const [name, expression] of Object.entries(id)) {
      const part = keyPartOf(name, expression);
      if (!part) return undefined;
      key.push(part);
    }
  } else return undefined;
  const accumulators: Accumulator[] = [];
  for (const [name, expression] of Object.entries(rest)) {
    if (name.includes('.') || name.startsWith('$') || !isPlainObject(expression) || Object.keys(expression).length !== 1) return undefined;
    if (expression.$sum === 1) accumulators.push({ name, kind: 'count' });
    else if (fieldOf(expression.$min) !== undefined) accumulators.push({ name, kind: 'min', field: fieldOf(expression.$min) as string });
    else if (fieldOf(expression.$max) !== undefined) accumulators.push({ name, kind: 'max', field: fieldOf(expression.$max) as string });
    else return undefined;
  }
  return { key, accumulators };
}

/** A key value this module can compare by its idKey: scalars, never documents or arrays. */
function isScalar(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (value instanceof Date) return true;
  const type = (value as { _bsontype?: string })._bsontype;
  return type === 'ObjectId' || type === 'Int32' || type === 'Double';
}

/** Runs the plan over the documents; undefined when a key value is beyond it (then mingo runs the stage). */
export function runNativeGroup({ key, accumulators }: NativeGroup, docs: Doc[]): Doc[] | undefined {
  const groups = new Map<string, Doc>();
  for (const doc of docs) {
    let id: unknown = null;
    let identity = '';
    if (key !== null) {
      const object: Doc = {};
      for (const part of key) {
        let value = doc[part.field];
        if (value === undefined || (value === null && part.nullIfMissing)) {
          if (!part.nullIfMissing) {
            identity += 'm'; // left out of the key object: a group of its own
            continue;
          }
          value = null;
        }
        // Strings and nulls, most keys, spelled directly; everything else by idKey (BSON equality).
        // Each part carries its length, so no two keys spell the same identity.
        let piece: string;
        if (typeof value === 'string') piece = `s${value}`;
        else if (value === null) piece = 'z';
        else if (isScalar(value)) piece = idKey(value);
        else return undefined;
        identity += `${piece.length}:${piece}`;
        if (part.name === undefined) id = value;
        else object[part.name] = value;
      }
      if (key[0].name !== undefined) id = object;
    }
    let group = groups.get(identity);
    if (group === undefined) {
      group = { _id: id };
      for (const accumulator of accumulators) group[accumulator.name] = accumulator.kind === 'count' ? 0 : null;
      groups.set(identity, group);
    }
    for (const accumulator of accumulators) {
      if (accumulator.kind === 'count') {
        group[accumulator.name] = (group[accumulator.name] as number) + 1;
        continue;
      }
      const value = doc[accumulator.field];
      if (value === undefined || value === null) continue;
      const current = group[accumulator.name];
      const c = current === null ? 0 : compareValues(value, current);
      if (current === null || (accumulator.kind === 'min' ? c < 0 : c > 0)) group[accumulator.name] = value;
    }
  }
  return [...groups.values()];
}
