/**
 * Relay connections over MongoDB with keyset pagination: a cursor holds the sort value and `_id`
 * of an edge, so pages stay stable while documents are added, and every page is one indexed
 * range read (`limit n+1` tells whether another page follows). `totalCount` is a function that
 * runs only when a client selects it.
 */
import { BSON, type Collection, type Document, type Filter, ObjectId } from 'mongodb';
import { badUserInput } from '../errors.js';
import { inReadingOrder, pageSegments, SEGMENT, type Segment } from './page-segments.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted on demand; a plain number when it was read together with the page. */
  totalCount: () => number | Promise<number>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A sort on one document field, ties broken by `_id` in the same direction. */
export interface SortOrder {
  field: string;
  direction: 1 | -1;
  /** Documents without a value come last in both directions (see page-segments.ts). */
  nullsLast?: boolean;
}

export interface CursorPosition {
  value: unknown;
  id: ObjectId;
}

export interface Page {
  size: number;
  backward: boolean;
  after?: CursorPosition;
  before?: CursorPosition;
}

export function encodeCursor(sort: SortOrder, doc: Document): string {
  const value = sort.field.split('.').reduce<unknown>((v, key) => (v as Document | undefined)?.[key], doc) ?? null;
  return Buffer.from(BSON.EJSON.stringify({ f: sort.field, v: value, i: doc._id }, { relaxed: false })).toString('base64url');
}

function decodeCursor(sort: SortOrder, cursor: string, argument: string): CursorPosition {
  let parsed: { f?: unknown; v?: unknown; i?: unknown };
  try {
    parsed = BSON.EJSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw badUserInput(`${argument} is not a valid cursor`, argument);
  }
  if (parsed === null || typeof parsed !== 'object' || !(parsed.i instanceof ObjectId))
    throw badUserInput(`${argument} is not a valid cursor`, argument);
  if (parsed.f !== sort.field) throw badUserInput(`${argument} is a cursor for a different ordering`, argument);
  return { value: parsed.v ?? null, id: parsed.i };
}

export function readPage(args: PageArgs, sort: SortOrder): Page {
  const { first, last, after, before } = args;
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value === null || value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw badUserInput(`${name} must be a non-negative integer`, name);
    if (value > MAX_PAGE_SIZE) throw badUserInput(`${name} must be at most ${MAX_PAGE_SIZE}`, name);
  }
  if (first != null && last != null) throw badUserInput('pass either first or last, not both', 'last');
  return {
    size: first ?? last ?? DEFAULT_PAGE_SIZE,
    backward: last != null,
    after: after ? decodeCursor(sort, after, 'after') : undefined,
    before: before ? decodeCursor(sort, before, 'before') : undefined,
  };
}

/** Documents strictly after `position` in the order (field, _id) both `direction`. Null sorts lowest. */
export function strictlyAfter(field: string, direction: 1 | -1, position: CursorPosition): Filter<Document> {
  const { value, id } = position;
  if (direction === 1) {
    if (value === null) return { $or: [{ [field]: { $ne: null } }, { [field]: null, _id: { $gt: id } }] };
    return { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] };
  }
  if (value === null) return { [field]: null, _id: { $lt: id } };
  return { $or: [{ [field]: { $lt: value } }, { [field]: null }, { [field]: value, _id: { $lt: id } }] };
}

/** The filter a page adds to the caller's: after its `after` cursor, before its `before` cursor. */
export function pageFilter(sort: SortOrder, page: Page): Filter<Document>[] {
  const clauses: Filter<Document>[] = [];
  if (page.after) clauses.push(strictlyAfter(sort.field, sort.direction, page.after));
  if (page.before) clauses.push(strictlyAfter(sort.field, sort.direction === 1 ? -1 : 1, page.before));
  return clauses;
}

export function and(...clauses: Filter<Document>[]): Filter<Document> {
  const nonEmpty = clauses.filter((clause) => Object.keys(clause).length > 0);
  if (nonEmpty.length === 0) return {};
  if (nonEmpty.length === 1) return nonEmpty[0];
  return { $and: nonEmpty };
}

/** The sort a page is read in: the requested one, or its reverse for `last`. */
export function readOrder(sort: SortOrder, page: Page): Record<string, 1 | -1> {
  const direction = page.backward ? (-sort.direction as 1 | -1) : sort.direction;
  return { [sort.field]: direction, _id: direction };
}

/**
 * Cursors are encoded only if a client selects them (most clients read `nodes`), through getters
 * on classes rather than on object literals, so every edge and page info shares one shape.
 */
class LazyEdge<T extends Document> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly sort: SortOrder,
  ) {}

  get cursor(): string {
    return encodeCursor(this.sort, this.node);
  }
}

class LazyPageInfo<T extends Document> implements PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: Array<Edge<T>>,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** Builds the connection from up to `size + 1` documents read in `readOrder`. */
export function toConnection<T extends Document>(
  docs: T[],
  sort: SortOrder,
  page: Page,
  totalCount: () => number | Promise<number>,
): Connection<T> {
  const hasMore = docs.length > page.size;
  const pageDocs = docs.slice(0, page.size);
  if (page.backward) pageDocs.reverse();
  const edges = pageDocs.map((node) => new LazyEdge(node, sort));
  return {
    edges,
    nodes: pageDocs,
    pageInfo: new LazyPageInfo(
      page.backward ? page.before !== undefined : hasMore,
      page.backward ? hasMore : page.after !== undefined,
      edges,
    ),
    totalCount,
  };
}

export function memoize<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= compute();
    return result;
  };
}

/** One page of a top-level list: a single indexed find, plus a count only if selected. */
export async function findConnection<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  sort: SortOrder,
  args: PageArgs,
): Promise<Connection<T>> {
  const page = readPage(args, sort);
  const segments = pageSegments(sort, page);
  const limit = page.size + 1;
  let docs: T[] = [];
  if (page.size > 0 && segments.length === 1) {
    docs = (await collection
      .find(and(filter as Filter<Document>, segments[0].match) as Filter<T>)
      .sort(segments[0].order)
      .limit(limit)
      .batchSize(limit)
      .toArray()) as T[];
  } else if (page.size > 0) {
    const pipeline = (segment: Segment, index: number): Document[] => [
      { $match: and(filter as Filter<Document>, segment.match) },
      { $sort: segment.order },
      { $limit: limit },
      { $addFields: { [SEGMENT]: index } },
    ];
    const [first, ...others] = segments;
    const rows = await collection
      .aggregate<T>(
        [
          ...pipeline(first, 0),
          ...others.map((s, i) => ({ $unionWith: { coll: collection.collectionName, pipeline: pipeline(s, i + 1) } })),
        ],
        { batchSize: limit * segments.length },
      )
      .toArray();
    docs = inReadingOrder(rows, limit);
  }
  // An unfiltered count is the collection's own document count: O(1) instead of a scan.
  const count = Object.keys(filter).length === 0 ? () => collection.estimatedDocumentCount() : () => collection.countDocuments(filter);
  return toConnection(docs, sort, page, memoize(count));
}
