/**
 * Numeric comparisons across BSON number types. mingo compares values of different classes as
 * unequal, so Decimal128('7.5') is neither > 4 nor = 7.5 there, while mongod compares all numbers
 * (int32, int64, double, decimal) by value. Filters are rewritten so conditions with a numeric
 * operand use these operators instead of mingo's own.
 */
import type { Options } from 'mingo/types';
import { compareValues, type Doc, isPlainObject, pathValues, typeRank } from './bson-values.js';

type Predicate = (doc: Doc) => boolean;
type QueryOperator = (selector: string, value: unknown, options: Options) => Predicate;

const isNumber = (value: unknown) => value !== null && value !== undefined && typeRank(value) === 3 && !Array.isArray(value);

function numbersAt(doc: Doc, selector: string): unknown[] {
  return pathValues(doc, selector).filter(isNumber);
}

const range =
  (test: (c: number) => boolean): QueryOperator =>
  (selector, value) =>
  (doc) =>
    numbersAt(doc, selector).some((v) => test(compareValues(v, value)));

const equalsAny = (doc: Doc, selector: string, values: unknown[]) =>
  numbersAt(doc, selector).some((v) => values.some((w) => compareValues(v, w) === 0));

export const NUMERIC_QUERY_OPERATORS: Record<string, QueryOperator> = {
  $numGt: range((c) => c > 0),
  $numGte: range((c) => c >= 0),
  $numLt: range((c) => c < 0),
  $numLte: range((c) => c <= 0),
  $numEq: (selector, value) => (doc) => equalsAny(doc, selector, [value]),
  $numNe: (selector, value) => (doc) => !equalsAny(doc, selector, [value]),
  $numIn: (selector, value) => (doc) => equalsAny(doc, selector, value as unknown[]),
  $numNin: (selector, value) => (doc) => !equalsAny(doc, selector, value as unknown[]),
};

const RENAMED: Record<string, string> = { $gt: '$numGt', $gte: '$numGte', $lt: '$numLt', $lte: '$numLte', $eq: '$numEq', $ne: '$numNe' };

function rewriteCondition(condition: unknown): unknown {
  if (isNumber(condition)) return { $numEq: condition };
  if (!isPlainObject(condition) || !Object.keys(condition).every((key) => key.startsWith('$'))) return condition;
  const out: Doc = {};
  for (const [op, operand] of Object.entries(condition)) {
    if (RENAMED[op] && isNumber(operand)) out[RENAMED[op]] = operand;
    else if ((op === '$in' || op === '$nin') && Array.isArray(operand) && operand.length > 0 && operand.every(isNumber)) {
      out[op === '$in' ? '$numIn' : '$numNin'] = operand;
    } else if (op === '$not') out[op] = rewriteCondition(operand);
    else out[op] = operand;
  }
  return out;
}

/** The filter with every numeric comparison routed to the operators above. */
export function rewriteNumericComparisons(filter: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      out[key] = value.map((part) => (isPlainObject(part) ? rewriteNumericComparisons(part) : part));
    } else if (key.startsWith('$')) out[key] = value;
    else out[key] = rewriteCondition(value);
  }
  return out;
}
