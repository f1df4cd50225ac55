/**
 * Chooses how a filter reads a collection: through an index (equality on leading fields, then an
 * equality list or a range on the next) or, failing that, a walk in the sort's index order or the
 * collection's natural order. Every candidate is still tested against the full filter by mingo, so
 * the plan only has to return a superset of the matches — never a subset.
 */
import { compareValues, type Doc, isPlainObject, type SortSpec } from './bson-values.js';
import type { Bound, OrderedIndex } from './ordered-index.js';
import type { Collection } from './storage.js';

interface FieldCondition {
  equals?: unknown[];
  lower?: Bound;
  upper?: Bound;
}

export interface Plan {
  /** Candidate ids, or undefined for a scan of the whole collection. */
  ids?: Iterable<string>;
  /** True when `ids` already come in the requested sort order. */
  sorted: boolean;
  index?: string;
}

const RANGE_OPERATORS = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte']);

/** Values an index can look up by BSON equality: scalars, never arrays, documents or regexes. */
function isPointValue(value: unknown): boolean {
  return (
    !Array.isArray(value) &&
    !isPlainObject(value) &&
    !(value instanceof RegExp) &&
    value !== undefined &&
    (value === null || typeof value !== 'object' || (value as { _bsontype?: string })._bsontype !== 'BSONRegExp')
  );
}

function conditionOf(value: unknown): FieldCondition | undefined {
  if (isPointValue(value)) return { equals: [value] };
  if (!isPlainObject(value)) return undefined;
  const operators = Object.keys(value);
  if (operators.length === 0 || !operators.every((op) => RANGE_OPERATORS.has(op))) return undefined;
  if ('$eq' in value) return isPointValue(value.$eq) ? { equals: [value.$eq] } : undefined;
  if ('$in' in value) {
    const list = value.$in;
    return Array.isArray(list) && list.every(isPointValue) ? { equals: list } : undefined;
  }
  const condition: FieldCondition = {};
  for (const op of operators) {
    const bound = value[op];
    if (!isPointValue(bound) || bound === null) return undefined;
    if (op === '$gt' || op === '$gte') condition.lower = { value: bound, inclusive: op === '$gte' };
    else condition.upper = { value: bound, inclusive: op === '$lte' };
  }
  return condition;
}

/** Conditions an index can serve, from the top level of the filter and of a top-level `$and`. */
function fieldConditions(filter: Doc): Map<string, FieldCondition> {
  const conditions = new Map<string, FieldCondition>();
  const visit = (clause: Doc) => {
    for (const [field, value] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (field.startsWith('$')) continue;
      const condition = conditionOf(value);
      if (condition && !conditions.has(field)) conditions.set(field, condition);
    }
  };
  visit(filter);
  return conditions;
}

interface Candidate {
  index: OrderedIndex;
  prefix: unknown[];
  next?: FieldCondition;
  score: number;
}

function bestIndex(collection: Collection, conditions: Map<string, FieldCondition>): Candidate | undefined {
  let best: Candidate | undefined;
  for (const index of collection.indexes) {
    if (!index.complete) continue;
    const prefix: unknown[] = [];
    let next: FieldCondition | undefined;
    for (const field of index.fields) {
      const condition = conditions.get(field);
      if (!condition) break;
      if (condition.equals?.length === 1) {
        prefix.push(condition.equals[0]);
        continue;
      }
      next = condition;
      break;
    }
    const score = prefix.length * 2 + (next ? 1 : 0) + (index.spec.unique && prefix.length === index.fields.length ? 1 : 0);
    if (score > 0 && (!best || score > best.score)) best = { index, prefix, next, score };
  }
  return best;
}

/** Whether ids in `index` order from field `from` on are also in `sort` order (or exactly reversed). */
function orderMatches(index: OrderedIndex, from: number, sort: SortSpec): 'forward' | 'reverse' | undefined {
  if (sort.length === 0 || index.multikey || from + sort.length > index.fields.length) return undefined;
  let forward = true;
  let reverse = true;
  sort.forEach(([path, direction], i) => {
    if (index.fields[from + i] !== path) forward = reverse = false;
    if (index.directions[from + i] !== direction) forward = false;
    if (index.directions[from + i] === direction) reverse = false;
  });
  return forward ? 'forward' : reverse ? 'reverse' : undefined;
}

export function plan(collection: Collection, filter: Doc, sort: SortSpec): Plan {
  const candidate = bestIndex(collection, fieldConditions(filter));
  if (candidate) {
    const { index, prefix, next } = candidate;
    let ids: string[];
    let sorted = false;
    if (next?.equals) {
      const seen = new Set<string>();
      const values = [...next.equals].sort(compareValues);
      for (const value of values) for (const id of index.scan([...prefix, value], undefined, undefined)) seen.add(id);
      ids = [...seen];
    } else {
      let { lower, upper } = next ?? {};
      // On a multikey index one array can satisfy each bound with a different element: keep one bound.
      if (index.multikey && lower && upper) upper = undefined;
      ids = index.scan(prefix, lower, upper);
      if (index.multikey) ids = [...new Set(ids)];
      const order = orderMatches(index, prefix.length, sort);
      if (order === 'reverse') ids.reverse();
      sorted = order !== undefined;
    }
    return { ids, sorted, index: index.name };
  }
  if (sort.length > 0) {
    for (const index of collection.indexes) {
      if (!index.complete) continue;
      const order = orderMatches(index, 0, sort);
      if (order) return { ids: index.walk(order === 'reverse'), sorted: true, index: index.name };
    }
  }
  return { sorted: sort.length === 0 };
}
