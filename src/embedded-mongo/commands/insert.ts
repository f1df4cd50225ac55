import { collectionName, docArray } from '../command-args.js';
import type { CommandHandler } from '../server-state.js';
import { checkValidator, prepareInsert } from '../write-checks.js';
import { WriteResult } from './write-result.js';

const insert: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'insert');
  const documents = docArray(command, 'documents');
  const result = new WriteResult(command);
  const collection = state.catalog.ensureCollection(db, name);
  result.run(documents, command.ordered !== false, (document) => {
    state.opcounters.insert++;
    const stored = prepareInsert(document);
    if (!command.bypassDocumentValidation) checkValidator(collection, stored);
    collection.insert(stored);
    result.n++;
  });
  return result.reply();
};

export const insertCommands: Record<string, CommandHandler> = { insert };
