/**
 * `statementStats`: statements counted by speaker, speaker nationality, channel, kind, article and
 * month said, in any combination, filtered by `statementFilter` — the very function behind
 * `Query.statements` — so a group total equals that connection's `totalCount`.
 */
import type { Document, ObjectId } from 'mongodb';
import type { StatementDimension, StatementFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { StatementKind } from '../db/documents.js';
import { statementFilter } from '../repositories/statements.js';
import { byCountThenKey, checkGroupBy, groupLimit, matchFirst, runGroups } from './group-query.js';

export interface StatementGroupRow {
  speakerId: ObjectId | null;
  speakerNationality: string | null;
  channel: string | null;
  kind: StatementKind | null;
  articleId: ObjectId | null;
  saidMonth: string | null;
  count: number;
  earliestSaidOn: string | null;
  latestSaidOn: string | null;
}

/** The group-key expression of each dimension; `$ifNull` makes an absent value the null group. */
const KEYS: Record<StatementDimension, [name: keyof StatementGroupRow, expression: unknown]> = {
  SPEAKER: ['speakerId', '$speakerId'],
  SPEAKER_NATIONALITY: ['speakerNationality', { $ifNull: ['$speakerNationalities', null] }],
  CHANNEL: ['channel', { $ifNull: ['$channel', null] }],
  KIND: ['kind', '$kind'],
  ARTICLE: ['articleId', '$articleId'],
  SAID_MONTH: ['saidMonth', { $cond: [{ $eq: [{ $type: '$saidOn' }, 'string'] }, { $substrCP: ['$saidOn', 0, 7] }, null] }],
};

interface GroupResult {
  _id: Partial<Record<keyof StatementGroupRow, unknown>> | null;
  count: number;
  earliest: string | null;
  latest: string | null;
}

export function statementStatsPipeline(
  filter: StatementFilter | null | undefined,
  groupBy: readonly StatementDimension[],
  limit: number,
): Document[] {
  const match = statementFilter(filter);
  const stages: Document[] = [];
  if (groupBy.includes('SPEAKER_NATIONALITY')) {
    stages.push({ $unwind: { path: '$speakerNationalities', preserveNullAndEmptyArrays: true } });
    // A dual national's statement matched on one nationality belongs to that group only.
    if (match.speakerNationalities) stages.push({ $match: { speakerNationalities: match.speakerNationalities } });
  }
  const key = groupBy.length === 0 ? null : Object.fromEntries(groupBy.map((dimension) => KEYS[dimension]));
  stages.push(
    { $group: { _id: key, count: { $sum: 1 }, earliest: { $min: '$saidOn' }, latest: { $max: '$saidOn' } } },
    { $sort: byCountThenKey(groupBy.map((dimension) => KEYS[dimension][0])) },
    { $limit: limit },
  );
  return matchFirst(match, stages);
}

export async function statementStats(
  { statements }: Collections,
  filter: StatementFilter | null | undefined,
  groupBy: readonly StatementDimension[],
  first: number | null | undefined,
): Promise<StatementGroupRow[]> {
  checkGroupBy(groupBy);
  const limit = groupLimit(first);
  const groups = await runGroups<GroupResult>(statements as never, statementStatsPipeline(filter, groupBy, limit), limit);
  return groups.map(({ _id, count, earliest, latest }) => ({
    speakerId: (_id?.speakerId as ObjectId | undefined) ?? null,
    speakerNationality: (_id?.speakerNationality as string | undefined) ?? null,
    channel: (_id?.channel as string | undefined) ?? null,
    kind: (_id?.kind as StatementKind | undefined) ?? null,
    articleId: (_id?.articleId as ObjectId | undefined) ?? null,
    saidMonth: (_id?.saidMonth as string | undefined) ?? null,
    count,
    earliestSaidOn: earliest ?? null,
    latestSaidOn: latest ?? null,
  }));
}
