/**
 * Routes a command document to its handler and turns every failure into a `{ok: 0}` reply.
 * Commands run synchronously, so each sees and leaves the catalog in a consistent state.
 */
import type { Long } from 'bson';
import type { Doc } from './bson-values.js';
import { aggregateCommands } from './commands/aggregate.js';
import { catalogCommands } from './commands/catalog.js';
import { deleteCommands } from './commands/delete.js';
import { explainCommands } from './commands/explain.js';
import { findCommands } from './commands/find.js';
import { findAndModifyCommands } from './commands/find-and-modify.js';
import { handshakeCommands } from './commands/handshake.js';
import { indexCommands } from './commands/indexes.js';
import { insertCommands } from './commands/insert.js';
import { updateCommands } from './commands/update.js';
import { MongoCommandError, toCommandError } from './errors.js';
import type { CommandContext, CommandHandler, ServerState } from './server-state.js';
import { refuseWriteToView } from './views.js';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...catalogCommands,
  ...insertCommands,
  ...findCommands,
  ...updateCommands,
  ...deleteCommands,
  ...findAndModifyCommands,
  ...aggregateCommands,
  ...indexCommands,
  ...explainCommands,
};

/** Commands that change a collection's documents or indexes: a view refuses them (code 166). */
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify', 'createIndexes', 'dropIndexes', 'listIndexes']);

/** Reads whose `maxTimeMS` is checked once they have run (writes are never cut short). */
const TIMED_READS = new Set(['find', 'aggregate', 'count', 'distinct']);

/** Commands that count in their own opcounter (insert, query, update, delete, getmore) or count themselves. */
const SELF_COUNTED = new Set(['insert', 'find', 'update', 'delete', 'getMore', 'aggregate', 'findAndModify', 'findandmodify']);

/** An aggregate ending in `$out`/`$merge` writes, so it is not a read to time out after the fact. */
function writesOut(command: Doc): boolean {
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline) || pipeline.length === 0) return false;
  const last = pipeline[pipeline.length - 1] as Doc;
  return '$out' in last || '$merge' in last;
}

export function runCommand(state: ServerState, command: Doc, connectionId: number): Doc {
  const name = Object.keys(command)[0];
  if (!name || !Object.hasOwn(handlers, name)) {
    state.opcounters.command++;
    return new MongoCommandError('CommandNotFound', `no such command: '${name ?? ''}'`).toReply();
  }
  if (!SELF_COUNTED.has(name)) state.opcounters.command++;
  // A standalone has no transactions: mongod refuses any command that carries a transaction number.
  if (command.txnNumber !== undefined) {
    return new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos').toReply();
  }
  const db = typeof command.$db === 'string' ? command.$db : 'admin';
  const context: CommandContext = { state, db, connectionId };
  try {
    if (WRITES.has(name)) refuseWriteToView(state.catalog, db, command[name]);
    const limit = TIMED_READS.has(name) && !writesOut(command) ? command.maxTimeMS : undefined;
    if (typeof limit !== 'number' || limit <= 0) return handlers[name](context, command);
    const started = performance.now();
    const reply = handlers[name](context, command);
    if (performance.now() - started <= limit) return reply;
    // Commands run to completion here; a read that overran its maxTimeMS answers as mongod's would.
    const cursorId = (reply.cursor as { id?: Long } | undefined)?.id;
    if (cursorId && !cursorId.isZero()) state.cursors.kill([cursorId]);
    return new MongoCommandError('MaxTimeMSExpired', 'operation exceeded time limit').toReply();
  } catch (error) {
    return toCommandError(error).toReply();
  }
}

export function isHandshake(command: Doc): boolean {
  const name = Object.keys(command)[0];
  return name === 'hello' || name === 'ismaster' || name === 'isMaster';
}
