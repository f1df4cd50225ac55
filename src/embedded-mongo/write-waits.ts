/**
 * A write outside any transaction that would modify a document an open transaction has written
 * waits until that transaction ends — commits, aborts or expires — as mongod does ("In-progress
 * Transactions and Write Conflicts" in MongoDB's production considerations for transactions); if its
 * `maxTimeMS` runs out first it fails with 50 MaxTimeMSExpired, and the transaction goes on.
 *
 * Which documents a write would modify is decided before it runs, from its statements: an insert's
 * `_id`, and the filters of update, delete and findAndModify statements tested against the committed
 * version of each locked document. So a multi-document write that reaches one locked document waits
 * whole (mongod writes the others first; the result after the wait is the same). Nothing is checked
 * while no transaction holds a document.
 */
import { type Doc, idKey, isPlainObject } from './bson-values.js';
import { effectiveCollation } from './collation.js';
import { MongoCommandError } from './errors.js';
import { letVariables } from './let-variables.js';
import { compileFilter } from './select.js';
import type { ServerState } from './server-state.js';

function statementsOf(name: string, command: Doc): { coll: unknown; filters: Doc[]; ids: unknown[] } {
  switch (name) {
    case 'insert':
      return {
        coll: command.insert,
        filters: [],
        ids: (Array.isArray(command.documents) ? command.documents : []).map((d) => (isPlainObject(d) ? d._id : undefined)),
      };
    case 'update':
      return { coll: command.update, filters: (Array.isArray(command.updates) ? command.updates : []).filter(isPlainObject), ids: [] };
    case 'delete':
      return { coll: command.delete, filters: (Array.isArray(command.deletes) ? command.deletes : []).filter(isPlainObject), ids: [] };
    case 'findAndModify':
    case 'findandmodify':
      return { coll: command[name], filters: [{ q: command.query ?? {}, collation: command.collation }], ids: [] };
    default:
      return { coll: undefined, filters: [], ids: [] };
  }
}

/** Whether running this write now would modify a document an open transaction has written. */
function touchesLockedDocument(state: ServerState, name: string, command: Doc): boolean {
  if (!state.replication.transactions.holdsLocks) return false;
  const { coll, filters, ids } = statementsOf(name, command);
  if (typeof coll !== 'string' || typeof command.$db !== 'string') return false;
  const locked = state.replication.transactions.lockedIdKeys(`${command.$db}.${coll}`);
  if (locked.length === 0) return false;
  if (ids.some((id) => id !== undefined && locked.includes(idKey(id)))) return true;
  const collection = state.catalog.collection(command.$db, coll);
  if (!collection || filters.length === 0) return false;
  const documents = locked.map((key) => collection.docs.get(key)).filter((doc): doc is Doc => doc !== undefined);
  if (documents.length === 0) return false;
  try {
    const variables = letVariables(command);
    return filters.some((statement) => {
      const filter = compileFilter(
        isPlainObject(statement.q) ? statement.q : {},
        variables,
        effectiveCollation(statement.collation, collection.options.collation),
      );
      return documents.some((doc) => filter.test(doc));
    });
  } catch {
    // A malformed statement is the command's own error to report.
    return false;
  }
}

/**
 * Waits while the write would modify a document held by an open transaction. Undefined when the
 * write may run now (the caller runs it without awaiting in between), else the MaxTimeMSExpired error.
 */
export async function waitForTransactionLocks(state: ServerState, name: string, command: Doc): Promise<MongoCommandError | undefined> {
  if (!touchesLockedDocument(state, name, command)) return undefined;
  const maxTimeMS = typeof command.maxTimeMS === 'number' && command.maxTimeMS > 0 ? command.maxTimeMS : undefined;
  const deadline = maxTimeMS === undefined ? undefined : Date.now() + maxTimeMS;
  const coordinator = state.replication.transactions;
  while (touchesLockedDocument(state, name, command)) {
    const left = deadline === undefined ? undefined : deadline - Date.now();
    if (left !== undefined && left <= 0) return new MongoCommandError('MaxTimeMSExpired', 'operation exceeded time limit');
    await coordinator.nextRelease(left);
  }
  return undefined;
}
