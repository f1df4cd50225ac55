/**
 * Reads with `readConcern: {level: 'snapshot'}` outside a transaction (MongoDB 5.0+ on a replica
 * set): find, aggregate and distinct read the data as of one cluster time — the latest when the
 * command names none, else its `atClusterTime` — and the reply says which (`atClusterTime`), so a
 * snapshot session's later reads see the same data. A collection is read as of that time by copying
 * it (copy-on-write, Collection.copy) and undoing, newest first, the oplog's changes to it since. Other commands refuse the level.
 */
import type { Timestamp } from 'bson';
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import type { Oplog, OplogOp } from './oplog.js';
import { timestampFromKey, timestampKey } from './replica-set.js';
import { Catalog, type Collection } from './storage.js';

const SNAPSHOT_COMMANDS = new Set(['find', 'aggregate', 'distinct']);

/** getMore and killCursors act on a cursor a snapshot read opened, as of its time: the read concern the driver repeats on them is the cursor's. */
const CURSOR_COMMANDS = new Set(['getMore', 'killCursors']);

export function wantsSnapshotRead(name: string, command: Doc): boolean {
  return (
    isPlainObject(command.readConcern) &&
    command.readConcern.level === 'snapshot' &&
    command.autocommit === undefined &&
    !CURSOR_COMMANDS.has(name)
  );
}

/** Why this command cannot read at snapshot level outside a transaction, or undefined. */
export function snapshotRefusal(name: string, command: Doc, replicaSet: boolean): MongoCommandError | undefined {
  if (!replicaSet) {
    return new MongoCommandError('InvalidOptions', 'readConcern level snapshot requires a replica set or a sharded cluster');
  }
  const writesOut =
    name === 'aggregate' &&
    Array.isArray(command.pipeline) &&
    command.pipeline.some((s) => isPlainObject(s) && ('$out' in s || '$merge' in s));
  if (!SNAPSHOT_COMMANDS.has(name) || writesOut) {
    return new MongoCommandError('InvalidOptions', `Command ${name} does not support { readConcern: { level: "snapshot" } }`);
  }
  return undefined;
}

function touches(op: OplogOp, db: string, name: string): boolean {
  if (op.db !== db) return false;
  return op.op === 'dropDatabase' || op.coll === name || (op.op === 'rename' && op.toColl === name);
}

/** The shared catalog as it was at one cluster time, one collection at a time, for reading. */
export class PointInTimeCatalog extends Catalog {
  readonly #copies = new Map<string, Collection | undefined>();

  constructor(
    private readonly shared: Catalog,
    private readonly oplog: Oplog,
    private readonly atKey: bigint,
  ) {
    super();
  }

  override collection(db: string, name: string): Collection | undefined {
    const ns = `${db}.${name}`;
    if (this.#copies.has(ns)) return this.#copies.get(ns);
    const later = [...this.oplog.after(this.atKey)].flatMap((entry) => entry.ops.filter((op) => touches(op, db, name)));
    const source = this.shared.collection(db, name);
    let copy: Collection | undefined;
    if (later.length === 0) copy = source;
    else {
      if (!source || later.some((op) => op.op !== 'insert' && op.op !== 'update' && op.op !== 'delete')) {
        throw new MongoCommandError(
          'SnapshotUnavailable',
          `Unable to read from a snapshot due to pending collection catalog changes to ${ns}`,
        );
      }
      copy = source.copy(() => undefined);
      for (const op of later.reverse()) {
        if (op.op === 'insert') copy.removeById(op.doc._id);
        else if ((op.op === 'update' || op.op === 'delete') && op.before) copy.put(op.before);
        else throw new MongoCommandError('SnapshotTooOld', `Read timestamp is older than the history kept for ${ns}`);
      }
    }
    this.#copies.set(ns, copy);
    if (copy) {
      const collections = this.databases.get(db) ?? new Map<string, Collection>();
      this.databases.set(db, collections);
      collections.set(name, copy);
    }
    return copy;
  }

  override ensureCollection(): Collection {
    throw new MongoCommandError('InvalidOptions', 'a snapshot read cannot create a collection');
  }
}

/** The cluster time a snapshot read reads at: the command's `atClusterTime`, else the latest. */
export function snapshotTime(command: Doc, oplog: Oplog): bigint {
  const readConcern = command.readConcern as Doc;
  const at = readConcern.atClusterTime as Timestamp | undefined;
  if (!at || (at as { _bsontype?: string })._bsontype !== 'Timestamp') return oplog.lastKey;
  const key = timestampKey(at);
  if (oplog.lostThrough !== undefined && key <= oplog.lostThrough) {
    throw new MongoCommandError('SnapshotTooOld', 'Read timestamp is older than the oldest available timestamp');
  }
  return key;
}

/** Says in the reply which time the read used, where the driver looks for it. */
export function stampSnapshotTime(reply: Doc, key: bigint): void {
  if (reply.ok !== 1) return;
  const ts = timestampFromKey(key);
  if (isPlainObject(reply.cursor)) reply.cursor.atClusterTime = ts;
  else reply.atClusterTime = ts;
}
