/**
 * What every stats field shares: `groupBy` names each dimension once, `first` bounds the number of
 * groups, and the pipeline runs as one aggregate command whose leading `$match` is the same filter
 * the matching connection uses (so its indexes serve both, and the counts agree).
 */
import type { Collection, Document } from 'mongodb';
import { badUserInput } from '../errors.js';

export const DEFAULT_GROUPS = 100;
export const MAX_GROUPS = 1000;

export function checkGroupBy<D extends string>(groupBy: readonly D[]): void {
  const seen = new Set<D>();
  for (const dimension of groupBy) {
    if (seen.has(dimension)) throw badUserInput(`groupBy names ${dimension} twice`, 'groupBy');
    seen.add(dimension);
  }
}

export function groupLimit(first: number | null | undefined): number {
  if (first == null) return DEFAULT_GROUPS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_GROUPS)
    throw badUserInput(`first must be an integer from 1 to ${MAX_GROUPS}`, 'first');
  return first;
}

/** `$match` first only when there is something to match: an empty one would still be a stage. */
export function matchFirst(filter: Document, stages: Document[]): Document[] {
  return Object.keys(filter).length === 0 ? stages : [{ $match: filter }, ...stages];
}

/** The group key's fields sorted ascending after the count (descending): ties are broken by key. */
export function byCountThenKey(keys: readonly string[]): Document {
  const sort: Document = { count: -1 };
  for (const key of keys) sort[`_id.${key}`] = 1;
  return sort;
}

/** One aggregate command; the groups are few, so one batch holds them all. */
export function runGroups<Row extends Document>(collection: Collection<never>, pipeline: Document[], limit: number): Promise<Row[]> {
  return collection.aggregate<Row>(pipeline, { batchSize: limit }).toArray();
}
