/**
 * `statementAdded(filter)` decides in process whether a new statement matches, with the very filter
 * `Query.statements` sends to MongoDB (statementFilter) evaluated by mingo against the change
 * event's document: one change stream serves every subscriber, and no subscriber costs a database
 * round trip per event.
 */
import { Query } from 'mingo';
import type { StatementFilter } from '../__generated__/resolvers-types.js';
import type { StatementDocument } from '../db/documents.js';
import { badUserInput } from '../errors.js';
import { statementFilter } from '../repositories/statements.js';

export type StatementMatcher = (statement: StatementDocument) => boolean;

export function statementMatcher(filter: StatementFilter | null | undefined): StatementMatcher {
  // Full-text matching is the database's (stemming, stop words, the text index's languages); an
  // in-process imitation would disagree with `Query.statements`, so it is refused, not approximated.
  if (filter?.text != null) throw badUserInput('filter.text is not available on subscriptions', 'filter.text');
  const query = statementFilter(filter);
  if (Object.keys(query).length === 0) return () => true;
  const compiled = new Query(query);
  return (statement) => compiled.test(statement as unknown as Record<string, unknown>);
}
