/**
 * Runs a filter against a collection: `$text` through the text index, everything else through the
 * query planner, then mingo for the full predicate, then sort, skip and limit. Returns the stored
 * documents themselves (callers copy before changing anything) or, for `$text`, copies carrying
 * the score in a hidden field.
 */
import { Query } from 'mingo';
import { compareBySpec, type Doc, isPlainObject, type SortSpec, TEXT_SCORE_FIELD } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';
import { rewriteNumericComparisons } from './numeric-comparisons.js';
import { plan } from './query-planner.js';
import type { Collection } from './storage.js';
import { parseTextSearch } from './text-index.js';

export interface SelectOptions {
  sort?: SortSpec;
  skip?: number;
  /** 0 or undefined: no limit. */
  limit?: number;
  variables?: Doc;
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

export function compileFilter(filter: Doc, variables?: Doc): Query {
  try {
    return new Query(rewriteNumericComparisons(filter), mingoOptions({ variables }));
  } catch (error) {
    throw new MongoCommandError('BadValue', (error as Error).message);
  }
}

export function selectDocuments(collection: Collection | undefined, filter: Doc, options: SelectOptions = {}): Doc[] {
  const { text, rest } = extractText(filter);
  if (!collection) {
    if (text) throw new MongoCommandError('IndexNotFound', 'text index required for $text query');
    return [];
  }
  const query = compileFilter(rest, options.variables);
  const sort = options.sort ?? [];
  const skip = options.skip ?? 0;
  const wanted = options.limit ? skip + options.limit : Number.POSITIVE_INFINITY;
  const matches: Doc[] = [];

  if (text) {
    if (!collection.text) throw new MongoCommandError('IndexNotFound', 'text index required for $text query');
    if (typeof text.$search !== 'string') throw new MongoCommandError('BadValue', '$search needs a String');
    const search = parseTextSearch(text.$search);
    const scored: Array<[Doc, number]> = [];
    for (const id of collection.text.candidates(search)) {
      const doc = collection.docs.get(id);
      if (!doc) continue;
      const score = collection.text.score(id, search);
      if (score > 0 && query.test(doc)) scored.push([doc, score]);
    }
    const end = options.limit ? skip + options.limit : undefined;
    // The common case, best score first, sorts the pairs and copies only the documents returned.
    if (sort.length === 1 && sort[0][0] === TEXT_SCORE_FIELD) {
      scored.sort((a, b) => b[1] - a[1]);
      return scored.slice(skip, end).map(([doc, score]) => ({ ...doc, [TEXT_SCORE_FIELD]: score }));
    }
    for (const [doc, score] of scored) matches.push({ ...doc, [TEXT_SCORE_FIELD]: score });
    if (sort.length > 0) matches.sort(compareBySpec(sort));
    return matches.slice(skip, end);
  }

  const chosen = plan(collection, rest, sort);
  const residual = chosen.residual === rest ? query : compileFilter(chosen.residual, options.variables);
  const source: Iterable<Doc> = chosen.ids ? lookup(collection, chosen.ids) : collection.docs.values();
  const needsSort = sort.length > 0 && !chosen.sorted;
  for (const doc of source) {
    if (!residual.test(doc)) continue;
    matches.push(doc);
    if (!needsSort && matches.length >= wanted) break;
  }
  if (needsSort) matches.sort(compareBySpec(sort));
  return skip > 0 || matches.length > wanted ? matches.slice(skip, wanted) : matches;
}

function* lookup(collection: Collection, ids: Iterable<string>): Generator<Doc> {
  for (const id of ids) {
    const doc = collection.docs.get(id);
    if (doc) yield doc;
  }
}

/** Strips the hidden text score from a document about to leave the server. */
export function withoutTextScore(doc: Doc): Doc {
  if (!(TEXT_SCORE_FIELD in doc)) return doc;
  const { [TEXT_SCORE_FIELD]: _score, ...rest } = doc;
  return rest;
}
