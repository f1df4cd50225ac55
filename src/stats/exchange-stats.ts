/**
 * `exchangeStats`: exchanges counted by the pair of countries their releases went between, filtered
 * as `Query.exchanges` is. A pair is unordered (RU→US and US→RU are one pair), and an exchange
 * counts once per pair however many people went between the two.
 */
import type { Document } from 'mongodb';
import type { ExchangeDimension, ExchangeFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import { exchangeFilter } from '../repositories/exchanges.js';
import { byCountThenKey, checkGroupBy, groupLimit, matchFirst, runGroups } from './group-query.js';

export interface ExchangeGroupRow {
  countryPair: string[] | null;
  count: number;
  releaseCount: number;
  earliestDate: string | null;
  latestDate: string | null;
}

/** The release's two countries, alphabetically; null for an exchange without releases. */
const PAIR = {
  $cond: [
    { $eq: [{ $type: '$releases' }, 'object'] },
    {
      $cond: [
        { $lte: ['$releases.releasedBy', '$releases.releasedTo'] },
        ['$releases.releasedBy', '$releases.releasedTo'],
        ['$releases.releasedTo', '$releases.releasedBy'],
      ],
    },
    null,
  ],
};

interface GroupResult {
  _id: { countryPair?: string[] | null } | null;
  count: number;
  releaseCount: number;
  earliest: string | null;
  latest: string | null;
}

export async function exchangeStats(
  { exchanges }: Collections,
  filter: ExchangeFilter | null | undefined,
  groupBy: readonly ExchangeDimension[],
  first: number | null | undefined,
): Promise<ExchangeGroupRow[]> {
  checkGroupBy(groupBy);
  const limit = groupLimit(first);
  const byPair = groupBy.includes('COUNTRY_PAIR');
  const stages: Document[] = [
    { $unwind: { path: '$releases', preserveNullAndEmptyArrays: true } },
    {
      $project: {
        date: 1,
        pair: byPair ? PAIR : null,
        released: { $cond: [{ $eq: [{ $type: '$releases' }, 'object'] }, 1, 0] },
      },
    },
    // One row per exchange and pair first, so an exchange counts once per pair.
    { $group: { _id: { exchange: '$_id', pair: '$pair' }, date: { $first: '$date' }, released: { $sum: '$released' } } },
    {
      $group: {
        _id: byPair ? { countryPair: '$_id.pair' } : null,
        count: { $sum: 1 },
        releaseCount: { $sum: '$released' },
        earliest: { $min: '$date' },
        latest: { $max: '$date' },
      },
    },
    { $sort: byCountThenKey(byPair ? ['countryPair'] : []) },
    { $limit: limit },
  ];
  const groups = await runGroups<GroupResult>(exchanges as never, matchFirst(exchangeFilter(filter), stages), limit);
  return groups.map(({ _id, count, releaseCount, earliest, latest }) => ({
    countryPair: _id?.countryPair ?? null,
    count,
    releaseCount,
    earliestDate: earliest ?? null,
    latestDate: latest ?? null,
  }));
}
