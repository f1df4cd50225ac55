/**
 * Write concerns a one-node replica set cannot satisfy. mongod applies the write, then answers a
 * `writeConcernError`: `w` above the number of data-bearing members (here 1) is 100
 * UnsatisfiableWriteConcern, a `w` tag the set's configuration does not define is 79
 * UnknownReplWriteConcern. `w: 1`, `w: 'majority'` (and `j`, `wtimeout`) are satisfied at once.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { ErrorCodes } from './errors.js';

const WRITE_CONCERN_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'renameCollection',
  'collMod',
  'aggregate',
  'commitTransaction',
  'abortTransaction',
]);

export function writeConcernError(name: string, command: Doc): Doc | undefined {
  if (!WRITE_CONCERN_COMMANDS.has(name) || !isPlainObject(command.writeConcern)) return undefined;
  const w = command.writeConcern.w;
  const members = typeof w === 'number' ? w : Number((w as { valueOf?: () => unknown } | undefined)?.valueOf?.());
  if (typeof w !== 'string' && Number.isFinite(members) && members > 1) {
    return { code: ErrorCodes.UnsatisfiableWriteConcern, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes' };
  }
  if (typeof w === 'string' && w !== 'majority') {
    return {
      code: ErrorCodes.UnknownReplWriteConcern,
      codeName: 'UnknownReplWriteConcern',
      errmsg: `No write concern mode named '${w}' found in replica set configuration`,
    };
  }
  return undefined;
}
