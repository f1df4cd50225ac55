/**
 * Runs a filter against a collection: `$text` through the text index, everything else through the
 * query planner, then mingo for the full predicate, then sort, skip and limit. Returns the stored
 * documents themselves (callers copy before changing anything) or, for `$text`, copies carrying
 * the score in a hidden field.
 */
import { Query } from 'mingo/query';
import { type Doc, idKey, isPlainObject, type SortSpec, sortBySpec, sortedPositions, sortKey, TEXT_SCORE_FIELD } from './bson-values.js';
import { rewriteCollatedComparisons } from './collated-comparisons.js';
import type { Collation } from './collation.js';
import { MongoCommandError } from './errors.js';
import { filterOptions } from './mingo-options.js';
import { leftOutThroughIndex } from './negation-through-index.js';
import { rewriteNumericComparisons } from './numeric-comparisons.js';
import { plan } from './query-planner.js';
import type { Collection } from './storage.js';
import { stringFilter } from './string-filter.js';
import { parseTextSearch, type TextIndex } from './text-index.js';

export interface SelectOptions {
  sort?: SortSpec;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  variables?: Doc;
  /** Compares strings in the filter and the sort; undefined is binary. */
  collation?: Collation;
}

/** Splits a top-level `$text` (directly or inside a top-level `$and`) off the rest of the filter. */
function extractText(filter: Doc): { text?: Doc; rest: Doc } {
  if (isPlainObject(filter.$text)) {
    const { $text, ...rest } = filter;
    return { text: $text as Doc, rest };
  }
  if (Array.isArray(filter.$and)) {
    const at = filter.$and.findIndex((clause) => isPlainObject(clause) && isPlainObject(clause.$text));
    if (at >= 0) {
      const clauses = [...filter.$and];
      const [clause] = clauses.splice(at, 1);
      const { $text, ...restOfClause } = clause as Doc;
      if (Object.keys(restOfClause).length > 0) clauses.push(restOfClause);
      const { $and: _and, ...others } = filter;
      const rest: Doc = clauses.length > 0 ? { ...others, $and: clauses } : others;
      return { text: $text as Doc, rest };
    }
  }
  return { rest: filter };
}

/** A filter ready to test documents. */
export interface CompiledFilter {
  test(doc: Doc): boolean;
}

const MATCHES_ALL: CompiledFilter = { test: () => true };

export function compileFilter(filter: Doc, variables?: Doc, collation?: Collation): CompiledFilter {
  // Most reads leave nothing for mingo once the index or the text index has done its part, and
  // building a mingo Query for an empty filter had cost a tenth of the server's time in a search.
  if (Object.keys(filter).length === 0) return MATCHES_ALL;
  const strings = collation ? undefined : stringFilter(filter);
  if (strings) return strings;
  try {
    const numeric = rewriteNumericComparisons(filter);
    if (collation) return new Query(rewriteCollatedComparisons(numeric), filterOptions(filter, variables, collation.spec));
    return new Query(numeric, filterOptions(filter, variables));
  } catch (error) {
    throw new MongoCommandError('BadValue', (error as Error).message);
  }
}

function requireTextIndex(collection: Collection, text: Doc): TextIndex {
  if (!collection.text) throw new MongoCommandError('IndexNotFound', 'text index required for $text query');
  if (typeof text.$search !== 'string') throw new MongoCommandError('BadValue', '$search needs a String');
  return collection.text;
}

/** The documents a `$text` filter matches, with their scores, the rest of the filter applied. */
function textMatches(collection: Collection, text: Doc, rest: CompiledFilter): Array<[Doc, number]> {
  return requireTextIndex(collection, text)
    .matches(parseTextSearch(text.$search as string))
    .filter(([doc]) => rest.test(doc));
}

export function selectDocuments(collection: Collection | undefined, filter: Doc, options: SelectOptions = {}): Doc[] {
  const { text, rest } = extractText(filter);
  if (!collection) {
    if (text) throw new MongoCommandError('IndexNotFound', 'text index required for $text query');
    return [];
  }
  const sort = options.sort ?? [];
  const skip = options.skip ?? 0;
  const wanted = options.limit ? skip + options.limit : Number.POSITIVE_INFINITY;
  const matches: Doc[] = [];

  if (text) {
    const query = compileFilter(rest, options.variables, options.collation);
    const strings = options.collation?.compareStrings;
    const withScore = ([doc, score]: [Doc, number]) => ({ ...doc, [TEXT_SCORE_FIELD]: score });
    const byScore = sort.length === 1 && sort[0][0] === TEXT_SCORE_FIELD && sort[0][1] === -1;
    // Best first, equal scores by _id (a keyset page's order): the index can rank those too.
    const byScoreThenId = sort.length === 2 && sort[0][0] === TEXT_SCORE_FIELD && sort[0][1] === -1 && sort[1][0] === '_id';
    // The common case, best first with a limit: the index picks the top; only those are read and copied.
    if ((byScore || byScoreThenId) && Number.isFinite(wanted)) {
      const byId = byScoreThenId ? { direction: sort[1][1], strings } : undefined;
      const best = requireTextIndex(collection, text).top(parseTextSearch(text.$search as string), wanted, (doc) => query.test(doc), byId);
      return best.slice(skip).map(withScore);
    }
    const scored = textMatches(collection, text, query);
    if (byScore)
      return [...scored]
        .sort((a, b) => b[1] - a[1])
        .slice(skip)
        .map(withScore);
    if (sort.length === 0) return scored.slice(skip, Number.isFinite(wanted) ? wanted : undefined).map(withScore);
    // Ranked by keys read from each match and its score: only the matches kept are copied.
    const keys = scored.map(([doc, score]) =>
      sort.map(([path, direction]) => (path === TEXT_SCORE_FIELD ? score : sortKey(doc, path, direction, strings))),
    );
    return sortedPositions(keys, sort, strings, wanted)
      .slice(skip)
      .map((i) => withScore(scored[i]));
  }

  const { source, residual, sorted } = plannedRead(collection, rest, sort, options.variables, options.collation);
  const needsSort = sort.length > 0 && !sorted;
  for (const doc of source) {
    if (!residual.test(doc)) continue;
    matches.push(doc);
    if (!needsSort && matches.length >= wanted) break;
  }
  const ordered = needsSort ? sortBySpec(matches, sort, options.collation?.compareStrings, wanted) : matches;
  return skip > 0 || ordered.length > wanted ? ordered.slice(skip, wanted) : ordered;
}

function* keysOf(docs: Iterable<Doc>): Generator<string> {
  for (const doc of docs) yield idKey(doc._id);
}

/** How many documents `selectDocuments` would return, without copying or sorting any. */
export function countDocuments(collection: Collection | undefined, filter: Doc, options: Omit<SelectOptions, 'sort'> = {}): number {
  const { text, rest } = extractText(filter);
  if (!collection) {
    if (text) throw new MongoCommandError('IndexNotFound', 'text index required for $text query');
    return 0;
  }
  let n = 0;
  if (text && Object.keys(rest).length === 0) n = requireTextIndex(collection, text).count(parseTextSearch(text.$search as string));
  else if (text) {
    const index = requireTextIndex(collection, text);
    const search = parseTextSearch(text.$search as string);
    const leftOut = options.collation ? undefined : leftOutThroughIndex(collection, rest);
    if (leftOut) n = index.count(search) - index.countAmong(search, keysOf(leftOut));
    else {
      const query = compileFilter(rest, options.variables, options.collation);
      n = index.count(search, (doc) => query.test(doc));
    }
  } else if (Object.keys(rest).length === 0) n = collection.docs.size;
  else {
    const { source, residual } = plannedRead(collection, rest, [], options.variables, options.collation);
    for (const doc of source) if (residual.test(doc)) n++;
  }
  n = Math.max(0, n - (options.skip ?? 0));
  return options.limit ? Math.min(n, options.limit) : n;
}

/**
 * The documents the planner reads for a filter without `$text` (index range or whole collection),
 * the part of the filter still to test on them, and whether they already come in `sort` order.
 */
function plannedRead(collection: Collection, rest: Doc, sort: SortSpec, variables?: Doc, collation?: Collation) {
  const chosen = plan(collection, rest, sort, collation?.key);
  // Only what the index leaves is compiled: most indexed reads leave nothing for mingo.
  const residual = compileFilter(chosen.residual, variables, collation);
  const source: Iterable<Doc> = chosen.docs ?? collection.docs.values();
  return { source, residual, sorted: chosen.sorted };
}

/** Strips the hidden text score from a document about to leave the server. */
export function withoutTextScore(doc: Doc): Doc {
  if (!(TEXT_SCORE_FIELD in doc)) return doc;
  const { [TEXT_SCORE_FIELD]: _score, ...rest } = doc;
  return rest;
}
