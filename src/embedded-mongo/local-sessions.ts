/**
 * `$listLocalSessions`, the first stage of a database aggregate: the sessions this server knows.
 * The embedded server keeps no session cache of its own (a standalone has no transactions), so it
 * reports the session of the command asking, which is the session mongod's cache holds for it.
 */
import { createHash } from 'node:crypto';
import { Binary } from 'bson';
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';

/** With authentication off, every session belongs to the empty user: uid = SHA-256(''). */
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest());

export function listLocalSessions(spec: unknown, command: Doc): Doc[] {
  if (!isPlainObject(spec)) throw new MongoCommandError('TypeMismatch', '$listLocalSessions must take an object as its argument');
  for (const field of Object.keys(spec)) {
    if (field !== 'allUsers' && field !== 'users')
      throw new MongoCommandError('UnknownField', `BSON field '$listLocalSessions.${field}' is an unknown field.`);
  }
  const lsid = command.lsid;
  if (!isPlainObject(lsid) || !(lsid.id instanceof Binary)) return [];
  return [{ _id: { id: lsid.id, uid: ANONYMOUS_UID }, lastUse: new Date() }];
}
