/**
 * Everything beyond a standalone's catalog, owned in one place: the cluster clock, the oplog,
 * sessions, transactions, change streams and fail points. A standalone has them too (the oplog
 * still makes each command one journal record) but refuses transactions and change streams and
 * never gossips cluster time.
 */
import { Long, type Timestamp } from 'bson';
import type { Doc } from './bson-values.js';
import { ChangeStreams } from './change-streams.js';
import { FailPoints } from './fail-points.js';
import type { Journal, JournalHistory } from './journal.js';
import { entryFromStored, Oplog, persistedEntry, toChangeRecord } from './oplog.js';
import { ClusterClock, ReplicaSetIdentity, timestampFromKey, timestampKey } from './replica-set.js';
import { SessionRegistry } from './sessions.js';
import type { Catalog } from './storage.js';
import { TransactionCoordinator } from './transactions.js';

export interface ReplicationOptions {
  /** The replica set's name; undefined for a standalone. */
  setName?: string;
  enableTestCommands: boolean;
  oplogSizeBytes: number;
}

export class Replication {
  readonly clock = new ClusterClock();
  readonly oplog: Oplog;
  readonly sessions = new SessionRegistry();
  readonly transactions: TransactionCoordinator;
  readonly changeStreams: ChangeStreams;
  readonly failPoints = new FailPoints();
  readonly identity: ReplicaSetIdentity | undefined;
  readonly testCommandsEnabled: boolean;
  journal: Journal | undefined;

  constructor(
    readonly catalog: Catalog,
    options: ReplicationOptions,
  ) {
    this.oplog = new Oplog(this.clock, {
      maxBytes: options.oplogSizeBytes,
      persist: (entry) => this.journal?.appendEntry(persistedEntry(entry)),
      uuidOf: (db, coll) => catalog.collection(db, coll)?.uuid,
    });
    this.transactions = new TransactionCoordinator(catalog, this.oplog, this.clock);
    this.changeStreams = new ChangeStreams(this.oplog, catalog);
    this.identity = options.setName ? new ReplicaSetIdentity(options.setName, '', this.clock) : undefined;
    this.testCommandsEnabled = options.enableTestCommands;
    this.sessions.onEnd = (session) => {
      if (session.transaction) this.transactions.abort(session.transaction);
    };
  }

  /** From now on (after recovery) every applied change goes to the oplog, which groups, journals and publishes it. */
  attach(): void {
    this.catalog.record = (change) => this.oplog.record(change);
  }

  get isReplicaSet(): boolean {
    return this.identity !== undefined;
  }

  /** What the journal needs to persist the oplog and rebuild it (and the catalog) on start-up. */
  journalHistory(): JournalHistory {
    const oplog = this.oplog;
    const catalog = this.catalog;
    const sessions = this.sessions;
    return {
      replay(stored: Doc) {
        const entry = entryFromStored(stored);
        for (const op of entry.ops) catalog.apply(toChangeRecord(op));
        oplog.load(entry);
        if (entry.session) sessions.restore(entry.session);
      },
      load(stored: Doc) {
        const entry = entryFromStored(stored);
        oplog.load(entry);
        if (entry.session) sessions.restore(entry.session);
      },
      retained: () => oplog.retained().map(persistedEntry),
      get lostThrough(): unknown {
        return oplog.lostThrough === undefined ? undefined : timestampFromKey(oplog.lostThrough);
      },
      set lostThrough(value: unknown) {
        if (value && typeof value === 'object') oplog.lostThrough = timestampKey(value as Timestamp);
      },
    };
  }

  helloFields(): Doc {
    return this.identity?.helloFields() ?? {};
  }

  /** Adds `$clusterTime`/`operationTime` on a replica set; a standalone never sends them. */
  gossip(reply: Doc): Doc {
    return this.identity ? this.identity.gossip(reply) : reply;
  }

  close(): void {
    this.transactions.close();
    this.changeStreams.close();
    this.sessions.close();
  }
}

export function longOf(value: bigint): Long {
  return Long.fromBigInt(value);
}
