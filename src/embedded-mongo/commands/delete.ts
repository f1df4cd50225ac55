import { isPlainObject } from '../bson-values.js';
import { effectiveCollation } from '../collation.js';
import { collectionName, docArray } from '../command-args.js';
import { checkHint } from '../command-options.js';
import { MongoCommandError } from '../errors.js';
import { letVariables } from '../let-variables.js';
import { selectDocuments } from '../select.js';
import type { CommandHandler } from '../server-state.js';
import { WriteResult } from './write-result.js';

const deleteCommand: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'delete');
  const statements = docArray(command, 'deletes');
  const collection = state.catalog.collection(db, name);
  const variables = letVariables(command);
  const result = new WriteResult(command);
  result.run(statements, command.ordered !== false, (statement) => {
    state.opcounters.delete++;
    if (!isPlainObject(statement.q))
      throw new MongoCommandError('TypeMismatch', "BSON field 'delete.deletes.q' is missing or not an object");
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw new MongoCommandError('FailedToParse', 'The limit field in delete objects must be 0 or 1');
    const collation = effectiveCollation(statement.collation, collection?.options.collation);
    if (!collection) return;
    checkHint(collection, statement.hint);
    for (const doc of selectDocuments(collection, statement.q, { limit, collation, variables })) {
      collection.remove(doc);
      result.n++;
    }
  });
  return result.reply();
};

export const deleteCommands: Record<string, CommandHandler> = { delete: deleteCommand };
