/**
 * Change streams: `$changeStream` as the first stage of an aggregate on a collection, a database
 * or the cluster. A change-stream cursor is a position in the oplog; each batch turns the entries
 * after it into events (later stages such as `$match` and `$project` applied to each), and an
 * awaitable getMore waits up to `maxTimeMS` (1 s by default) for new entries. Every batch carries a
 * `postBatchResumeToken`. Resume tokens encode an oplog position, so a stream resumes across
 * cursors, connections and — with a data directory, whose oplog is persisted — restarts.
 */

import { Long, Timestamp } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { type Doc, idKey, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';
import { type Oplog, type OplogEntry, type OplogOp, updateDescriptionOf } from './oplog.js';
import { timestampKey } from './replica-set.js';
import type { Catalog } from './storage.js';
import { disambiguatedPaths } from './update-description.js';

const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_AWAIT_MS = 1000;
const MAX_EVENTS_PER_BATCH = 1000;
/** Ids far above the ordinary cursors' (which count up from 1). */
let nextCursorId = 1n << 40n;

/** A point in the oplog: an entry's time, an op inside it, and whether the event is the invalidate after it. */
interface Position {
  key: bigint;
  op: number;
  invalidate: number;
}

const LAST_OP = 0xffffffff;

function comparePositions(a: Position, b: Position): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.op !== b.op) return a.op - b.op;
  return a.invalidate - b.invalidate;
}

export function encodeResumeToken({ key, op, invalidate }: Position): Doc {
  const data = key.toString(16).padStart(16, '0') + op.toString(16).padStart(8, '0') + invalidate.toString(16).padStart(2, '0');
  return { _data: `82${data.toUpperCase()}` };
}

function decodeResumeToken(token: unknown): Position {
  const data = isPlainObject(token) ? token._data : undefined;
  if (typeof data !== 'string' || !/^82[0-9A-Fa-f]{26}$/.test(data)) {
    throw new MongoCommandError('InvalidResumeToken', 'The resume token is invalid (it was not produced by this server)');
  }
  return {
    key: BigInt(`0x${data.slice(2, 18)}`),
    op: Number.parseInt(data.slice(18, 26), 16),
    invalidate: Number.parseInt(data.slice(26, 28), 16),
  };
}

type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';
type BeforeChangeMode = 'off' | 'whenAvailable' | 'required';

interface Scope {
  db?: string;
  coll?: string;
}

const INTERNAL_DATABASES = new Set(['admin', 'config', 'local']);

function inScope(scope: Scope, db: string, coll: string): boolean {
  if (coll.startsWith('system.')) return false;
  if (scope.db === undefined) return !INTERNAL_DATABASES.has(db);
  return scope.db === db && (scope.coll === undefined || scope.coll === coll);
}

interface RawEvent {
  position: Position;
  event: Doc;
  closes?: boolean;
}

class ChangeStreamCursor {
  readonly id = Long.fromBigInt(nextCursorId++);
  lastUsed = Date.now();
  closed = false;
  /** The stages after `$changeStream`, run on each event. */
  readonly #pipeline: Aggregator | undefined;

  constructor(
    readonly ns: string,
    readonly scope: Scope,
    public position: Position,
    readonly fullDocument: FullDocumentMode,
    readonly beforeChange: BeforeChangeMode,
    stages: Doc[],
    readonly catalog: Catalog,
    /** showExpandedEvents: DDL events (create, createIndexes, dropIndexes, modify) and collectionUUID. */
    readonly expanded = false,
  ) {
    this.#pipeline = stages.length > 0 ? new Aggregator(stages, mingoOptions()) : undefined;
  }

  /** Events after the position, through the later stages, at most `limit`; advances the position. */
  scan(oplog: Oplog, limit: number): Doc[] {
    const batch: Doc[] = [];
    let reachedEnd = true;
    outer: for (const entry of oplog.after(this.position.key - 1n)) {
      for (const raw of this.#eventsOf(entry)) {
        if (comparePositions(raw.position, this.position) <= 0) continue;
        if (batch.length >= limit) {
          reachedEnd = false;
          break outer;
        }
        this.position = raw.position;
        const output = this.#apply(raw.event);
        if (output) batch.push(output);
        if (raw.closes) {
          this.closed = true;
          return batch;
        }
      }
    }
    if (reachedEnd) {
      const now = { key: oplog.lastKey, op: LAST_OP, invalidate: 0 };
      if (comparePositions(now, this.position) > 0) this.position = now;
    }
    return batch;
  }

  #apply(event: Doc): Doc | undefined {
    if (!this.#pipeline) return event;
    const [output] = this.#pipeline.run([event]) as Doc[];
    if (!output) return undefined;
    if (!isPlainObject(output._id) || output._id._data !== (event._id as Doc)._data) {
      throw new MongoCommandError(
        'ChangeStreamFatalError',
        'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.',
      );
    }
    return output;
  }

  *#eventsOf(entry: OplogEntry): Generator<RawEvent> {
    const base = (op: number, invalidate = 0): Doc => ({
      _id: encodeResumeToken({ key: entry.key, op, invalidate }),
    });
    const stamp = (event: Doc): Doc => {
      event.clusterTime = entry.ts;
      event.wallTime = entry.wall;
      if (entry.session?.kind === 'commitTransaction') {
        event.txnNumber = entry.session.txnNumber;
        event.lsid = entry.session.lsid;
      }
      return event;
    };
    for (let i = 0; i < entry.ops.length; i++) {
      const op = entry.ops[i];
      const position = { key: entry.key, op: i, invalidate: 0 };
      const event = this.#describe(op, base(i), entry.ops[i - 1]);
      if (event) yield { position, event: stamp(event) };
      if (event && this.#invalidates(op)) {
        yield { position: { ...position, invalidate: 1 }, event: stamp({ ...base(i, 1), operationType: 'invalidate' }), closes: true };
      }
    }
  }

  #invalidates(op: OplogOp): boolean {
    if (this.scope.db === undefined) return false;
    if (this.scope.coll === undefined) return op.op === 'dropDatabase';
    return op.op === 'dropCollection' || op.op === 'rename';
  }

  #describe(op: OplogOp, event: Doc, previous: OplogOp | undefined): Doc | undefined {
    const described = this.#describeOp(op, event);
    if (!described || !this.expanded) return described;
    if (op.uuid !== undefined) described.collectionUUID = op.uuid;
    if (op.op === 'rename') {
      const description: Doc = { to: { db: op.toDb, coll: op.toColl } };
      const droppedTarget = previous?.op === 'dropCollection' && previous.db === op.toDb && previous.coll === op.toColl;
      if (droppedTarget && previous.uuid !== undefined) description.dropTarget = previous.uuid;
      described.operationDescription = description;
    }
    return described;
  }

  /** The DDL events only showExpandedEvents reports. */
  #describeExpanded(op: OplogOp, event: Doc): Doc | undefined {
    if (op.op === 'dropDatabase' || !inScope(this.scope, op.db, op.coll)) return undefined;
    const ns = { db: op.db, coll: op.coll };
    switch (op.op) {
      case 'createCollection': {
        const { viewOn, pipeline } = op.options;
        const operationDescription =
          viewOn !== undefined ? { viewOn, pipeline: pipeline ?? [] } : { idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } };
        return { ...event, operationType: 'create', ns, operationDescription };
      }
      case 'createIndex':
        return { ...event, operationType: 'createIndexes', ns, operationDescription: { indexes: [op.spec] } };
      case 'dropIndex':
        return { ...event, operationType: 'dropIndexes', ns, operationDescription: { indexes: [{ name: op.name }] } };
      case 'collMod':
        return { ...event, operationType: 'modify', ns, operationDescription: op.options };
      default:
        return undefined;
    }
  }

  #describeOp(op: OplogOp, event: Doc): Doc | undefined {
    switch (op.op) {
      case 'insert':
        if (!inScope(this.scope, op.db, op.coll)) return undefined;
        return {
          ...event,
          operationType: 'insert',
          fullDocument: op.doc,
          ns: { db: op.db, coll: op.coll },
          documentKey: { _id: op.doc._id },
        };
      case 'update': {
        if (!inScope(this.scope, op.db, op.coll)) return undefined;
        const ns = { db: op.db, coll: op.coll };
        const documentKey = { _id: op.doc._id };
        if (op.replace) return { ...event, operationType: 'replace', fullDocument: op.doc, ns, documentKey, ...this.#before(op) };
        const description = updateDescriptionOf(op);
        const updateDescription = this.expanded
          ? { ...description, disambiguatedPaths: disambiguatedPaths(description, op.before, op.doc) }
          : description;
        const described: Doc = { ...event, operationType: 'update', ns, documentKey, updateDescription };
        const full = this.#fullDocument(op);
        if (full !== undefined) described.fullDocument = full;
        return { ...described, ...this.#before(op) };
      }
      case 'delete':
        if (!inScope(this.scope, op.db, op.coll)) return undefined;
        return { ...event, operationType: 'delete', ns: { db: op.db, coll: op.coll }, documentKey: { _id: op.id }, ...this.#before(op) };
      case 'dropCollection':
        if (!inScope(this.scope, op.db, op.coll)) return undefined;
        return { ...event, operationType: 'drop', ns: { db: op.db, coll: op.coll } };
      case 'rename':
        if (!inScope(this.scope, op.db, op.coll)) return undefined;
        return { ...event, operationType: 'rename', ns: { db: op.db, coll: op.coll }, to: { db: op.toDb, coll: op.toColl } };
      case 'dropDatabase':
        if (this.scope.coll !== undefined) return undefined;
        if (this.scope.db !== undefined ? this.scope.db !== op.db : INTERNAL_DATABASES.has(op.db)) return undefined;
        return { ...event, operationType: 'dropDatabase', ns: { db: op.db } };
      default:
        return this.expanded ? this.#describeExpanded(op, event) : undefined;
    }
  }

  #postImagesEnabled(db: string, coll: string): boolean {
    const option = this.catalog.collection(db, coll)?.options.changeStreamPreAndPostImages;
    return isPlainObject(option) && option.enabled === true;
  }

  #fullDocument(op: Extract<OplogOp, { op: 'update' }>): Doc | null | undefined {
    switch (this.fullDocument) {
      case 'updateLookup':
        return this.catalog.collection(op.db, op.coll)?.docs.get(idKey(op.doc._id)) ?? null;
      case 'whenAvailable':
        return this.#postImagesEnabled(op.db, op.coll) ? op.doc : null;
      case 'required':
        if (this.#postImagesEnabled(op.db, op.coll)) return op.doc;
        throw new MongoCommandError(
          'NoMatchingDocument',
          `Change stream was configured to require a post-image for all update, delete and replace events, but the post-image was not found for event: ${op.db}.${op.coll}`,
        );
      default:
        return undefined;
    }
  }

  #before(op: OplogOp): Doc {
    if (this.beforeChange === 'off') return {};
    const before = op.op === 'update' || op.op === 'delete' ? op.before : undefined;
    const available = before && this.#postImagesEnabled(op.db, (op as { coll: string }).coll);
    if (available) return { fullDocumentBeforeChange: before };
    if (this.beforeChange === 'required') {
      throw new MongoCommandError(
        'NoMatchingDocument',
        'Change stream was configured to require a pre-image, but the pre-image was not found',
      );
    }
    return { fullDocumentBeforeChange: null };
  }
}

export interface ChangeStreamRequest {
  db: string;
  /** The collection, or 1 for a database- or cluster-wide stream. */
  target: string | 1;
  pipeline: Doc[];
  batchSize?: number;
}

/** The stages mongod lets follow `$changeStream` (each transforms one event; none groups or reorders). */
const STAGES_AFTER_CHANGE_STREAM = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
]);
/** Other stages of the aggregation language: known, but not permitted after `$changeStream`. */
const KNOWN_STAGES = new Set([
  ...STAGES_AFTER_CHANGE_STREAM,
  '$group',
  '$sort',
  '$limit',
  '$skip',
  '$unwind',
  '$lookup',
  '$graphLookup',
  '$facet',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$sortByCount',
  '$out',
  '$merge',
  '$unionWith',
  '$sample',
  '$densify',
  '$fill',
  '$setWindowFields',
  '$documents',
  '$geoNear',
  '$indexStats',
  '$collStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
]);

export class ChangeStreams {
  readonly #open = new Map<string, ChangeStreamCursor>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(
    private readonly oplog: Oplog,
    private readonly catalog: Catalog,
  ) {
    this.#sweeper = setInterval(() => {
      const cutoff = Date.now() - IDLE_TIMEOUT_MS;
      for (const [id, cursor] of this.#open) if (cursor.lastUsed < cutoff) this.#open.delete(id);
    }, 60_000);
    this.#sweeper.unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#open.clear();
  }

  has(id: unknown): boolean {
    return (id instanceof Long || typeof id === 'number') && this.#open.has(Long.fromValue(id as Long).toString());
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** The aggregate: validates `$changeStream`, opens the cursor and answers its first batch. */
  open({ db, target, pipeline, batchSize }: ChangeStreamRequest): Doc {
    const spec = pipeline[0].$changeStream;
    if (!isPlainObject(spec)) throw new MongoCommandError('TypeMismatch', 'the $changeStream stage must be an object');
    for (const stage of pipeline.slice(1)) {
      if (isPlainObject(stage) && '$changeStream' in stage) {
        throw new MongoCommandError('ChangeStreamNotFirstStage', '$changeStream is only valid as the first stage in a pipeline');
      }
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !KNOWN_STAGES.has(name)) {
        throw new MongoCommandError('UnknownPipelineStage', `Unrecognized pipeline stage name: '${String(name)}'`);
      }
      if (!STAGES_AFTER_CHANGE_STREAM.has(name)) {
        throw new MongoCommandError('IllegalOperation', `${name} is not permitted in a $changeStream pipeline`);
      }
    }
    const cluster = spec.allChangesForCluster === true;
    if (cluster && (db !== 'admin' || target !== 1)) {
      throw new MongoCommandError(
        'InvalidOptions',
        "A change stream on the whole cluster must be opened with {aggregate: 1} on the 'admin' database",
      );
    }
    if (!cluster && (INTERNAL_DATABASES.has(db) || (typeof target === 'string' && target.startsWith('system.')))) {
      throw new MongoCommandError('InvalidNamespace', `$changeStream may not be opened on the internal ${db} database`);
    }
    const scope: Scope = cluster ? {} : { db, coll: target === 1 ? undefined : target };
    const ns = typeof target === 'string' ? `${db}.${target}` : `${db}.$cmd.aggregate`;
    const cursor = new ChangeStreamCursor(
      ns,
      scope,
      this.#start(spec),
      this.#mode(spec.fullDocument, ['default', 'updateLookup', 'whenAvailable', 'required'], 'fullDocument') as FullDocumentMode,
      this.#mode(spec.fullDocumentBeforeChange, ['off', 'whenAvailable', 'required'], 'fullDocumentBeforeChange') as BeforeChangeMode,
      pipeline.slice(1),
      this.catalog,
      spec.showExpandedEvents === true,
    );
    const firstBatch = cursor.scan(this.oplog, batchSize ?? MAX_EVENTS_PER_BATCH);
    const id = cursor.closed ? Long.ZERO : cursor.id;
    if (!cursor.closed) this.#open.set(cursor.id.toString(), cursor);
    return { cursor: { firstBatch, postBatchResumeToken: encodeResumeToken(cursor.position), id, ns }, ok: 1 };
  }

  #mode(value: unknown, allowed: string[], field: string): string {
    if (value === undefined) return allowed[0];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new MongoCommandError('BadValue', `'${String(value)}' is not a valid value for $changeStream.${field}`);
    }
    return value;
  }

  /** Where the stream starts: after a resume token, at an operation time, or at the present. */
  #start(spec: Doc): Position {
    const given = ['resumeAfter', 'startAfter', 'startAtOperationTime'].filter((field) => spec[field] !== undefined);
    if (given.length > 1) throw new MongoCommandError('BadValue', `Only one of ${given.join(', ')} may be given`);
    let position: Position;
    if (spec.startAtOperationTime !== undefined) {
      if (!(spec.startAtOperationTime instanceof Timestamp))
        throw new MongoCommandError('TypeMismatch', 'startAtOperationTime must be a timestamp');
      position = { key: timestampKey(spec.startAtOperationTime) - 1n, op: LAST_OP, invalidate: 1 };
    } else if (spec.resumeAfter !== undefined || spec.startAfter !== undefined) {
      position = decodeResumeToken(spec.resumeAfter ?? spec.startAfter);
      if (position.invalidate && spec.resumeAfter !== undefined) {
        throw new MongoCommandError(
          'InvalidResumeToken',
          'Attempting to resume a change stream using an invalidate event resume token is not allowed; use startAfter instead',
        );
      }
    } else {
      return { key: this.oplog.lastKey, op: LAST_OP, invalidate: 0 };
    }
    const lost = this.oplog.lostThrough;
    if (lost !== undefined && position.key < lost) {
      throw new MongoCommandError(
        'ChangeStreamHistoryLost',
        'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
      );
    }
    return position;
  }

  /** An awaitable getMore: returns as soon as there are events, or after `maxTimeMS` with none. */
  async getMore(id: Long, batchSize: number | undefined, maxTimeMS: number | undefined): Promise<Doc> {
    const cursor = this.#open.get(id.toString());
    if (!cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${id.toString()} not found`);
    const deadline = Date.now() + (maxTimeMS ?? DEFAULT_AWAIT_MS);
    let batch = cursor.scan(this.oplog, batchSize || MAX_EVENTS_PER_BATCH);
    while (batch.length === 0 && !cursor.closed && this.#open.has(id.toString())) {
      const wait = deadline - Date.now();
      if (wait <= 0) break;
      await this.oplog.waitForEntry(wait);
      batch = cursor.scan(this.oplog, batchSize || MAX_EVENTS_PER_BATCH);
    }
    cursor.lastUsed = Date.now();
    if (cursor.closed) this.#open.delete(id.toString());
    const replyId = cursor.closed || !this.#open.has(id.toString()) ? Long.ZERO : id;
    return { cursor: { nextBatch: batch, postBatchResumeToken: encodeResumeToken(cursor.position), id: replyId, ns: cursor.ns }, ok: 1 };
  }

  kill(ids: Long[]): Long[] {
    const killed: Long[] = [];
    for (const id of ids) if (this.#open.delete(Long.fromValue(id).toString())) killed.push(Long.fromValue(id));
    return killed;
  }
}
