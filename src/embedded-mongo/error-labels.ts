/**
 * The error labels mongod attaches to a failed reply (mongod's error_labels.cpp, as the retryable
 * writes and transactions specifications describe them): `TransientTransactionError` on a statement
 * of a transaction that can be retried whole, and `RetryableWriteError` on a retryable write, or a
 * commit/abort, that failed (or whose write concern failed) with a retryable code. Fail-point errors
 * get them too, unless the fail point names its own labels.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { ErrorCodes } from './errors.js';

const RETRYABLE_CODES = new Set<number>([
  ErrorCodes.InterruptedAtShutdown,
  ErrorCodes.InterruptedDueToReplStateChange,
  ErrorCodes.NotWritablePrimary,
  ErrorCodes.NotPrimaryNoSecondaryOk,
  ErrorCodes.NotPrimaryOrSecondary,
  ErrorCodes.PrimarySteppedDown,
  ErrorCodes.ShutdownInProgress,
  ErrorCodes.HostNotFound,
  ErrorCodes.HostUnreachable,
  ErrorCodes.NetworkTimeout,
  ErrorCodes.SocketException,
  ErrorCodes.ExceededTimeLimit,
]);
const TRANSIENT_CODES = new Set<number>([
  ErrorCodes.WriteConflict,
  ErrorCodes.LockTimeout,
  ErrorCodes.SnapshotTooOld,
  ErrorCodes.SnapshotUnavailable,
  ErrorCodes.PreparedTransactionInProgress,
]);

/** Errors a change stream resumes after (mongod labels them ResumableChangeStreamError on its cursors). */
const RESUMABLE_CHANGE_STREAM_CODES = new Set<number>([
  ...RETRYABLE_CODES,
  ErrorCodes.RetryChangeStream,
  ErrorCodes.FailedToSatisfyReadPreference,
  ErrorCodes.StaleShardVersion,
  ErrorCodes.StaleEpoch,
  ErrorCodes.StaleConfig,
]);

/** Errors after which a change stream cannot resume (its history or its position is gone). */
const NON_RESUMABLE_CHANGE_STREAM_CODES = new Set<number>([ErrorCodes.ChangeStreamFatalError, ErrorCodes.ChangeStreamHistoryLost]);

export function changeStreamErrorLabels(code: number): { errorLabels?: string[] } {
  if (RESUMABLE_CHANGE_STREAM_CODES.has(code)) return { errorLabels: ['ResumableChangeStreamError'] };
  if (NON_RESUMABLE_CHANGE_STREAM_CODES.has(code)) return { errorLabels: ['NonResumableChangeStreamError'] };
  return {};
}

function isCommitOrAbort(command: Doc): boolean {
  return 'commitTransaction' in command || 'abortTransaction' in command;
}

function labelsFor(command: Doc, code: number | undefined, writeConcernCode: number | undefined): string[] {
  if (command.txnNumber === undefined) return [];
  const labels: string[] = [];
  const inTransaction = command.autocommit !== undefined;
  if (inTransaction && code !== undefined) {
    const transient = isCommitOrAbort(command)
      ? TRANSIENT_CODES.has(code) || (code === ErrorCodes.NoSuchTransaction && writeConcernCode === undefined)
      : TRANSIENT_CODES.has(code) || RETRYABLE_CODES.has(code) || code === ErrorCodes.NoSuchTransaction;
    if (transient) labels.push('TransientTransactionError');
  }
  if (!inTransaction || isCommitOrAbort(command)) {
    if ((code !== undefined && RETRYABLE_CODES.has(code)) || (writeConcernCode !== undefined && RETRYABLE_CODES.has(writeConcernCode))) {
      labels.push('RetryableWriteError');
    }
  }
  return labels;
}

/** Adds the labels mongod would to `reply` (keeping any it has). */
export function addErrorLabels(command: Doc, reply: Doc): void {
  const code = reply.ok === 1 || typeof reply.code !== 'number' ? undefined : reply.code;
  const writeConcernCode =
    isPlainObject(reply.writeConcernError) && typeof reply.writeConcernError.code === 'number' ? reply.writeConcernError.code : undefined;
  if (code === undefined && writeConcernCode === undefined) return;
  const labels = labelsFor(command, code, writeConcernCode);
  if (labels.length === 0) return;
  const existing = Array.isArray(reply.errorLabels) ? (reply.errorLabels as string[]) : [];
  reply.errorLabels = [...new Set([...existing, ...labels])];
}
