/** What every command handler sees: the catalog, open cursors, counters, and the request's database. */
import type { Doc } from './bson-values.js';
import type { CursorRegistry } from './cursors.js';
import type { Replication } from './replication.js';
import type { Catalog } from './storage.js';

export interface OpCounters {
  insert: number;
  query: number;
  update: number;
  delete: number;
  getmore: number;
  command: number;
}

export interface ServerState {
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  readonly opcounters: OpCounters;
  readonly connections: { current: number; totalCreated: number };
  readonly startedAt: Date;
  /** Clock, oplog, sessions, transactions, change streams and fail points (replication.ts). */
  readonly replication: Replication;
}

export interface CommandContext {
  readonly state: ServerState;
  /** The `$db` of the request. */
  readonly db: string;
  readonly connectionId: number;
}

export type CommandHandler = (context: CommandContext, command: Doc) => Doc;

export function newOpCounters(): OpCounters {
  return { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
}
