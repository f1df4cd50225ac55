/**
 * Chooses how a filter reads a collection: through an index (equality on leading fields, then an
 * equality list or a range on the next) or, failing that, a walk in the sort's index order or the
 * collection's natural order. Every candidate is still tested against the full filter by mingo, so
 * the plan only has to return a superset of the matches — never a subset.
 */
import { MaxKey, Timestamp } from 'bson';
import { compareValues, type Doc, idKey, isPlainObject, type SortSpec } from './bson-values.js';
import type { Bound, OrderedIndex } from './ordered-index.js';
import { regexPrefixRange } from './regex-prefix.js';
import type { Collection } from './storage.js';

interface FieldCondition {
  equals?: unknown[];
  lower?: Bound;
  upper?: Bound;
  /**
   * `{ $ne: null }`: every key but the null ones (mongod's bounds [MinKey, null) and (null, MaxKey]).
   * It narrows the candidates only: the filter still tests them (an array holding a null is refused).
   */
  notNull?: true;
  /**
   * An anchored regex: `lower`/`upper` hold its string range (regex-prefix.ts), which narrows the
   * candidates only; stored regexes are read too, since one equal to the pattern matches it.
   */
  regex?: true;
  /** Where in the filter the condition sits: -1 at the top level, else the index in the top-level `$and`. */
  clause: number;
}

export interface Plan {
  /** Candidate documents (read from the index's entries), or undefined for a scan of the whole collection. */
  docs?: Iterable<Doc>;
  /**
   * The filter minus the conditions the index answered exactly: every candidate already meets
   * them, so they need not be tested again (an `$in` of hundreds of ids tested per document by
   * mingo costs more than the whole index scan).
   */
  residual: Doc;
  /** True when `docs` already come in the requested sort order. */
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

function conditionOf(value: unknown): Omit<FieldCondition, 'clause'> | undefined {
  if (isPointValue(value)) return { equals: [value] };
  const prefixRange = regexPrefixRange(value);
  if (prefixRange) return { ...prefixRange, regex: true };
  if (!isPlainObject(value)) return undefined;
  const operators = Object.keys(value);
  if (operators.length === 1 && operators[0] === '$ne' && value.$ne === null) return { notNull: true };
  if (operators.length === 0 || !operators.every((op) => RANGE_OPERATORS.has(op))) return undefined;
  if ('$eq' in value) return isPointValue(value.$eq) ? { equals: [value.$eq] } : undefined;
  if ('$in' in value) {
    const list = value.$in;
    return Array.isArray(list) && list.every(isPointValue) ? { equals: list } : undefined;
  }
  const condition: Omit<FieldCondition, 'clause'> = {};
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
  const visit = (clause: Doc, where: number) => {
    for (const [field, value] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(value) && where === -1) {
        value.forEach((part, i) => {
          if (isPlainObject(part)) visit(part, i);
        });
        continue;
      }
      if (field.startsWith('$')) continue;
      const condition = conditionOf(value);
      if (condition && !conditions.has(field)) conditions.set(field, { ...condition, clause: where });
    }
  };
  visit(filter, -1);
  return conditions;
}

interface Candidate {
  index: OrderedIndex;
  prefix: unknown[];
  next?: FieldCondition;
  score: number;
}

/**
 * Whether the index holds every document the conditions can match: a full index always; a partial
 * one when its filter is equalities the query asks for too (mongod's rule is the general "the
 * query implies the filter"; this is the part of it a page of tallies needs). Sparse: never.
 */
function holdsEveryMatch(index: OrderedIndex, conditions: Map<string, FieldCondition>): boolean {
  if (index.complete) return true;
  const partial = index.spec.partialFilterExpression;
  if (index.spec.sparse || !partial) return false;
  return Object.entries(partial).every(([field, value]) => {
    const wanted = isPlainObject(value) && Object.keys(value).length === 1 && '$eq' in value ? value.$eq : value;
    const asked = conditions.get(field)?.equals;
    return !field.startsWith('$') && isPointValue(wanted) && asked?.length === 1 && compareValues(asked[0], wanted) === 0;
  });
}

function bestIndex(
  collection: Collection,
  conditions: Map<string, FieldCondition>,
  collationKey: string,
  sort: SortSpec,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const index of collection.indexes) {
    if (!holdsEveryMatch(index, conditions) || index.collationKey !== collationKey) continue;
    const prefix: unknown[] = [];
    let next: FieldCondition | undefined;
    for (const field of index.fields) {
      const condition = conditions.get(field);
      if (!condition) break;
      if (condition.equals?.length === 1) {
        prefix.push(condition.equals[0]);
        continue;
      }
      // Skipping the nulls pays only when the index also gives the order asked for (the timeline's
      // statements by saidOn): otherwise another index's order may let a limited read stop early.
      if (condition.notNull && sort.length > 0 && !orderMatches(index, prefix.length, sort)) break;
      next = condition;
      break;
    }
    const narrowing = prefix.length * 2 + (next ? 1 : 0) + (index.spec.unique && prefix.length === index.fields.length ? 1 : 0);
    // Between indexes that narrow alike, one that also gives the order asked for spares a sort
    // (mongod's plan ranking prefers it too: it can stop at the limit).
    const ordered = !next && sort.length > 0 && orderMatches(index, prefix.length, sort) !== undefined;
    const score = narrowing * 2 + (ordered ? 1 : 0);
    if (score > 0 && (!best || score > best.score)) best = { index, prefix, next, score };
  }
  return best;
}

/** Whether ids in `index` order from field `from` on are also in `sort` order (or exactly reversed). */
function orderMatches(index: OrderedIndex, from: number, sort: SortSpec): 'forward' | 'reverse' | undefined {
  if (sort.length === 0 || from + sort.length > index.fields.length) return undefined;
  // Under one equality prefix, a document appears once per value of the sorted fields; if none of
  // those is an array path, the index order is the sort order (as mongod uses multikey indexes).
  for (let i = from; i < from + sort.length; i++) if (index.multikeyFields.has(i)) return undefined;
  let forward = true;
  let reverse = true;
  sort.forEach(([path, direction], i) => {
    if (index.fields[from + i] !== path) forward = reverse = false;
    if (index.directions[from + i] !== direction) forward = false;
    if (index.directions[from + i] === direction) reverse = false;
  });
  return forward ? 'forward' : reverse ? 'reverse' : undefined;
}

const NULL_BOUND: Bound = { value: null, inclusive: true };
/** Past every timestamp and before MaxKey: the keys that are regular expressions (BSON order). */
const REGEX_KEYS: [Bound, Bound] = [
  { value: new Timestamp({ t: 0xffffffff, i: 0xffffffff }), inclusive: false },
  { value: new MaxKey(), inclusive: false },
];

/** The ranges of `index` under `prefix` before and after its null keys. */
function aroundNulls(index: OrderedIndex, prefix: unknown[]): Array<[number, number]> {
  const all = index.range(prefix, undefined, undefined);
  const nulls = index.range(prefix, NULL_BOUND, NULL_BOUND);
  return [
    [all[0], nulls[0]],
    [nulls[1], all[1]],
  ];
}

/** The documents of several ranges of one index, one after the other. */
function* spanDocs(index: OrderedIndex, spans: Array<[number, number]>, reverse: boolean): Generator<Doc> {
  for (const span of spans) yield* index.docs(span, reverse);
}

/** Drops repeats (a multikey index lists a document once per array element, the same version each time). */
function* distinct(docs: Iterable<Doc>): Generator<Doc> {
  const seen = new Set<Doc>();
  for (const doc of docs) {
    if (seen.has(doc)) continue;
    seen.add(doc);
    yield doc;
  }
}

/** `filter` without the conditions on `fields` that `conditions` recorded (and nothing else). */
function withoutConditions(filter: Doc, fields: string[], conditions: Map<string, FieldCondition>): Doc {
  const residual: Doc = { ...filter };
  const and = Array.isArray(filter.$and) ? [...(filter.$and as Doc[])] : undefined;
  for (const field of fields) {
    const { clause } = conditions.get(field) as FieldCondition;
    if (clause === -1) delete residual[field];
    else if (and) {
      const { [field]: _covered, ...rest } = and[clause];
      and[clause] = rest;
    }
  }
  if (and) {
    const remaining = and.filter((part) => Object.keys(part).length > 0);
    if (remaining.length > 0) residual.$and = remaining;
    else delete residual.$and;
  }
  return residual;
}

/** Ids whose map key (idKey) stands for exactly the values equal to them: strings and ObjectIds. */
const isKeyedId = (value: unknown) =>
  typeof value === 'string' || (typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'ObjectId');

/**
 * `_id` equal to strings or ObjectIds (the API's point reads, a tally's upsert): the documents come
 * straight from the collection's map, as mongod's IDHACK skips planning. Walking every index to
 * choose one and two binary searches of the `_id` index had been the bulk of such a read, growing
 * with the collection. In `_id` order, as the index would give them.
 */
function readById(collection: Collection, filter: Doc, conditions: Map<string, FieldCondition>, collationKey: string): Plan | undefined {
  const ids = conditions.get('_id')?.equals;
  if (!ids || collationKey !== '' || !ids.every(isKeyedId)) return undefined;
  const docs: Doc[] = [];
  const keys = new Set<string>();
  for (const id of ids.length > 1 ? [...ids].sort((a, b) => compareValues(a, b)) : ids) {
    const key = idKey(id);
    const doc = keys.has(key) ? undefined : collection.docs.get(key);
    keys.add(key);
    if (doc) docs.push(doc);
  }
  return { docs, sorted: docs.length <= 1, index: collection.idIndex.name, residual: withoutConditions(filter, ['_id'], conditions) };
}

/**
 * `collationKey` is the query's collation ('' for binary): an index orders strings by its own
 * collation, so only an index with the query's collation can answer it, as in mongod.
 */
export function plan(collection: Collection, filter: Doc, sort: SortSpec, collationKey = ''): Plan {
  const conditions = fieldConditions(filter);
  const byId = readById(collection, filter, conditions, collationKey);
  if (byId) return byId;
  const candidate = bestIndex(collection, conditions, collationKey, sort);
  if (candidate) {
    const { index, prefix, next } = candidate;
    // Equality on the prefix is answered exactly; so is the next field's condition unless a bound was dropped.
    const covered = index.fields.slice(0, prefix.length);
    if (next?.equals) {
      const seen = new Set<Doc>();
      const values = [...next.equals].sort((a, b) => compareValues(a, b, index.strings));
      for (const value of values) for (const doc of index.docs(index.range([...prefix, value], undefined, undefined))) seen.add(doc);
      covered.push(index.fields[prefix.length]);
      return { docs: seen, sorted: false, index: index.name, residual: withoutConditions(filter, covered, conditions) };
    }
    // `$ne: null` reads around the null keys; an anchored regex reads its prefix's range and the regexes.
    const spans = next?.notNull
      ? aroundNulls(index, prefix)
      : next?.regex
        ? [index.range(prefix, next.lower, next.upper), index.range(prefix, ...REGEX_KEYS)]
        : undefined;
    if (spans) {
      const order = orderMatches(index, prefix.length, sort);
      if (order === 'reverse') spans.reverse();
      const inRange = spanDocs(index, spans, order === 'reverse');
      return {
        docs: index.multikey ? distinct(inRange) : inRange,
        sorted: order !== undefined,
        index: index.name,
        residual: withoutConditions(filter, covered, conditions),
      };
    }
    let { lower, upper } = next ?? {};
    // On a multikey index one array can satisfy each bound with a different element: keep one bound.
    const dropped = index.multikey && lower !== undefined && upper !== undefined;
    if (dropped) upper = undefined;
    if (next && !dropped) covered.push(index.fields[prefix.length]);
    const order = orderMatches(index, prefix.length, sort);
    const inRange = index.docs(index.range(prefix, lower, upper), order === 'reverse');
    return {
      docs: index.multikey ? distinct(inRange) : inRange,
      sorted: order !== undefined,
      index: index.name,
      residual: withoutConditions(filter, covered, conditions),
    };
  }
  if (sort.length > 0) {
    for (const index of collection.indexes) {
      if (!index.complete || index.collationKey !== collationKey) continue;
      const order = orderMatches(index, 0, sort);
      if (order) return { docs: index.docs([0, index.size], order === 'reverse'), sorted: true, index: index.name, residual: filter };
    }
  }
  return { sorted: sort.length === 0, residual: filter };
}
