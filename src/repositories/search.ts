/**
 * Search across the four collections: one `$text` aggregate per requested type, merged by MongoDB's
 * text score. Cursors are keysets — the score and id of an edge, bound to the query they came
 * from — so a page reads only what ranks beyond its cursor, and `last`/`before` read backwards the
 * same way. The last word typed also matches as a prefix: it is completed from the search
 * vocabulary (src/db/search-terms.ts, an indexed prefix read) and the completions are searched too.
 */
import { type Collection, type Document, ObjectId } from 'mongodb';
import type { SearchType } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import type { NodeType } from '../db/ids.js';
import { declareNodeType } from '../db/node-type.js';
import { completions, wordsOf } from '../db/search-terms.js';
import { badUserInput } from '../errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, memoize, type PageInfo } from './connection.js';
import { searchText } from './input-checks.js';
import { reviewStatusFilter } from './review-status.js';

export type SearchDocument = ArticleDocument | PersonDocument | StatementDocument | ExchangeDocument;

export interface SearchHit {
  cursor: string;
  score: number;
  node: SearchDocument;
  type: NodeType;
}

export interface SearchPage {
  edges: SearchHit[];
  nodes: SearchDocument[];
  pageInfo: PageInfo;
  /** Counted only when selected. */
  totalCount: () => Promise<number>;
}

export interface SearchPageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const TYPE_OF: Record<SearchType, NodeType> = { ARTICLE: 'Article', PERSON: 'Person', STATEMENT: 'Statement', EXCHANGE: 'Exchange' };
/** How many vocabulary words the last, unfinished word may stand for. */
const MAX_COMPLETIONS = 20;
const SCORE = '__score';

interface Position {
  score: number;
  id: string;
}

function encode(query: string, { score, id }: Position): string {
  return Buffer.from(JSON.stringify([query, score, id])).toString('base64url');
}

function decode(query: string, cursor: string, argument: string): Position {
  try {
    const [q, score, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (q === query && typeof score === 'number' && Number.isFinite(score) && typeof id === 'string' && /^[0-9a-f]{24}$/.test(id))
      return { score, id };
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`${argument} is not a cursor of this search`, argument);
}

function pageSize(name: string, value: number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)
    throw badUserInput(`${name} must be between 0 and ${MAX_PAGE_SIZE}`, name);
  return value;
}

/** A type's hits: the text match, and for statements only those a reader may see (not pending, not rejected). */
function matchOf(type: SearchType, search: string): Document {
  return { $text: { $search: search }, ...(type === 'STATEMENT' ? reviewStatusFilter(null) : {}) };
}

/** Best first: higher score, then smaller id. */
const ranking = (a: Position, b: Position) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The query MongoDB runs: the words as typed, plus the completions of the last one unless it is quoted or negated. */
async function withCompletions(collections: Collections, query: string): Promise<string> {
  if (/["-]\S*$/.test(query)) return query;
  const last = wordsOf(query.split(/\s+/).pop() ?? '').pop();
  if (!last) return query;
  const words = (await completions(collections.searchTerms, last, MAX_COMPLETIONS)).filter((word) => word !== last);
  return words.length > 0 ? `${query} ${words.join(' ')}` : query;
}

export function searchRepository(collections: Collections) {
  const sources: Record<SearchType, Collection<Document>> = {
    ARTICLE: collections.articles as unknown as Collection<Document>,
    PERSON: collections.people as unknown as Collection<Document>,
    STATEMENT: collections.statements as unknown as Collection<Document>,
    EXCHANGE: collections.exchanges as unknown as Collection<Document>,
  };
  return {
    async search(
      rawQuery: string,
      types: SearchType[] | null | undefined,
      args: SearchPageArgs,
      /** The stored fields to read of each type's documents; whole documents where none are given. */
      fields: Partial<Record<NodeType, readonly string[] | undefined>> = {},
    ): Promise<SearchPage> {
      const query = searchText(rawQuery, 'query');
      const first = pageSize('first', args.first);
      const last = pageSize('last', args.last);
      if (first !== undefined && last !== undefined) throw badUserInput('pass either first or last, not both', 'last');
      const backward = last !== undefined;
      const size = first ?? last ?? DEFAULT_PAGE_SIZE;
      const after = args.after ? decode(query, args.after, 'after') : undefined;
      const before = args.before ? decode(query, args.before, 'before') : undefined;
      const wanted = types && types.length > 0 ? [...new Set(types)] : (Object.keys(sources) as SearchType[]);
      const search = await withCompletions(collections, query);
      const limit = size + 1;
      // Strictly after `p` in ranking order (worse score, or equal score and larger id), or before it.
      const beyond = (p: Position, worse: boolean): Document => {
        const id = new ObjectId(p.id);
        return {
          $or: [{ [SCORE]: worse ? { $lt: p.score } : { $gt: p.score } }, { [SCORE]: p.score, _id: worse ? { $gt: id } : { $lt: id } }],
        };
      };
      const perType =
        size === 0
          ? []
          : await Promise.all(
              wanted.map(async (type) => {
                const read = fields[TYPE_OF[type]];
                const bounds = [...(after ? [beyond(after, true)] : []), ...(before ? [beyond(before, false)] : [])];
                const direction = backward ? 1 : -1;
                const docs = await sources[type]
                  .aggregate(
                    [
                      { $match: matchOf(type, search) },
                      read
                        ? { $project: { ...Object.fromEntries(read.map((f) => [f, 1])), [SCORE]: { $meta: 'textScore' } } }
                        : { $addFields: { [SCORE]: { $meta: 'textScore' } } },
                      ...(bounds.length > 0 ? [{ $match: { $and: bounds } }] : []),
                      { $sort: { [SCORE]: direction, _id: -direction } },
                      { $limit: limit },
                    ],
                    { batchSize: limit },
                  )
                  .toArray();
                // Projected documents may lack the fields types are told apart by: record the type.
                return docs.map(({ [SCORE]: score, ...node }) => ({
                  score: Number(score),
                  id: (node._id as ObjectId).toHexString(),
                  node: declareNodeType(node as SearchDocument, TYPE_OF[type]),
                  type: TYPE_OF[type],
                }));
              }),
            );
      const ranked = perType.flat().sort(backward ? (a, b) => ranking(b, a) : ranking);
      const page = ranked.slice(0, size);
      if (backward) page.reverse();
      const more = ranked.length > size;
      const edges = page.map(({ score, id, node, type }) => ({ score, node, type, cursor: encode(query, { score, id }) }));
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        pageInfo: {
          hasNextPage: backward ? before !== undefined : more,
          hasPreviousPage: backward ? more : after !== undefined,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        totalCount: memoize(async () => {
          // Counted under the same review filter as the edges: a statement no one may see is no hit.
          const counts = await Promise.all(wanted.map((type) => sources[type].countDocuments(matchOf(type, search))));
          return counts.reduce((sum, n) => sum + n, 0);
        }),
      };
    },
  };
}
