/** findAndModify: one document updated, replaced or removed, returned before or after the change. */
import { type Doc, parseSortSpec } from '../bson-values.js';
import { effectiveCollation } from '../collation.js';
import { collectionName, optionalDoc } from '../command-args.js';
import { checkHint } from '../command-options.js';
import { MongoCommandError } from '../errors.js';
import { letVariables } from '../let-variables.js';
import { project } from '../projection.js';
import { selectDocuments } from '../select.js';
import type { CommandHandler } from '../server-state.js';
import { runUpdateStatement } from './update.js';

const findAndModify: CommandHandler = ({ state, db }, command) => {
  state.opcounters.command++;
  const name = collectionName(command, 'findAndModify');
  const query = optionalDoc(command, 'query') ?? {};
  const fields = optionalDoc(command, 'fields');
  const shape = (doc: Doc | undefined): Doc | null => (doc ? project([doc], fields)[0] : null);
  checkHint(state.catalog.collection(db, name), command.hint);

  if (command.remove === true) {
    if (command.update !== undefined) throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true');
    const collection = state.catalog.collection(db, name);
    const [target] = selectDocuments(collection, query, {
      sort: parseSortSpec(optionalDoc(command, 'sort')),
      limit: 1,
      variables: letVariables(command),
      collation: effectiveCollation(command.collation, collection?.options.collation),
    });
    if (target) collection?.remove(target);
    return { lastErrorObject: { n: target ? 1 : 0 }, value: shape(target), ok: 1 };
  }
  if (command.update === undefined) throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');

  const collection = state.catalog.ensureCollection(db, name);
  const outcome = runUpdateStatement(
    collection,
    {
      q: query,
      u: command.update,
      upsert: command.upsert === true,
      arrayFilters: command.arrayFilters as Doc[] | undefined,
      sort: optionalDoc(command, 'sort'),
    },
    {
      variables: letVariables(command),
      bypassValidation: command.bypassDocumentValidation === true,
      collation: effectiveCollation(command.collation, collection.options.collation),
    },
  );
  const upserted = outcome.upsertedId !== undefined;
  const lastErrorObject: Doc = { n: upserted || outcome.matched > 0 ? 1 : 0, updatedExisting: outcome.matched > 0 };
  if (upserted) lastErrorObject.upserted = outcome.upsertedId;
  const value = command.new === true ? outcome.after : outcome.before;
  return { lastErrorObject, value: shape(value), ok: 1 };
};

export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify, findandmodify: findAndModify };
