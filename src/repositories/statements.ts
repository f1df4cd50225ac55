import type { Document, Filter } from 'mongodb';
import type { StatementFilter, StatementOrder } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { StatementDocument } from '../db/documents.js';
import { parseGlobalId } from '../db/ids.js';
import { type Connection, findConnection, type PageArgs, type SortOrder } from './connection.js';
import { countryCode, searchText } from './input-checks.js';

const SORT_FIELDS = { SAID_ON: 'saidOn', PARAGRAPH: 'paragraphIndex' } as const;

/** Undated statements come last in both directions of SAID_ON. */
export function statementSort(order?: StatementOrder | null): SortOrder {
  if (!order) return { field: 'saidOn', direction: 1, nullsLast: true };
  return { field: SORT_FIELDS[order.field], direction: order.direction === 'ASC' ? 1 : -1, nullsLast: order.field === 'SAID_ON' };
}

/** The filter on statement fields; the speaker's nationality is copied onto each statement, so it is one too. */
export function statementFilter(filter: StatementFilter | null | undefined): Filter<Document> {
  const query: Filter<Document> = {};
  if (!filter) return query;
  if (filter.speakerId) query.speakerId = parseGlobalId(filter.speakerId, 'Person', 'filter.speakerId');
  if (filter.articleId) query.articleId = parseGlobalId(filter.articleId, 'Article', 'filter.articleId');
  if (filter.aboutId) query.aboutIds = parseGlobalId(filter.aboutId, 'Person', 'filter.aboutId');
  if (filter.kind) query.kind = filter.kind;
  if (filter.channel) query.channel = filter.channel;
  if (filter.text) query.$text = { $search: searchText(filter.text, 'filter.text') };
  if (filter.saidFrom || filter.saidTo) {
    query.saidOn = { ...(filter.saidFrom ? { $gte: filter.saidFrom } : {}), ...(filter.saidTo ? { $lte: filter.saidTo } : {}) };
  }
  if (filter.speakerNationality) query.speakerNationalities = countryCode(filter.speakerNationality, 'filter.speakerNationality');
  return query;
}

export function statementRepository(collections: Collections) {
  return {
    list(
      filter: StatementFilter | null | undefined,
      orderBy: StatementOrder | null | undefined,
      page: PageArgs,
    ): Promise<Connection<StatementDocument>> {
      const query = statementFilter(filter);
      return findConnection(collections.statements, query as Filter<StatementDocument>, statementSort(orderBy), page);
    },
  };
}
