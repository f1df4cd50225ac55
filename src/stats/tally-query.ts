/**
 * Which `statementStats` questions the statement tallies answer (db/statement-tallies.ts), and the
 * pipeline that reads them: a tallied grouping (in any order of its dimensions), filtered only on
 * what a tally holds — review state, speaker, speaker's nationality, and the paired dimension. Any
 * other question counts the statements themselves.
 */
import type { Document } from 'mongodb';
import type { StatementDimension, StatementFilter } from '../__generated__/resolvers-types.js';
import { groupingName, TALLIED_GROUPINGS, TALLY_FIELD } from '../db/statement-tallies.js';
import { statementFilter } from '../repositories/statements.js';

/** The filter fields a tally can answer beside its grouping's own. */
const ALWAYS_ANSWERED = new Set(['status', 'speakerId', 'speakerNationality']);
const ANSWERED_WITH: Partial<Record<StatementDimension, string>> = { CHANNEL: 'channel', KIND: 'kind' };

export function tallyPipeline(
  filter: StatementFilter | null | undefined,
  groupBy: readonly StatementDimension[],
  limit: number,
): Document[] | undefined {
  const grouping = TALLIED_GROUPINGS.find(
    (tallied) => tallied.length === groupBy.length && tallied.every((d: StatementDimension) => groupBy.includes(d)),
  );
  if (!grouping) return undefined;
  const answered = new Set(ALWAYS_ANSWERED);
  for (const dimension of grouping) if (ANSWERED_WITH[dimension]) answered.add(ANSWERED_WITH[dimension]);
  for (const [field, value] of Object.entries(filter ?? {})) if (value != null && !answered.has(field)) return undefined;
  // The statements' own filter checks ids and country codes, so a bad one gets the same error.
  const { status: _readers, ...conditions } = statementFilter(filter);
  const match: Document = { grouping: groupingName(grouping), status: filter?.status ?? 'CONFIRMED', ...conditions };
  const sort: Document = { count: -1 };
  for (const dimension of groupBy) sort[TALLY_FIELD[dimension as keyof typeof TALLY_FIELD]] = 1;
  return [{ $match: match }, { $sort: sort }, { $limit: limit }];
}
