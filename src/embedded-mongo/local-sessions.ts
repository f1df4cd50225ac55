/**
 * `$listLocalSessions`, the first stage of a database aggregate: the sessions in this server's
 * session registry (sessions.ts), which holds every session a command has named — the asking
 * command's own included, as mongod's logical session cache does.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import type { SessionRegistry } from './sessions.js';

export function listLocalSessions(spec: unknown, sessions: SessionRegistry): Doc[] {
  if (!isPlainObject(spec)) throw new MongoCommandError('TypeMismatch', '$listLocalSessions must take an object as its argument');
  for (const field of Object.keys(spec)) {
    if (field !== 'allUsers' && field !== 'users')
      throw new MongoCommandError('UnknownField', `BSON field '$listLocalSessions.${field}' is an unknown field.`);
  }
  return sessions.list();
}
