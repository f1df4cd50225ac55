/**
 * Multi-document transactions with snapshot isolation, named as MongoDB's transactions
 * specification names their states: `starting`, `in progress`, `committed`, `aborted`.
 *
 * A transaction reads and writes a private catalog: each collection it touches is copied from the
 * shared catalog as it was at the transaction's first statement (a copy is taken early, and the one
 * change undone, when another write reaches a collection the transaction has not touched yet), so it
 * sees its own writes and nothing committed later. A copy shares storage with the shared collection
 * copy-on-write (Collection.copy): it costs O(blocks), not O(documents). Its changes are kept in order and applied to the
 * shared catalog at commit, in one oplog entry and so one journal record. First writer wins: writing
 * a document that another transaction has written, or that changed after the snapshot, fails with
 * WriteConflict (112, TransientTransactionError) and aborts the transaction. A write outside any
 * transaction to a document a transaction has written waits for it to end (write-waits.ts).
 */
import type { Timestamp } from 'bson';
import { type Doc, idKey } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import type { Oplog, UpdateStyle } from './oplog.js';
import type { ClusterClock } from './replica-set.js';
import { Catalog, type ChangeRecord, type Collection } from './storage.js';

export type TransactionState = 'starting' | 'in progress' | 'committed' | 'aborted';

export const TRANSIENT = { errorLabels: ['TransientTransactionError'] };

export function noSuchTransaction(txnNumber: bigint, detail = 'has been aborted'): MongoCommandError {
  return new MongoCommandError('NoSuchTransaction', `Transaction with { txnNumber: ${txnNumber} } ${detail}.`, TRANSIENT);
}

function namespace(db: string, coll: string): string {
  return `${db}.${coll}`;
}

function documentKey(change: ChangeRecord): string | undefined {
  if (change.op === 'put') return `${namespace(change.db, change.coll)}\0${idKey(change.doc._id)}`;
  if (change.op === 'delete') return `${namespace(change.db, change.coll)}\0${idKey(change.id)}`;
  return undefined;
}

/** The collections of one change, for DDL that a snapshot cannot undo. */
function namespacesOf(change: ChangeRecord): string[] {
  if (change.op === 'dropDatabase') return [];
  if (change.op === 'rename') return [namespace(change.db, change.coll), namespace(change.toDb, change.toColl)];
  return [namespace(change.db, change.coll)];
}

/** A transaction's view: collections copied from the shared catalog on first use. */
class SnapshotCatalog extends Catalog {
  readonly #captured = new Map<string, Collection | null>();
  muted = false;

  constructor(
    private readonly transaction: Transaction,
    private readonly shared: Catalog,
    private readonly coordinator: TransactionCoordinator,
  ) {
    super();
    this.record = (change) => {
      if (!this.muted) transaction.recordChange(change);
    };
  }

  #adopt(ns: string, collection: Collection | null): void {
    this.#captured.set(ns, collection);
    if (!collection) return;
    const collections = this.databases.get(collection.db) ?? new Map<string, Collection>();
    this.databases.set(collection.db, collections);
    collections.set(collection.name, collection);
  }

  has(ns: string): boolean {
    return this.#captured.has(ns);
  }

  /** Copies a shared collection now, as it is (no change to it has happened since the snapshot). */
  capture(db: string, name: string): void {
    const ns = namespace(db, name);
    if (this.#captured.has(ns)) return;
    const source = this.shared.collection(db, name);
    this.#adopt(ns, source ? source.copy((change) => this.record(change)) : null);
  }

  /** Copies a shared collection that `change` has just modified, and undoes that change in the copy. */
  captureBefore(change: ChangeRecord): void {
    if (change.op !== 'put' && change.op !== 'delete') return;
    const ns = namespace(change.db, change.coll);
    if (this.#captured.has(ns)) return;
    this.capture(change.db, change.coll);
    const copy = this.#captured.get(ns);
    if (!copy) return;
    this.muted = true;
    try {
      if (change.op === 'put') {
        if (change.before) copy.put(change.before);
        else copy.removeById(change.doc._id);
      } else if (change.doc) copy.put(change.doc);
    } finally {
      this.muted = false;
    }
  }

  override collection(db: string, name: string): Collection | undefined {
    const ns = namespace(db, name);
    const captured = this.#captured.get(ns);
    if (captured !== undefined) return captured ?? undefined;
    if (this.coordinator.changedShapeSince(ns, this.transaction.snapshotKey)) {
      throw new MongoCommandError(
        'SnapshotUnavailable',
        `Unable to read from a snapshot due to pending collection catalog changes to ${ns}; please retry the operation.`,
        TRANSIENT,
      );
    }
    this.capture(db, name);
    return this.#captured.get(ns) ?? undefined;
  }

  override ensureCollection(db: string, name: string, options: Doc = {}): Collection {
    const collection = super.ensureCollection(db, name, options);
    this.#captured.set(namespace(db, name), collection);
    return collection;
  }
}

export class Transaction {
  state: TransactionState = 'starting';
  readonly startedAt = Date.now();
  snapshotKey = 0n;
  readonly catalog: SnapshotCatalog;
  readonly changes: Array<{ change: ChangeRecord; style: UpdateStyle }> = [];
  readonly writtenKeys = new Set<string>();
  /** Why the transaction was aborted behind its client's back (conflict, lifetime): later statements get it. */
  abortReason: MongoCommandError | undefined;
  /** The error of the statement that ended the transaction (WriteConflict), answered to that statement only. */
  statementError: MongoCommandError | undefined;
  commitTs: Timestamp | undefined;

  constructor(
    readonly txnNumber: bigint,
    readonly lsid: Doc,
    private readonly coordinator: TransactionCoordinator,
    shared: Catalog,
  ) {
    this.catalog = new SnapshotCatalog(this, shared, coordinator);
  }

  get active(): boolean {
    return this.state === 'starting' || this.state === 'in progress';
  }

  /** A write inside the transaction: first writer wins. */
  recordChange(change: ChangeRecord): void {
    const key = documentKey(change);
    if (key) {
      if (this.coordinator.conflicts(key, this)) {
        this.statementError = new MongoCommandError(
          'WriteConflict',
          'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
          TRANSIENT,
        );
        this.coordinator.abort(this, noSuchTransaction(this.txnNumber, 'has been aborted because of a write conflict'));
        throw this.statementError;
      }
      this.coordinator.lock(key, this);
      this.writtenKeys.add(key);
    }
    this.changes.push({ change, style: this.coordinator.oplog.updateStyle });
  }
}

export class TransactionCoordinator {
  readonly #active = new Set<Transaction>();
  /** Documents written since the oldest open snapshot, with a key after which they changed. */
  readonly #lastWrite = new Map<string, bigint>();
  /** Collections created, dropped, renamed or re-indexed since the oldest open snapshot. */
  readonly #lastShapeChange = new Map<string, bigint>();
  readonly #locks = new Map<string, Transaction>();
  /** Writes outside transactions waiting for a transaction to end (write-waits.ts). */
  readonly #releaseWaiters = new Set<() => void>();
  readonly #sweeper: NodeJS.Timeout;
  lifetimeLimitSeconds = 60;

  constructor(
    readonly catalog: Catalog,
    readonly oplog: Oplog,
    readonly clock: ClusterClock,
  ) {
    oplog.onChange = (change) => this.#sharedChange(change);
    this.#sweeper = setInterval(() => this.#expire(), 500);
    this.#sweeper.unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const transaction of [...this.#active]) this.abort(transaction);
    for (const wake of [...this.#releaseWaiters]) wake();
  }

  get activeCount(): number {
    return this.#active.size;
  }

  #expire(): void {
    const cutoff = Date.now() - this.lifetimeLimitSeconds * 1000;
    for (const transaction of [...this.#active]) {
      if (transaction.startedAt < cutoff) {
        this.abort(
          transaction,
          noSuchTransaction(transaction.txnNumber, 'has been aborted because it exceeded transactionLifetimeLimitSeconds'),
        );
      }
    }
  }

  begin(txnNumber: bigint, lsid: Doc): Transaction {
    return new Transaction(txnNumber, lsid, this, this.catalog);
  }

  /** The first statement: the snapshot is the shared catalog as it is now. */
  open(transaction: Transaction): void {
    if (transaction.state !== 'starting') return;
    transaction.state = 'in progress';
    transaction.snapshotKey = this.clock.nowKey;
    this.#active.add(transaction);
  }

  /** A change to the shared catalog: keep open snapshots intact and note what changed after them. */
  #sharedChange(change: ChangeRecord): void {
    if (this.#active.size === 0) return;
    const after = this.clock.nowKey + 1n;
    const key = documentKey(change);
    if (key) {
      this.#lastWrite.set(key, after);
      const holder = this.#locks.get(key);
      // Outside writes wait for the holder before they run (write-waits.ts); one that could not be
      // foreseen there (an upsert creating the document) makes the transaction lose instead.
      if (holder?.active) this.abort(holder, noSuchTransaction(holder.txnNumber, 'has been aborted because of a write conflict'));
    } else {
      for (const ns of namespacesOf(change)) this.#lastShapeChange.set(ns, after);
    }
    for (const transaction of this.#active) transaction.catalog.captureBefore(change);
  }

  changedShapeSince(ns: string, snapshotKey: bigint): boolean {
    return (this.#lastShapeChange.get(ns) ?? 0n) > snapshotKey;
  }

  conflicts(key: string, transaction: Transaction): boolean {
    const holder = this.#locks.get(key);
    if (holder && holder !== transaction && holder.active) return true;
    return (this.#lastWrite.get(key) ?? 0n) > transaction.snapshotKey;
  }

  /** Whether any open transaction has written a document (outside writes need checking only then). */
  get holdsLocks(): boolean {
    return this.#locks.size > 0;
  }

  /** The `idKey`s of the documents of `ns` that open transactions have written. */
  lockedIdKeys(ns: string): string[] {
    if (this.#locks.size === 0) return [];
    const prefix = `${ns}\0`;
    const keys: string[] = [];
    for (const [key, holder] of this.#locks) if (holder.active && key.startsWith(prefix)) keys.push(key.slice(prefix.length));
    return keys;
  }

  /** Resolves when a transaction next ends (its changes applied, if it committed), or after `ms`. */
  nextRelease(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#releaseWaiters.delete(done);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#releaseWaiters.add(done);
    });
  }

  lock(key: string, transaction: Transaction): void {
    this.#locks.set(key, transaction);
  }

  #release(transaction: Transaction): void {
    for (const key of transaction.writtenKeys) if (this.#locks.get(key) === transaction) this.#locks.delete(key);
    this.#active.delete(transaction);
    // Waiters resume after this synchronous step, so a commit's changes are applied by then.
    for (const wake of [...this.#releaseWaiters]) queueMicrotask(wake);
    if (this.#active.size === 0) {
      this.#lastWrite.clear();
      this.#lastShapeChange.clear();
    }
  }

  abort(transaction: Transaction, reason?: MongoCommandError): void {
    if (!transaction.active) return;
    transaction.state = 'aborted';
    transaction.abortReason = reason;
    this.#release(transaction);
  }

  /**
   * Applies the transaction's changes to the shared catalog inside the caller's oplog unit. If one
   * fails (a unique key taken by a later commit), the ones applied are undone and it throws.
   */
  applyCommit(transaction: Transaction): void {
    const touched = new Set(transaction.changes.map(({ change }) => change).flatMap(namespacesOf));
    // Other open snapshots copy these collections before they change, so the undo below cannot leak into them.
    for (const other of this.#active) {
      if (other === transaction) continue;
      for (const ns of touched) {
        const dot = ns.indexOf('.');
        other.catalog.capture(ns.slice(0, dot), ns.slice(dot + 1));
      }
    }
    this.#release(transaction);
    const undo: Array<() => void> = [];
    try {
      for (const { change, style } of transaction.changes) {
        this.oplog.updateStyle = style;
        this.#applyShared(change, undo);
      }
    } catch (error) {
      const observer = this.oplog.onChange;
      this.oplog.onChange = undefined;
      try {
        for (const step of undo.reverse()) step();
      } finally {
        this.oplog.onChange = observer;
      }
      transaction.state = 'aborted';
      throw error;
    }
    transaction.state = 'committed';
  }

  #applyShared(change: ChangeRecord, undo: Array<() => void>): void {
    const shared = this.catalog;
    const ensure = (db: string, coll: string, options?: Doc) => {
      const existing = shared.collection(db, coll);
      if (existing) return existing;
      const created = shared.ensureCollection(db, coll, options);
      undo.push(() => shared.dropCollection(db, coll));
      return created;
    };
    switch (change.op) {
      case 'createCollection':
        ensure(change.db, change.coll, change.options);
        return;
      case 'createIndex': {
        const collection = ensure(change.db, change.coll);
        const name = String(change.spec.name);
        if (collection.findIndex(name)) return;
        collection.createIndex(change.spec);
        undo.push(() => collection.dropIndex(name));
        return;
      }
      case 'put': {
        const collection = ensure(change.db, change.coll);
        const previous = collection.docs.get(idKey(change.doc._id));
        collection.put(change.doc);
        undo.push(() => (previous ? collection.put(previous) : collection.removeById(change.doc._id)));
        return;
      }
      case 'delete': {
        const collection = shared.collection(change.db, change.coll);
        const previous = collection?.docs.get(idKey(change.id));
        if (!collection || !previous) return;
        collection.remove(previous);
        undo.push(() => collection.put(previous));
        return;
      }
      default:
        throw new MongoCommandError('OperationNotSupportedInTransaction', `Cannot ${change.op} in a multi-document transaction.`);
    }
  }
}
