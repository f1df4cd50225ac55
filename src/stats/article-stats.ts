/** `articleStats`: articles counted by topic, month published and person named, filtered as `Query.articles` is. */
import type { Document, ObjectId } from 'mongodb';
import type { ArticleDimension, ArticleFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import { articleFilter } from '../repositories/articles.js';
import { byCountThenKey, checkGroupBy, groupLimit, matchFirst, runGroups } from './group-query.js';

export interface ArticleGroupRow {
  topic: string | null;
  publishedMonth: string | null;
  personId: ObjectId | null;
  count: number;
  earliestPublishedAt: Date | null;
  latestPublishedAt: Date | null;
}

const KEYS: Record<ArticleDimension, [name: keyof ArticleGroupRow, expression: unknown]> = {
  TOPIC: ['topic', { $ifNull: ['$topics', null] }],
  PUBLISHED_MONTH: ['publishedMonth', { $dateToString: { format: '%Y-%m', date: '$publishedAt' } }],
  PERSON: ['personId', { $ifNull: ['$personIds', null] }],
};

/** Array fields grouped element by element. */
const UNWOUND: Partial<Record<ArticleDimension, string>> = { TOPIC: '$topics', PERSON: '$personIds' };

interface GroupResult {
  _id: Partial<Record<keyof ArticleGroupRow, unknown>> | null;
  count: number;
  earliest: Date | null;
  latest: Date | null;
}

export async function articleStats(
  { articles }: Collections,
  filter: ArticleFilter | null | undefined,
  groupBy: readonly ArticleDimension[],
  first: number | null | undefined,
): Promise<ArticleGroupRow[]> {
  checkGroupBy(groupBy);
  const limit = groupLimit(first);
  const stages: Document[] = [];
  for (const dimension of groupBy) {
    const path = UNWOUND[dimension];
    if (path) stages.push({ $unwind: { path, preserveNullAndEmptyArrays: true } });
  }
  const key = groupBy.length === 0 ? null : Object.fromEntries(groupBy.map((dimension) => KEYS[dimension]));
  stages.push(
    { $group: { _id: key, count: { $sum: 1 }, earliest: { $min: '$publishedAt' }, latest: { $max: '$publishedAt' } } },
    { $sort: byCountThenKey(groupBy.map((dimension) => KEYS[dimension][0])) },
    { $limit: limit },
  );
  const groups = await runGroups<GroupResult>(articles as never, matchFirst(articleFilter(filter), stages), limit);
  return groups.map(({ _id, count, earliest, latest }) => ({
    topic: (_id?.topic as string | undefined) ?? null,
    publishedMonth: (_id?.publishedMonth as string | undefined) ?? null,
    personId: (_id?.personId as ObjectId | undefined) ?? null,
    count,
    earliestPublishedAt: earliest ?? null,
    latestPublishedAt: latest ?? null,
  }));
}
