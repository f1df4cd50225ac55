import type { Document, Filter } from 'mongodb';
import type { ArticleFilter, ArticleOrder } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument } from '../db/documents.js';
import { parseGlobalId } from '../db/ids.js';
import { type Connection, findConnection, type PageArgs, type SortOrder } from './connection.js';
import { searchText } from './input-checks.js';

const SORT_FIELDS = { PUBLISHED_AT: 'publishedAt', HEADLINE: 'headline' } as const;

export function articleSort(order?: ArticleOrder | null): SortOrder {
  if (!order) return { field: 'publishedAt', direction: -1 };
  return { field: SORT_FIELDS[order.field], direction: order.direction === 'ASC' ? 1 : -1 };
}

export function articleFilter(filter?: ArticleFilter | null): Filter<Document> {
  const query: Filter<Document> = {};
  if (!filter) return query;
  if (filter.personId) query.personIds = parseGlobalId(filter.personId, 'Person', 'filter.personId');
  if (filter.text) query.$text = { $search: searchText(filter.text, 'filter.text') };
  if (filter.publishedFrom || filter.publishedTo) {
    query.publishedAt = {
      ...(filter.publishedFrom ? { $gte: filter.publishedFrom } : {}),
      ...(filter.publishedTo ? { $lte: filter.publishedTo } : {}),
    };
  }
  return query;
}

export function articleRepository({ articles }: Collections) {
  return {
    list(
      filter: ArticleFilter | null | undefined,
      orderBy: ArticleOrder | null | undefined,
      page: PageArgs,
    ): Promise<Connection<ArticleDocument>> {
      return findConnection(articles, articleFilter(filter) as Filter<ArticleDocument>, articleSort(orderBy), page);
    },
    bySlug(slug: string): Promise<ArticleDocument | null> {
      return articles.findOne({ slug });
    },
  };
}
