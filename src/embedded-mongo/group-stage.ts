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

/**
 * A key piece for a non-string scalar. An ObjectId's is kept per object: the stored documents'
 * ObjectIds (immutable) are the same objects from one aggregate to the next, so each is spelled in
 * hexadecimal once rather than for every document of every aggregate.
 */
const objectIdPieces = new WeakMap<object, string>();
function scalarPiece(value: unknown): string {
  if ((value as { _bsontype?: string } | null)?._bsontype !== 'ObjectId') return idKey(value);
  const id = value as object;
  let piece = objectIdPieces.get(id);
  if (piece === undefined) {
    piece = idKey(id);
    objectIdPieces.set(id, piece);
  }
  return piece;
}

/** Where a key part is missing (left out of the key object) or null, in the maps below. */
const MISSING = Symbol('missing');
const NULL = Symbol('null');

/**
 * The group `_id` of the first document of a group: the key parts' values, a missing field left
 * out of an object key (or null for a bare `$field`), `$ifNull` making missing null.
 */
function groupId(key: KeyPart[], doc: Doc): unknown {
  if (key[0].name === undefined) return doc[key[0].field] ?? null;
  const object: Doc = {};
  for (const part of key) {
    const value = doc[part.field];
    if (value !== undefined) object[part.name as string] = value;
    else if (part.nullIfMissing) object[part.name as string] = null;
  }
  return object;
}

/**
 * Runs the plan over the documents; undefined when a key value is beyond it (then mingo runs the
 * stage). Groups are found through one map per key part, keyed by the value itself for strings
 * (most keys, and the same string objects from one aggregate to the next) and by a marker per
 * BSON-equal value otherwise: no key is spelled out as text per document.
 */
export function runNativeGroup({ key, accumulators }: NativeGroup, docs: Doc[]): Doc[] | undefined {
  const groups: Doc[] = [];
  const root = new Map<unknown, unknown>();
  const markers = new Map<string, object>();
  const markerOf = (piece: string) => {
    let marker = markers.get(piece);
    if (marker === undefined) {
      marker = {};
      markers.set(piece, marker);
    }
    return marker;
  };
  const last = key === null ? 0 : key.length - 1;
  for (const doc of docs) {
    let level = root;
    let group: Doc | undefined;
    for (let i = 0; i <= last; i++) {
      let slot: unknown = NULL;
      if (key !== null) {
        const part = key[i];
        const value = doc[part.field];
        if (value === undefined) slot = part.nullIfMissing ? NULL : MISSING;
        else if (typeof value === 'string') slot = value;
        else if (value === null) slot = NULL;
        else if (isScalar(value)) slot = markerOf(scalarPiece(value));
        else return undefined;
      }
      const next = level.get(slot);
      if (i < last) {
        let inner = next as Map<unknown, unknown> | undefined;
        if (inner === undefined) {
          inner = new Map();
          level.set(slot, inner);
        }
        level = inner;
      } else if (next === undefined) {
        group = { _id: key === null ? null : groupId(key, doc) };
        for (const accumulator of accumulators) group[accumulator.name] = accumulator.kind === 'count' ? 0 : null;
        level.set(slot, group);
        groups.push(group);
      } else group = next as Doc;
    }
    const found = group as Doc;
    for (const accumulator of accumulators) {
      if (accumulator.kind === 'count') {
        found[accumulator.name] = (found[accumulator.name] as number) + 1;
        continue;
      }
      const value = doc[accumulator.field];
      if (value === undefined || value === null) continue;
      const current = found[accumulator.name];
      const c = current === null ? 0 : compareValues(value, current);
      if (current === null || (accumulator.kind === 'min' ? c < 0 : c > 0)) found[accumulator.name] = value;
    }
  }
  return groups;
}
