/**
 * String comparisons under a collation. mingo compares strings by code unit whatever the
 * collation, so a filter run with a collation has its string conditions (`{a: 'x'}`, `$eq`, `$ne`,
 * `$in`, `$nin`, `$gt`…) rewritten to the operators below, which compare through the collation the
 * query was compiled with. Filters without a collation are never rewritten (no cost when unused).
 */
import type { Options } from 'mingo/types';
import { compareValues, type Doc, isPlainObject, pathValues } from './bson-values.js';
import { parseCollation } from './collation.js';

type Predicate = (doc: Doc) => boolean;
type QueryOperator = (selector: string, value: unknown, options: Options) => Predicate;

function stringOrder(options: Options): (a: string, b: string) => number {
  const collation = parseCollation((options as { collation?: unknown }).collation);
  if (!collation) throw new Error('collated comparison compiled without a collation');
  return collation.compareStrings;
}

const stringsAt = (doc: Doc, selector: string) => pathValues(doc, selector).filter((v): v is string => typeof v === 'string');

const range =
  (test: (c: number) => boolean): QueryOperator =>
  (selector, value, options) => {
    const order = stringOrder(options);
    return (doc) => stringsAt(doc, selector).some((v) => test(order(v, value as string)));
  };

const equalsAny: (negate: boolean) => QueryOperator = (negate) => (selector, value, options) => {
  const order = stringOrder(options);
  const wanted = (Array.isArray(value) ? value : [value]) as unknown[];
  return (doc) => {
    const found = pathValues(doc, selector).some((v) => wanted.some((w) => compareValues(v, w, order) === 0));
    return negate ? !found : found;
  };
};

export const COLLATED_QUERY_OPERATORS: Record<string, QueryOperator> = {
  $collGt: range((c) => c > 0),
  $collGte: range((c) => c >= 0),
  $collLt: range((c) => c < 0),
  $collLte: range((c) => c <= 0),
  $collEq: equalsAny(false),
  $collNe: equalsAny(true),
  $collIn: equalsAny(false),
  $collNin: equalsAny(true),
};

const RENAMED: Record<string, string> = {
  $gt: '$collGt',
  $gte: '$collGte',
  $lt: '$collLt',
  $lte: '$collLte',
  $eq: '$collEq',
  $ne: '$collNe',
};

function rewriteCondition(condition: unknown): unknown {
  if (typeof condition === 'string') return { $collEq: condition };
  if (!isPlainObject(condition) || !Object.keys(condition).every((key) => key.startsWith('$'))) return condition;
  const out: Doc = {};
  for (const [op, operand] of Object.entries(condition)) {
    if (RENAMED[op] && typeof operand === 'string') out[RENAMED[op]] = operand;
    else if (
      (op === '$in' || op === '$nin') &&
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.every((v) => typeof v === 'string')
    ) {
      out[op === '$in' ? '$collIn' : '$collNin'] = operand;
    } else if (op === '$not') out[op] = rewriteCondition(operand);
    else out[op] = operand;
  }
  return out;
}

/** The filter with every string comparison routed through the collation. */
export function rewriteCollatedComparisons(filter: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      out[key] = value.map((part) => (isPlainObject(part) ? rewriteCollatedComparisons(part) : part));
    } else if (key.startsWith('$')) out[key] = value;
    else out[key] = rewriteCondition(value);
  }
  return out;
}
