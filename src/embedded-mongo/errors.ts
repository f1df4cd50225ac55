/**
 * MongoDB server errors as the embedded server raises them. A command that throws a
 * `MongoCommandError` is answered `{ok: 0, errmsg, code, codeName}`, which the driver turns into a
 * `MongoServerError` with the same fields. Codes and names follow mongod's error_codes.yml.
 */
export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  NoMatchingDocument: 47,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  TransactionTooOld: 225,
  SnapshotUnavailable: 246,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  InvalidResumeToken: 260,
  OperationNotSupportedInTransaction: 263,
  ChangeStreamFatalError: 280,
  ChangeStreamHistoryLost: 286,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  DocumentValidationFailure: 121,
  QueryFeatureNotAllowed: 224,
  ViewDepthLimitExceeded: 165,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  UnknownPipelineStage: 40324,
  UnknownField: 40415,
  Location40156: 40156,
  Location40157: 40157,
  Location40158: 40158,
  Location40160: 40160,
  Location40602: 40602,
  Location51173: 51173,
  Location51174: 51174,
  ChangeStreamNotSupported: 40573,
  ChangeStreamNotFirstStage: 40602,
  // Codes the server itself rarely raises but fail points, write concern and labels name.
  InternalError: 1,
  HostUnreachable: 6,
  HostNotFound: 7,
  UnknownError: 8,
  Unauthorized: 13,
  LockTimeout: 24,
  StaleShardVersion: 63,
  StaleEpoch: 150,
  StaleConfig: 13388,
  WriteConcernFailed: 64,
  UnknownReplWriteConcern: 79,
  NetworkTimeout: 89,
  ShutdownInProgress: 91,
  OperationFailed: 96,
  UnsatisfiableWriteConcern: 100,
  FailedToSatisfyReadPreference: 133,
  PrimarySteppedDown: 189,
  ElectionInProgress: 216,
  RetryChangeStream: 234,
  CursorKilled: 237,
  SnapshotTooOld: 239,
  ExceededTimeLimit: 262,
  PreparedTransactionInProgress: 267,
  SocketException: 9001,
  NotWritablePrimary: 10107,
  InterruptedAtShutdown: 11600,
  Interrupted: 11601,
  InterruptedDueToReplStateChange: 11602,
  NotPrimaryNoSecondaryOk: 13435,
  NotPrimaryOrSecondary: 13436,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

const nameByCode = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.code = ErrorCodes[codeName];
    this.codeName = codeName;
    this.extra = extra;
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** Any thrown value becomes a command error; mingo's own errors are BadValue (code 2) as in mongod. */
export function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoCommandError('BadValue', message);
}

export function codeNameOf(code: number): string {
  return nameByCode.get(code) ?? 'UnknownError';
}
