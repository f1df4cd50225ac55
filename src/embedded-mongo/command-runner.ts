/**
 * What happens around each command: fail points, sessions, the transaction and retryable-write
 * rules of MongoDB's specifications, change-stream cursors, and the oplog unit that makes one
 * command (or one committed transaction) one oplog entry. The command itself runs in dispatch.ts.
 */
import { randomUUID } from 'node:crypto';
import { Long, UUID } from 'bson';
import { type Doc, isPlainObject } from './bson-values.js';
import { isHandshake, runCommand } from './dispatch.js';
import { addErrorLabels, changeStreamErrorLabels } from './error-labels.js';
import { MongoCommandError, toCommandError } from './errors.js';
import { failCommandReply } from './fail-points.js';
import type { SessionStamp, UpdateStyle } from './oplog.js';
import type { ServerState } from './server-state.js';
import { LOGICAL_SESSION_TIMEOUT_MINUTES, type ServerSession, sessionKey, txnNumberOf } from './sessions.js';
import { PointInTimeCatalog, snapshotRefusal, snapshotTime, stampSnapshotTime, wantsSnapshotRead } from './snapshot-reads.js';
import { noSuchTransaction, TRANSIENT, type Transaction } from './transactions.js';
import { writeConcernError } from './write-concern.js';
import { waitForTransactionLocks } from './write-waits.js';

export interface ConnectionInfo {
  readonly id: number;
  appName?: string;
}

/** A reply to send, or `close`: drop the connection without one (a fail point asked for it). */
export type CommandOutcome = { reply: Doc; close?: undefined } | { close: true; reply?: undefined };

const RETRYABLE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
const ALLOWED_IN_TRANSACTION = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
  'create',
  'createIndexes',
  'commitTransaction',
  'abortTransaction',
]);
const TRANSACTION_FIELDS = new Set(['txnNumber', 'autocommit', 'startTransaction', 'stmtId', 'stmtIds']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorReply(error: unknown): Doc {
  return toCommandError(error).toReply();
}

/** The command as dispatch.ts runs it: without the session's transaction fields. */
function withoutTransactionFields(command: Doc): Doc {
  const stripped: Doc = {};
  for (const [key, value] of Object.entries(command)) if (!TRANSACTION_FIELDS.has(key)) stripped[key] = value;
  return stripped;
}

function isReplacement(u: unknown): boolean {
  return isPlainObject(u) && !Object.keys(u).some((key) => key.startsWith('$'));
}

/** Replacement-style updates are `replace` events; operator and pipeline updates are `update` events. */
function updateStyleOf(command: Doc): UpdateStyle {
  if (Array.isArray(command.updates) && command.updates.length > 0) {
    return command.updates.every((statement) => isPlainObject(statement) && isReplacement(statement.u)) ? 'replace' : 'update';
  }
  if (command.findAndModify !== undefined || command.findandmodify !== undefined)
    return isReplacement(command.update) ? 'replace' : 'update';
  return 'update';
}

function failed(reply: Doc): boolean {
  return reply.ok !== 1 || (Array.isArray(reply.writeErrors) && reply.writeErrors.length > 0);
}

export async function executeCommand(state: ServerState, command: Doc, connection: ConnectionInfo): Promise<CommandOutcome> {
  const name = Object.keys(command)[0] ?? '';
  const replication = state.replication;
  if (isHandshake(command) && connection.appName === undefined && isPlainObject(command.client)) {
    const application = command.client.application;
    if (isPlainObject(application) && typeof application.name === 'string') connection.appName = application.name;
  }
  let failPoint: Doc | undefined;
  if (replication.testCommandsEnabled) {
    if (
      typeof command.maxTimeMS === 'number' &&
      command.maxTimeMS > 0 &&
      replication.failPoints.fire('maxTimeAlwaysTimeOut', name, connection.appName)
    ) {
      return { reply: replication.gossip(errorReply(new MongoCommandError('MaxTimeMSExpired', 'operation exceeded time limit'))) };
    }
    failPoint = replication.failPoints.fire('failCommand', name, connection.appName);
    if (failPoint) {
      if (failPoint.blockConnection === true) await sleep(Number(failPoint.blockTimeMS ?? 0));
      if (failPoint.closeConnection === true) return { close: true };
      const substitute = failCommandReply(failPoint);
      if (substitute) {
        if (!Array.isArray(failPoint.errorLabels)) addErrorLabels(command, substitute);
        return { reply: replication.gossip(substitute) };
      }
    }
  }
  const outcome = await route(state, name, command, connection);
  const { reply } = outcome;
  if (!reply) return outcome;
  if (replication.isReplicaSet) {
    if (isPlainObject(failPoint?.writeConcernError)) reply.writeConcernError = failPoint.writeConcernError;
    else if (reply.ok === 1) {
      const unsatisfied = writeConcernError(name, command);
      if (unsatisfied) reply.writeConcernError = unsatisfied;
    }
    if (Array.isArray(failPoint?.errorLabels) && isPlainObject(failPoint.writeConcernError)) reply.errorLabels = failPoint.errorLabels;
    else addErrorLabels(command, reply);
  }
  replication.gossip(reply);
  return outcome;
}

async function route(state: ServerState, name: string, command: Doc, connection: ConnectionInfo): Promise<CommandOutcome> {
  const replication = state.replication;
  const sessions = replication.sessions;
  switch (name) {
    case 'configureFailPoint':
      if (!replication.testCommandsEnabled) break;
      return { reply: attempt(() => replication.failPoints.configure(command)) };
    case 'endSessions':
    case 'killSessions':
      for (const lsid of Array.isArray(command[name]) ? command[name] : []) {
        const key = sessionKey(lsid);
        if (key) sessions.end(key);
      }
      return { reply: { ok: 1 } };
    case 'killAllSessions':
    case 'killAllSessionsByPattern':
      sessions.endAll();
      return { reply: { ok: 1 } };
    case 'refreshSessions':
      for (const lsid of Array.isArray(command.refreshSessions) ? command.refreshSessions : []) sessions.touch(lsid);
      return { reply: { ok: 1 } };
    case 'startSession': {
      const id = new UUID(randomUUID());
      sessions.touch({ id });
      return { reply: { id: { id }, timeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES, ok: 1 } };
    }
    case 'setParameter':
      if (typeof command.transactionLifetimeLimitSeconds === 'number') {
        const was = replication.transactions.lifetimeLimitSeconds;
        replication.transactions.lifetimeLimitSeconds = command.transactionLifetimeLimitSeconds;
        return { reply: { was, ok: 1 } };
      }
      break;
    case 'getMore':
      if (replication.changeStreams.has(command.getMore)) {
        // A change stream's getMore is a getMore to mongod's opcounters too (dispatch never sees it).
        state.opcounters.getmore++;
        sessions.touch(command.lsid);
        const injected = replication.testCommandsEnabled
          ? replication.failPoints.fire('failGetMoreAfterCursorCheckout', name, connection.appName)
          : undefined;
        if (injected && typeof injected.errorCode === 'number') {
          replication.changeStreams.kill([Long.fromValue(command.getMore as Long)]);
          const reply = failCommandReply(injected) ?? { ok: 0 };
          return { reply: { ...reply, ...changeStreamErrorLabels(injected.errorCode) } };
        }
        const batchSize = typeof command.batchSize === 'number' ? command.batchSize : undefined;
        const maxTimeMS = typeof command.maxTimeMS === 'number' ? command.maxTimeMS : undefined;
        try {
          return { reply: await replication.changeStreams.getMore(Long.fromValue(command.getMore as Long), batchSize, maxTimeMS) };
        } catch (error) {
          return { reply: changeStreamErrorReply(error) };
        }
      }
      break;
    case 'killCursors':
      return { reply: killCursors(state, command, connection) };
    case 'aggregate': {
      const first = Array.isArray(command.pipeline) && isPlainObject(command.pipeline[0]) ? command.pipeline[0] : undefined;
      // The asking session is in the registry before the stage lists it (as in mongod's session cache).
      if (first && '$listLocalSessions' in first) sessions.touch(command.lsid);
      if (isPlainObject(command.readConcern) && command.readConcern.level === 'linearizable' && writesOut(command)) {
        return {
          reply: errorReply(
            new MongoCommandError('InvalidOptions', "$out and $merge cannot be used with a 'linearizable' read concern level"),
          ),
        };
      }
      if (first && '$changeStream' in first && replication.isReplicaSet && command.txnNumber === undefined) {
        sessions.touch(command.lsid);
        try {
          return { reply: openChangeStream(state, command) };
        } catch (error) {
          return { reply: changeStreamErrorReply(error) };
        }
      }
      break;
    }
  }
  if (wantsSnapshotRead(name, command)) {
    const refusal = snapshotRefusal(name, command, replication.isReplicaSet);
    if (refusal) return { reply: errorReply(refusal) };
    sessions.touch(command.lsid);
    return { reply: attempt(() => snapshotRead(state, command, connection)) };
  }
  if (!replication.isReplicaSet) return { reply: runInUnit(state, command, connection) };
  const session = sessions.touch(command.lsid);
  if (command.autocommit === undefined && RETRYABLE_WRITES.has(name)) {
    const expired = await waitForTransactionLocks(state, name, command);
    if (expired) return { reply: errorReply(expired) };
  }
  if (command.txnNumber === undefined) return { reply: runInUnit(state, command, connection) };
  const txnNumber = txnNumberOf(command.txnNumber);
  if (!session || txnNumber === undefined) {
    return { reply: errorReply(new MongoCommandError('InvalidOptions', 'Transaction number requires a session ID and must be a long')) };
  }
  if (command.autocommit === false) return { reply: runInTransaction(state, session, txnNumber, name, command, connection) };
  if (command.autocommit !== undefined) {
    return { reply: errorReply(new MongoCommandError('InvalidOptions', 'Specifying autocommit=true is not allowed.')) };
  }
  return retryableWrite(state, session, txnNumber, name, command, connection);
}

/** A change stream's error, labelled as mongod labels them for the driver's resume logic. */
function changeStreamErrorReply(error: unknown): Doc {
  const reply = errorReply(error);
  return typeof reply.code === 'number' ? { ...reply, ...changeStreamErrorLabels(reply.code) } : reply;
}

function attempt(run: () => Doc): Doc {
  try {
    return run();
  } catch (error) {
    return errorReply(error);
  }
}

/** Runs a command outside any transaction; its changes become one oplog entry. */
function runInUnit(state: ServerState, command: Doc, connection: ConnectionInfo, stamp?: (reply: Doc) => SessionStamp | undefined): Doc {
  const oplog = state.replication.oplog;
  oplog.updateStyle = updateStyleOf(command);
  oplog.begin();
  let reply: Doc;
  try {
    reply = runCommand(state, command, connection.id);
  } catch (error) {
    reply = errorReply(error);
  }
  const entry = oplog.commit(stamp?.(reply));
  if (entry) reply.operationTime = entry.ts;
  return reply;
}

function snapshotRead(state: ServerState, command: Doc, connection: ConnectionInfo): Doc {
  const at = snapshotTime(command, state.replication.oplog);
  const catalog = new PointInTimeCatalog(state.catalog, state.replication.oplog, at);
  const reply = runCommand({ ...state, catalog }, command, connection.id);
  stampSnapshotTime(reply, at);
  return reply;
}

function retryableWrite(
  state: ServerState,
  session: ServerSession,
  txnNumber: bigint,
  name: string,
  command: Doc,
  connection: ConnectionInfo,
): CommandOutcome {
  const replication = state.replication;
  if (!RETRYABLE_WRITES.has(name)) {
    return {
      reply: errorReply(
        new MongoCommandError(
          'InvalidOptions',
          'txnNumber may only be provided for multi-document transactions and retryable write commands',
        ),
      ),
    };
  }
  if (txnNumber < session.txnNumber) return { reply: errorReply(tooOld(session, txnNumber)) };
  if (txnNumber === session.txnNumber && session.retryableReply?.txnNumber === txnNumber) {
    // A retry of a write that already ran: the stored reply, not a second execution.
    return { reply: { ...session.retryableReply.reply } };
  }
  if (session.transaction?.active) replication.transactions.abort(session.transaction);
  session.txnNumber = txnNumber;
  // mongod's onPrimaryTransactionalWrite: drop the connection after the write (closeConnection,
  // default true), or fail it before it commits (failBeforeCommitExceptionCode: nothing is written).
  const failPoint = replication.testCommandsEnabled
    ? replication.failPoints.fire('onPrimaryTransactionalWrite', name, connection.appName)
    : undefined;
  const closes = failPoint !== undefined && failPoint.closeConnection !== false;
  if (failPoint && typeof failPoint.failBeforeCommitExceptionCode === 'number') {
    if (closes) return { close: true };
    return { reply: failCommandReply({ errorCode: failPoint.failBeforeCommitExceptionCode }) ?? { ok: 0 } };
  }
  const reply = runInUnit(state, withoutTransactionFields(command), connection, (result) => {
    if (result.ok !== 1) return undefined;
    const stored = { ...result };
    session.retryableReply = { txnNumber, reply: stored };
    return { lsid: { id: session.lsid.id }, txnNumber: Long.fromBigInt(txnNumber), kind: 'retryableWrite', reply: stored };
  });
  return closes ? { close: true } : { reply };
}

function tooOld(session: ServerSession, txnNumber: bigint): MongoCommandError {
  return new MongoCommandError(
    'TransactionTooOld',
    `Cannot start transaction ${txnNumber} on session ${session.key} because a newer transaction ${session.txnNumber} has already started.`,
  );
}

function runInTransaction(
  state: ServerState,
  session: ServerSession,
  txnNumber: bigint,
  name: string,
  command: Doc,
  connection: ConnectionInfo,
): Doc {
  const coordinator = state.replication.transactions;
  if (txnNumber < session.txnNumber) return errorReply(tooOld(session, txnNumber));
  let transaction: Transaction | undefined = session.transaction;
  if (command.startTransaction === true) {
    if (txnNumber === session.txnNumber) {
      return errorReply(
        new MongoCommandError(
          'ConflictingOperationInProgress',
          `Cannot start a transaction with txnNumber ${txnNumber}: this session already used that number`,
        ),
      );
    }
    if (transaction?.active) coordinator.abort(transaction);
    session.txnNumber = txnNumber;
    transaction = coordinator.begin(txnNumber, session.lsid);
    session.transaction = transaction;
  } else {
    if (txnNumber === session.txnNumber && session.committedTxnNumber === txnNumber && name === 'commitTransaction') return { ok: 1 };
    if (!transaction || transaction.txnNumber !== txnNumber || txnNumber !== session.txnNumber) {
      return errorReply(
        new MongoCommandError(
          'NoSuchTransaction',
          `Given transaction number ${txnNumber} does not match any in-progress transactions. The active transaction number is ${session.txnNumber}`,
          TRANSIENT,
        ),
      );
    }
    if (command.readConcern !== undefined && transaction.active) {
      return errorReply(new MongoCommandError('InvalidOptions', 'Only the first command in a transaction may specify a readConcern'));
    }
  }
  if (name === 'commitTransaction') return commit(state, session, transaction);
  if (name === 'abortTransaction') {
    if (transaction.state === 'committed') {
      return errorReply(new MongoCommandError('TransactionCommitted', `Transaction with { txnNumber: ${txnNumber} } has been committed.`));
    }
    if (transaction.state === 'aborted') return errorReply(noSuchTransaction(txnNumber));
    coordinator.abort(transaction);
    return { ok: 1 };
  }
  if (transaction.state === 'committed') {
    return errorReply(new MongoCommandError('TransactionCommitted', `Transaction with { txnNumber: ${txnNumber} } has been committed.`));
  }
  if (transaction.state === 'aborted') return errorReply(transaction.abortReason ?? noSuchTransaction(txnNumber));
  const refusal = statementRefusal(name, command);
  if (refusal) {
    coordinator.abort(transaction);
    return errorReply(refusal);
  }
  coordinator.open(transaction);
  state.replication.oplog.updateStyle = updateStyleOf(command);
  let reply: Doc;
  try {
    reply = runCommand({ ...state, catalog: transaction.catalog }, withoutTransactionFields(command), connection.id);
  } catch (error) {
    reply = errorReply(error);
  }
  if ((transaction.state as string) === 'aborted') {
    // A write conflict ends the transaction, whatever the statement's reply said.
    const error = transaction.statementError ?? transaction.abortReason ?? noSuchTransaction(txnNumber);
    transaction.statementError = undefined;
    return errorReply(error);
  }
  if (failed(reply)) coordinator.abort(transaction);
  return reply;
}

function statementRefusal(name: string, command: Doc): MongoCommandError | undefined {
  if (!ALLOWED_IN_TRANSACTION.has(name)) {
    return new MongoCommandError('OperationNotSupportedInTransaction', `Cannot run '${name}' in a multi-document transaction.`);
  }
  if (command.writeConcern !== undefined) {
    return new MongoCommandError('InvalidOptions', 'Cannot set write concern after starting a transaction.');
  }
  if (name === 'aggregate' && Array.isArray(command.pipeline)) {
    for (const stage of command.pipeline) {
      if (isPlainObject(stage) && ('$out' in stage || '$merge' in stage || '$changeStream' in stage)) {
        return new MongoCommandError('OperationNotSupportedInTransaction', `${Object.keys(stage)[0]} cannot be used in a transaction`);
      }
    }
  }
  return undefined;
}

function commit(state: ServerState, session: ServerSession, transaction: Transaction): Doc {
  const { oplog, transactions } = state.replication;
  if (transaction.state === 'committed') return transaction.commitTs ? { ok: 1, operationTime: transaction.commitTs } : { ok: 1 };
  if (transaction.state === 'aborted') return errorReply(transaction.abortReason ?? noSuchTransaction(transaction.txnNumber));
  if (transaction.state === 'starting') {
    transaction.state = 'committed';
    return { ok: 1 };
  }
  oplog.begin();
  try {
    transactions.applyCommit(transaction);
  } catch (error) {
    oplog.discard();
    const cause = toCommandError(error);
    return errorReply(new MongoCommandError('WriteConflict', `Transaction could not be committed: ${cause.message}`, TRANSIENT));
  }
  const entry = oplog.commit({ lsid: session.lsid, txnNumber: Long.fromBigInt(transaction.txnNumber), kind: 'commitTransaction' });
  transaction.commitTs = entry?.ts;
  return entry ? { ok: 1, operationTime: entry.ts } : { ok: 1 };
}

function killCursors(state: ServerState, command: Doc, connection: ConnectionInfo): Doc {
  const ids = Array.isArray(command.cursors) ? (command.cursors as Long[]) : [];
  const streams = state.replication.changeStreams;
  const streamIds = ids.filter((id) => streams.has(id));
  const killed = streams.kill(streamIds);
  const reply = runCommand(
    state,
    { ...command, cursors: ids.filter((id) => !streams.has(id) && !killed.some((k) => k.equals(id))) },
    connection.id,
  );
  if (Array.isArray(reply.cursorsKilled)) reply.cursorsKilled = [...killed, ...reply.cursorsKilled];
  return reply;
}

function openChangeStream(state: ServerState, command: Doc): Doc {
  const target = command.aggregate;
  if (target !== 1 && typeof target !== 'string') throw new MongoCommandError('InvalidNamespace', 'aggregate needs a collection name or 1');
  const cursor = isPlainObject(command.cursor) ? command.cursor : {};
  return state.replication.changeStreams.open({
    db: typeof command.$db === 'string' ? command.$db : 'admin',
    target,
    pipeline: command.pipeline as Doc[],
    batchSize: typeof cursor.batchSize === 'number' ? cursor.batchSize : undefined,
  });
}

function writesOut(command: Doc): boolean {
  return (
    Array.isArray(command.pipeline) && command.pipeline.some((stage) => isPlainObject(stage) && ('$out' in stage || '$merge' in stage))
  );
}
