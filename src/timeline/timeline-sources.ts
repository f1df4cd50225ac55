/**
 * The three sources of the timeline. Each says which of its documents are events for a filter (or
 * that none are), which field dates them, and how a document becomes a timeline position. Dated
 * statements are filtered through `statementFilter`, the connection's own filter, so whatever it
 * hides from readers stays off the timeline too.
 */
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import type { TimelineFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, DatePrecision, ExchangeDocument, StatementDocument } from '../db/documents.js';
import type { NodeType } from '../db/ids.js';
import { parseGlobalId } from '../db/ids.js';
import { badUserInput } from '../errors.js';
import { and } from '../repositories/connection.js';
import { countryCode } from '../repositories/input-checks.js';
import { statementFilter } from '../repositories/statements.js';

export type TimelineDocument = StatementDocument | ArticleDocument | ExchangeDocument;

export interface TimelineSource {
  type: Exclude<NodeType, 'Person'>;
  /** Ties on time: lower ranks first. */
  rank: number;
  collection: Collection<Document>;
  /** Stored field that dates the event: a `YYYY-MM-DD` string (`day`) or a BSON date (`instant`). */
  field: string;
  kind: 'day' | 'instant';
  /** The documents of this source that are events under the filter. */
  filter: Filter<Document>;
  date(doc: Document): string;
  precision(doc: Document): DatePrecision;
}

interface ParsedFilter {
  personId?: ObjectId;
  articleId?: ObjectId;
  countries?: string[];
  from?: string;
  to?: string;
}

function parseFilter(filter: TimelineFilter | null | undefined): ParsedFilter {
  if (!filter) return {};
  const parsed: ParsedFilter = {};
  if (filter.personId) parsed.personId = parseGlobalId(filter.personId, 'Person', 'filter.personId');
  if (filter.articleId) parsed.articleId = parseGlobalId(filter.articleId, 'Article', 'filter.articleId');
  if (filter.countries) {
    if (filter.countries.length === 0) throw badUserInput('filter.countries must name at least one country', 'filter.countries');
    if (filter.countries.length > 50) throw badUserInput('filter.countries may name at most 50 countries', 'filter.countries');
    parsed.countries = filter.countries.map((code) => countryCode(code, 'filter.countries'));
  }
  if (filter.from) parsed.from = filter.from;
  if (filter.to) parsed.to = filter.to;
  return parsed;
}

function dayRange(from: string | undefined, to: string | undefined): Filter<Document> | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
}

const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

function statementSource(collections: Collections, f: ParsedFilter): TimelineSource {
  const clauses: Filter<Document>[] = [
    statementFilter({ articleId: undefined, saidFrom: f.from, saidTo: f.to }),
    { saidOn: { $ne: null } },
  ];
  if (f.articleId) clauses.push({ articleId: f.articleId });
  if (f.personId) clauses.push({ $or: [{ speakerId: f.personId }, { aboutIds: f.personId }] });
  if (f.countries) clauses.push({ speakerNationalities: { $in: f.countries } });
  return {
    type: 'Statement',
    rank: 0,
    collection: collections.statements as unknown as Collection<Document>,
    field: 'saidOn',
    kind: 'day',
    filter: and(...clauses),
    date: (doc) => doc.saidOn as string,
    precision: (doc) => doc.saidOnPrecision as DatePrecision,
  };
}

function exchangeSource(collections: Collections, f: ParsedFilter): TimelineSource {
  const query: Filter<Document> = {};
  const range = dayRange(f.from, f.to);
  if (range) query.date = range;
  if (f.articleId) query.articleIds = f.articleId;
  if (f.personId) query.personIds = f.personId;
  if (f.countries) query.countries = { $in: f.countries };
  return {
    type: 'Exchange',
    rank: 1,
    collection: collections.exchanges as unknown as Collection<Document>,
    field: 'date',
    kind: 'day',
    filter: query,
    date: (doc) => doc.date as string,
    precision: () => 'DAY',
  };
}

function articleSource(collections: Collections, f: ParsedFilter): TimelineSource | null {
  // Articles carry no country: a filter on countries leaves them all out.
  if (f.countries) return null;
  const query: Filter<Document> = {};
  if (f.from || f.to) {
    query.publishedAt = {
      ...(f.from ? { $gte: new Date(dayStart(f.from)) } : {}),
      ...(f.to ? { $lt: new Date(dayStart(f.to) + DAY_MS) } : {}),
    };
  }
  if (f.articleId) query._id = f.articleId;
  if (f.personId) query.personIds = f.personId;
  return {
    type: 'Article',
    rank: 2,
    collection: collections.articles as unknown as Collection<Document>,
    field: 'publishedAt',
    kind: 'instant',
    filter: query,
    date: (doc) => utcDay((doc.publishedAt as Date).getTime()),
    precision: () => 'DAY',
  };
}

export function timelineSources(collections: Collections, filter: TimelineFilter | null | undefined): TimelineSource[] {
  const parsed = parseFilter(filter);
  return [statementSource(collections, parsed), exchangeSource(collections, parsed), articleSource(collections, parsed)].filter(
    (source): source is TimelineSource => source !== null,
  );
}
