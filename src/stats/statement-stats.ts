/**
 * `statementStats`: statements counted by speaker, speaker nationality, channel, kind, article and
 * month said, in any combination, filtered by `statementFilter` — the very function behind
 * `Query.statements` — so a group total equals that connection's `totalCount`. The groupings by
 * speaker are read from the statement tallies where the filter allows (tally-query.ts).
 */
import type { Document, ObjectId } from 'mongodb';
import type { StatementDimension, StatementFilter } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { StatementKind } from '../db/documents.js';
import type { StatementTallyDocument } from '../db/statement-tallies.js';
import { statementFilter } from '../repositories/statements.js';
import { byCountThenKey, checkGroupBy, groupLimit, matchFirst, runGroups } from './group-query.js';
import { tallyPipeline } from './tally-query.js';

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
  { statements, statementTallies }: Collections,
  filter: StatementFilter | null | undefined,
  groupBy: readonly StatementDimension[],
  first: number | null | undefined,
): Promise<StatementGroupRow[]> {
  checkGroupBy(groupBy);
  const limit = groupLimit(first);
  const tallied = tallyPipeline(filter, groupBy, limit);
  if (tallied) {
    const tallies = await runGroups<StatementTallyDocument>(statementTallies as never, tallied, limit);
    return tallies.map((tally) => row(tally, tally));
  }
  const groups = await runGroups<GroupResult>(statements as never, statementStatsPipeline(filter, groupBy, limit), limit);
  return groups.map((group) => row(group._id ?? {}, group));
}

/** A group's row: its key values (null when not grouped by), its count and its dates. */
function row(
  key: Partial<Record<keyof StatementGroupRow, unknown>>,
  { count, earliest, latest }: { count: number; earliest?: string | null; latest?: string | null },
): StatementGroupRow {
  return {
    speakerId: (key.speakerId as ObjectId | undefined) ?? null,
    speakerNationality: (key.speakerNationality as string | undefined) ?? null,
    channel: (key.channel as string | undefined) ?? null,
    kind: (key.kind as StatementKind | undefined) ?? null,
    articleId: (key.articleId as ObjectId | undefined) ?? null,
    saidMonth: (key.saidMonth as string | undefined) ?? null,
    count,
    earliestSaidOn: earliest ?? null,
    latestSaidOn: latest ?? null,
  };
}
