/** The update command: operator, replacement and pipeline updates, multi, upsert and arrayFilters. */
import { type Doc, isPlainObject, parseSortSpec } from '../bson-values.js';
import { type Collation, effectiveCollation } from '../collation.js';
import { collectionName, docArray } from '../command-args.js';
import { checkHint } from '../command-options.js';
import { MongoCommandError } from '../errors.js';
import { letVariables } from '../let-variables.js';
import { selectDocuments } from '../select.js';
import type { CommandHandler } from '../server-state.js';
import type { Collection } from '../storage.js';
import { applyUpdate, isOperatorUpdate, upsertDocument, validateUpdateSpec } from '../update-document.js';
import { checkValidator } from '../write-checks.js';
import { WriteResult } from './write-result.js';

export interface StatementOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document as it was before the first change, and after it. */
  before?: Doc;
  after?: Doc;
}

function usesPositional(u: unknown): boolean {
  if (Array.isArray(u) || !isPlainObject(u)) return false;
  return Object.values(u).some((fields) => isPlainObject(fields) && Object.keys(fields).some((path) => /(^|\.)\$(\.|$)/.test(path)));
}

/** Applies one update statement to a collection; shared by update and findAndModify. */
export function runUpdateStatement(
  collection: Collection,
  statement: { q: Doc; u: unknown; multi?: boolean; upsert?: boolean; arrayFilters?: Doc[]; sort?: Doc },
  options: { variables?: Doc; bypassValidation?: boolean; collation?: Collation } = {},
): StatementOutcome {
  const u = validateUpdateSpec(statement.u);
  if (statement.multi && !Array.isArray(u) && !isOperatorUpdate(u)) {
    throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  const targets = selectDocuments(collection, statement.q, {
    limit: statement.multi ? 0 : 1,
    sort: parseSortSpec(statement.sort),
    variables: options.variables,
    collation: options.collation,
  });
  const outcome: StatementOutcome = { matched: targets.length, modified: 0 };
  if (targets.length === 0 && statement.upsert) {
    const doc = upsertDocument(statement.q, u, { arrayFilters: statement.arrayFilters, variables: options.variables });
    if (!options.bypassValidation) checkValidator(collection, doc);
    collection.insert(doc);
    outcome.upsertedId = doc._id;
    outcome.after = doc;
    return outcome;
  }
  // Multi-document updates are not atomic as a whole in mongod either; each document is.
  for (const target of targets) {
    const next = applyUpdate(target, u, {
      arrayFilters: statement.arrayFilters,
      // Only the positional `$` needs the query; mingo re-tests it, which a collation would defeat.
      query: usesPositional(u) ? statement.q : undefined,
      variables: options.variables,
    });
    if (!outcome.before) {
      outcome.before = target;
      outcome.after = next;
    }
    if (next === target) continue;
    if (!options.bypassValidation) checkValidator(collection, next, target);
    collection.replace(target, next);
    outcome.modified++;
  }
  return outcome;
}

const update: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'update');
  const statements = docArray(command, 'updates');
  const collection = state.catalog.ensureCollection(db, name);
  // `sort` in an update statement arrived with MongoDB 8.0; 7.0's parser refuses the whole command.
  if (statements.some((statement) => statement.sort !== undefined)) {
    throw new MongoCommandError('UnknownField', "BSON field 'update.updates.sort' is an unknown field.");
  }
  const variables = letVariables(command);
  const result = new WriteResult(command);
  let nModified = 0;
  const upserted: Doc[] = [];
  result.run(statements, command.ordered !== false, (statement, index) => {
    state.opcounters.update++;
    if (!isPlainObject(statement.q))
      throw new MongoCommandError('TypeMismatch', "BSON field 'update.updates.q' is missing or not an object");
    if (statement.arrayFilters !== undefined && !Array.isArray(statement.arrayFilters)) {
      throw new MongoCommandError('TypeMismatch', "BSON field 'arrayFilters' must be an array");
    }
    checkHint(collection, statement.hint);
    const outcome = runUpdateStatement(
      collection,
      {
        q: statement.q,
        u: statement.u,
        multi: statement.multi === true,
        upsert: statement.upsert === true,
        arrayFilters: statement.arrayFilters as Doc[] | undefined,
      },
      {
        variables,
        bypassValidation: command.bypassDocumentValidation === true,
        collation: effectiveCollation(statement.collation, collection.options.collation),
      },
    );
    if (outcome.upsertedId !== undefined) {
      upserted.push({ index, _id: outcome.upsertedId });
      result.n++;
    } else result.n += outcome.matched;
    nModified += outcome.modified;
  });
  return result.reply(upserted.length > 0 ? { nModified, upserted } : { nModified });
};

export const updateCommands: Record<string, CommandHandler> = { update };
