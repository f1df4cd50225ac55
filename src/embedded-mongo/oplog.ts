/**
 * The oplog: every change the server applies, grouped into entries — one per write command or per
 * committed transaction — each stamped with a cluster time. It is the one record both durability
 * and change streams read: each entry is one journal record (so a transaction is durable all or
 * nothing), and change streams turn entries into events. It is bounded (`maxBytes`); dropped
 * entries make history before the oldest remaining one lost (code 286 for a change stream).
 */
import { calculateObjectSize, type Long, type Timestamp, type UUID } from 'bson';
import type { Doc } from './bson-values.js';
import type { ClusterClock } from './replica-set.js';
import { timestampKey } from './replica-set.js';
import type { ChangeRecord } from './storage.js';
import { describeUpdate, type UpdateDescription } from './update-description.js';

/** Each op may carry its collection's UUID (in memory only), for change streams' `collectionUUID`. */
export type OplogOp = (
  | { op: 'insert'; db: string; coll: string; doc: Doc }
  | { op: 'update'; db: string; coll: string; doc: Doc; before?: Doc; description?: UpdateDescription; replace: boolean }
  | { op: 'delete'; db: string; coll: string; id: unknown; before?: Doc }
  | { op: 'createCollection'; db: string; coll: string; options: Doc }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'rename'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Doc }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'collMod'; db: string; coll: string; options: Doc }
) & { uuid?: UUID };

/** Which session write an entry belongs to: a retryable write's stored reply, or a committed transaction. */
export interface SessionStamp {
  lsid: Doc;
  txnNumber: Long;
  kind: 'retryableWrite' | 'commitTransaction';
  reply?: Doc;
}

export interface OplogEntry {
  ts: Timestamp;
  key: bigint;
  wall: Date;
  ops: OplogOp[];
  session?: SessionStamp;
  bytes: number;
}

/** How an update that rewrote a document is reported: `update` (operators, pipelines) or `replace`. */
export type UpdateStyle = 'update' | 'replace';

export function updateDescriptionOf(op: Extract<OplogOp, { op: 'update' }>): UpdateDescription {
  op.description ??= describeUpdate(op.before ?? {}, op.doc);
  return op.description;
}

export function toOplogOp(change: ChangeRecord, style: UpdateStyle): OplogOp {
  switch (change.op) {
    case 'put':
      if (!change.before) return { op: 'insert', db: change.db, coll: change.coll, doc: change.doc };
      return { op: 'update', db: change.db, coll: change.coll, doc: change.doc, before: change.before, replace: style === 'replace' };
    case 'delete':
      return { op: 'delete', db: change.db, coll: change.coll, id: change.id, before: change.doc };
    default:
      return change;
  }
}

/** The catalog change that replays an op (during recovery). */
export function toChangeRecord(op: OplogOp): ChangeRecord {
  switch (op.op) {
    case 'insert':
    case 'update':
      return { op: 'put', db: op.db, coll: op.coll, doc: op.doc };
    default:
      return op;
  }
}

/** The stored form of an entry: updates keep their description, not the previous document. */
export function persistedEntry(entry: OplogEntry): Doc {
  const ops = entry.ops.map((op) => {
    if (op.op === 'delete') return { op: 'delete', db: op.db, coll: op.coll, id: op.id };
    if (op.op !== 'update') {
      if (op.uuid === undefined) return op;
      const { uuid: _memoryOnly, ...stored } = op;
      return stored;
    }
    return { op: 'update', db: op.db, coll: op.coll, doc: op.doc, description: updateDescriptionOf(op), replace: op.replace };
  });
  const stored: Doc = { ts: entry.ts, wall: entry.wall, ops };
  if (entry.session) stored.session = entry.session;
  return stored;
}

export function entryFromStored(stored: Doc): OplogEntry {
  const ts = stored.ts as Timestamp;
  const ops = stored.ops as OplogOp[];
  return {
    ts,
    key: timestampKey(ts),
    wall: stored.wall as Date,
    ops,
    session: stored.session as SessionStamp | undefined,
    bytes: sizeOf(ops),
  };
}

function sizeOf(ops: OplogOp[]): number {
  let bytes = 64;
  for (const op of ops) bytes += 64 + ('doc' in op ? calculateObjectSize(op.doc) : 0);
  return bytes;
}

export interface OplogOptions {
  maxBytes: number;
  /** Called with each new entry before anyone is told of it (the journal appends it). */
  persist?: (entry: OplogEntry) => void;
  /** The UUID of a collection as it is now (change streams report it with showExpandedEvents). */
  uuidOf?: (db: string, coll: string) => UUID | undefined;
}

export class Oplog {
  readonly #clock: ClusterClock;
  readonly #options: OplogOptions;
  #entries: OplogEntry[] = [];
  /** Index of the oldest retained entry in `#entries` (dropped ones are spliced out in bulk). */
  #head = 0;
  #bytes = 0;
  /** The newest dropped entry's key: history up to it is gone. */
  #lostThrough: bigint | undefined;
  #unit: OplogOp[] | undefined;
  /** Set by the dispatcher for the command being run. */
  updateStyle: UpdateStyle = 'update';
  readonly #waiters = new Set<() => void>();
  /** Observers of applied changes (transactions keep their snapshots and conflict marks with it). */
  onChange: ((change: ChangeRecord) => void) | undefined;

  constructor(clock: ClusterClock, options: OplogOptions) {
    this.#clock = clock;
    this.#options = options;
  }

  /** The catalog's record sink: collects the current unit's changes. */
  record(change: ChangeRecord): void {
    this.onChange?.(change);
    const op = toOplogOp(change, this.updateStyle);
    if (this.#options.uuidOf && op.op !== 'dropDatabase') this.#stampUuid(op);
    if (this.#unit) this.#unit.push(op);
    else this.#append([op]);
  }

  #stampUuid(op: Exclude<OplogOp, { op: 'dropDatabase' }>): void {
    const uuid = op.op === 'rename' ? this.#options.uuidOf?.(op.toDb, op.toColl) : this.#options.uuidOf?.(op.db, op.coll);
    if (uuid !== undefined) op.uuid = uuid;
  }

  /** Groups every change until `commit` into one entry. */
  begin(): void {
    this.#unit = [];
  }

  /** Ends the unit without an entry: its changes were undone. */
  discard(): void {
    this.#unit = undefined;
  }

  get inUnit(): boolean {
    return this.#unit !== undefined;
  }

  /** Ends the unit; writes an entry when something changed or a session write must be remembered. */
  commit(session?: SessionStamp): OplogEntry | undefined {
    const ops = this.#unit ?? [];
    this.#unit = undefined;
    if (ops.length === 0 && !session) return undefined;
    return this.#append(ops, session);
  }

  #append(ops: OplogOp[], session?: SessionStamp): OplogEntry {
    const ts = this.#clock.tick();
    const entry: OplogEntry = { ts, key: timestampKey(ts), wall: new Date(), ops, session, bytes: sizeOf(ops) };
    this.#push(entry);
    this.#options.persist?.(entry);
    for (const wake of [...this.#waiters]) wake();
    return entry;
  }

  #push(entry: OplogEntry): void {
    this.#entries.push(entry);
    this.#bytes += entry.bytes;
    while (this.#bytes > this.#options.maxBytes && this.#entries.length - this.#head > 1) {
      const dropped = this.#entries[this.#head];
      this.#bytes -= dropped.bytes;
      this.#head++;
      this.#lostThrough = dropped.key;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Adds an entry read back from disk (recovery). */
  load(entry: OplogEntry): void {
    this.#clock.advanceTo(entry.ts);
    this.#push(entry);
  }

  /** History up to this key is gone (undefined: the oplog holds everything since the server began). */
  set lostThrough(key: bigint | undefined) {
    if (key !== undefined && (this.#lostThrough === undefined || key > this.#lostThrough)) this.#lostThrough = key;
  }

  get lostThrough(): bigint | undefined {
    return this.#lostThrough;
  }

  /** The time of the newest entry (or of start-up). */
  get lastKey(): bigint {
    return this.#clock.nowKey;
  }

  /** Retained entries after `key`, oldest first. */
  *after(key: bigint): Generator<OplogEntry> {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid].key <= key) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.#entries.length; i++) yield this.#entries[i];
  }

  retained(): OplogEntry[] {
    return this.#entries.slice(this.#head);
  }

  /** Resolves at the next appended entry, or after `ms`. */
  waitForEntry(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
    });
  }
}
