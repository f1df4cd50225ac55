/**
 * `timeline`: dated statements, exchanges and articles merged into one Relay connection. A page
 * reads at most `size + 1` events from each source, in key order after (or before) the cursor —
 * one indexed range read per source, whatever the page size — and merges them; `totalCount` is
 * one count per source, only when selected.
 */
import type { Document, Filter } from 'mongodb';
import type { TimelineFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { DatePrecision } from '../db/documents.js';
import { declareNodeType } from '../db/node-type.js';
import { badUserInput } from '../errors.js';
import { and, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, memoize, type PageArgs, type PageInfo } from '../repositories/connection.js';
import { comparePositions, decodeTimelineCursor, encodeTimelineCursor, type TimelinePosition } from './timeline-cursor.js';
import { dayStart, type TimelineDocument, type TimelineSource, timelineSources, utcDay } from './timeline-sources.js';

export class TimelineEntry {
  constructor(
    readonly node: TimelineDocument,
    readonly date: string,
    readonly precision: DatePrecision,
    readonly position: TimelinePosition,
  ) {}

  get cursor(): string {
    return encodeTimelineCursor(this.position);
  }
}

export interface TimelinePage {
  edges: TimelineEntry[];
  nodes: TimelineDocument[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

interface TimelinePageArgs {
  size: number;
  backward: boolean;
  after?: TimelinePosition;
  before?: TimelinePosition;
}

function readArgs({ first, last, after, before }: PageArgs): TimelinePageArgs {
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 0) throw badUserInput(`${name} must be a non-negative integer`, name);
    if (value > MAX_PAGE_SIZE) throw badUserInput(`${name} must be at most ${MAX_PAGE_SIZE}`, name);
  }
  if (first != null && last != null) throw badUserInput('pass either first or last, not both', 'last');
  return {
    size: first ?? last ?? DEFAULT_PAGE_SIZE,
    backward: last != null,
    after: after ? decodeTimelineCursor(after, 'after') : undefined,
    before: before ? decodeTimelineCursor(before, 'before') : undefined,
  };
}

/**
 * The source's documents strictly beyond `position` (after it, or before it) in timeline order.
 * A day-dated event sits at midnight of its day, so only a midnight position can tie with it.
 */
function beyond(source: TimelineSource, position: TimelinePosition, side: 'after' | 'before'): Filter<Document> {
  const { field, rank } = source;
  const { time, rank: positionRank, id } = position;
  let strictly: Document;
  let tie: unknown;
  if (source.kind === 'instant') {
    strictly = side === 'after' ? { $gt: new Date(time) } : { $lt: new Date(time) };
    tie = new Date(time);
  } else {
    const day = utcDay(time);
    const midnight = dayStart(day) === time;
    if (side === 'after') strictly = { $gt: day };
    else strictly = midnight ? { $lt: day } : { $lte: day };
    tie = midnight ? day : undefined;
  }
  if (tie === undefined) return { [field]: strictly };
  const rankWins = side === 'after' ? rank > positionRank : rank < positionRank;
  if (rankWins) return { $or: [{ [field]: strictly }, { [field]: tie }] };
  if (rank !== positionRank) return { [field]: strictly };
  return { $or: [{ [field]: strictly }, { [field]: tie, _id: side === 'after' ? { $gt: id } : { $lt: id } }] };
}

function entryOf(source: TimelineSource, doc: Document): TimelineEntry {
  const value = doc[source.field];
  const time = source.kind === 'instant' ? (value as Date).getTime() : dayStart(value as string);
  declareNodeType(doc, source.type);
  return new TimelineEntry(doc as TimelineDocument, source.date(doc), source.precision(doc), { time, rank: source.rank, id: doc._id });
}

async function readSource(source: TimelineSource, args: TimelinePageArgs): Promise<TimelineEntry[]> {
  const clauses = [source.filter];
  if (args.after) clauses.push(beyond(source, args.after, 'after'));
  if (args.before) clauses.push(beyond(source, args.before, 'before'));
  const direction = args.backward ? -1 : 1;
  const docs = await source.collection
    .find(and(...clauses))
    .sort({ [source.field]: direction, _id: direction })
    .limit(args.size + 1)
    .batchSize(args.size + 1)
    .toArray();
  return docs.map((doc) => entryOf(source, doc));
}

export async function timelinePage(
  collections: Collections,
  filter: TimelineFilter | null | undefined,
  pageArgs: PageArgs,
): Promise<TimelinePage> {
  const args = readArgs(pageArgs);
  const sources = timelineSources(collections, filter);
  const read = args.size === 0 ? [] : (await Promise.all(sources.map((source) => readSource(source, args)))).flat();
  read.sort((a, b) => (args.backward ? -1 : 1) * comparePositions(a.position, b.position));
  const hasMore = read.length > args.size;
  const edges = read.slice(0, args.size);
  if (args.backward) edges.reverse();
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: args.backward ? args.before !== undefined : hasMore,
      hasPreviousPage: args.backward ? hasMore : args.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: memoize(async () => {
      const counts = await Promise.all(sources.map((source) => source.collection.countDocuments(source.filter)));
      return counts.reduce((sum, count) => sum + count, 0);
    }),
  };
}
