/** Counts and the timeline over the read collections, shared by every request like the other repositories. */
import type {
  ArticleDimension,
  ArticleFilter,
  ExchangeDimension,
  ExchangeFilter,
  StatementDimension,
  StatementFilter,
  TimelineFilter,
} from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { PageArgs } from '../repositories/connection.js';
import { type TimelinePage, timelinePage } from '../timeline/timeline.js';
import { type ArticleGroupRow, articleStats } from './article-stats.js';
import { type ExchangeGroupRow, exchangeStats } from './exchange-stats.js';
import { type StatementGroupRow, statementStats } from './statement-stats.js';

type First = number | null | undefined;

export function statsRepository(collections: Collections) {
  return {
    statements: (
      filter: StatementFilter | null | undefined,
      groupBy: readonly StatementDimension[],
      first: First,
    ): Promise<StatementGroupRow[]> => statementStats(collections, filter, groupBy, first),
    articles: (filter: ArticleFilter | null | undefined, groupBy: readonly ArticleDimension[], first: First): Promise<ArticleGroupRow[]> =>
      articleStats(collections, filter, groupBy, first),
    exchanges: (
      filter: ExchangeFilter | null | undefined,
      groupBy: readonly ExchangeDimension[],
      first: First,
    ): Promise<ExchangeGroupRow[]> => exchangeStats(collections, filter, groupBy, first),
    timeline: (filter: TimelineFilter | null | undefined, page: PageArgs): Promise<TimelinePage> => timelinePage(collections, filter, page),
  };
}
