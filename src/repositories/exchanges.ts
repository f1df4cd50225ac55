import type { Document, Filter } from 'mongodb';
import type { ExchangeFilter, ExchangeOrder } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { ExchangeDocument } from '../db/documents.js';
import { parseGlobalId } from '../db/ids.js';
import { type Connection, findConnection, type PageArgs, type SortOrder } from './connection.js';
import { countryCode } from './input-checks.js';

export function exchangeSort(order?: ExchangeOrder | null): SortOrder {
  return { field: 'date', direction: order?.direction === 'ASC' ? 1 : -1 };
}

export function exchangeFilter(filter?: ExchangeFilter | null): Filter<Document> {
  const query: Filter<Document> = {};
  if (!filter) return query;
  if (filter.personId) query.personIds = parseGlobalId(filter.personId, 'Person', 'filter.personId');
  if (filter.country) query.countries = countryCode(filter.country, 'filter.country');
  if (filter.from || filter.to) query.date = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  return query;
}

export function exchangeRepository({ exchanges }: Collections) {
  return {
    list(
      filter: ExchangeFilter | null | undefined,
      orderBy: ExchangeOrder | null | undefined,
      page: PageArgs,
    ): Promise<Connection<ExchangeDocument>> {
      return findConnection(exchanges, exchangeFilter(filter) as Filter<ExchangeDocument>, exchangeSort(orderBy), page);
    },
    bySlug(slug: string): Promise<ExchangeDocument | null> {
      return exchanges.findOne({ slug });
    },
  };
}
