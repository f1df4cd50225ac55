/**
 * Search across the four collections: one `$text` query per requested type, merged by MongoDB's
 * text score. The cursor is the offset into that merged ranking, bound to the query it came from;
 * each type is read only as deep as the page needs, and `totalCount` is counted only when selected.
 */
import type { Collection, Document } from 'mongodb';
import type { SearchType } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import type { NodeType } from '../db/ids.js';
import { declareNodeType } from '../db/node-type.js';
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

const TYPE_OF: Record<SearchType, NodeType> = { ARTICLE: 'Article', PERSON: 'Person', STATEMENT: 'Statement', EXCHANGE: 'Exchange' };

function encode(query: string, offset: number): string {
  return Buffer.from(JSON.stringify([query, offset])).toString('base64url');
}

function decode(query: string, cursor: string): number {
  try {
    const [q, offset] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (q === query && Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // fall through to the error below
  }
  throw badUserInput('after is not a cursor of this search', 'after');
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
      first: number | null | undefined,
      after: string | null | undefined,
      /** The stored fields to read of each type's documents; whole documents where none are given. */
      fields: Partial<Record<NodeType, readonly string[] | undefined>> = {},
    ): Promise<SearchPage> {
      const query = searchText(rawQuery, 'query');
      const size = first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE)
        throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
      const offset = after ? decode(query, after) + 1 : 0;
      const wanted = types && types.length > 0 ? [...new Set(types)] : (Object.keys(sources) as SearchType[]);
      // The overall top `offset + size + 1` hits are among each type's own top that many.
      const needed = offset + size + 1;
      const perType = await Promise.all(
        wanted.map(async (type) => {
          const projection: Document = {};
          for (const field of fields[TYPE_OF[type]] ?? []) projection[field] = 1;
          projection.__score = { $meta: 'textScore' };
          const docs = await sources[type]
            .find({ $text: { $search: query }, ...(type === 'STATEMENT' ? reviewStatusFilter(null) : {}) }, { projection })
            .sort({ __score: { $meta: 'textScore' } })
            .limit(needed)
            .batchSize(needed)
            .toArray();
          // Projected documents may lack the fields types are told apart by: record the type.
          return docs.map(({ __score, ...node }) => ({
            score: Number(__score),
            node: declareNodeType(node as SearchDocument, TYPE_OF[type]),
            type: TYPE_OF[type],
            hex: (node._id as SearchDocument['_id']).toHexString(),
          }));
        }),
      );
      // Equal scores rank by _id, so pages never overlap or skip.
      const ranked = perType.flat().sort((a, b) => b.score - a.score || (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
      const edges = ranked
        .slice(offset, offset + size)
        .map(({ score, node, type }, i) => ({ score, node, type, cursor: encode(query, offset + i) }));
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        pageInfo: {
          hasNextPage: ranked.length > offset + size,
          hasPreviousPage: offset > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        totalCount: memoize(async () => {
          const counts = await Promise.all(wanted.map((type) => sources[type].countDocuments({ $text: { $search: query } })));
          return counts.reduce((sum, n) => sum + n, 0);
        }),
      };
    },
  };
}
