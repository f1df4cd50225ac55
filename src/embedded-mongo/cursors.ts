/**
 * Server-side cursors: the documents a find or aggregate has not yet returned, by int64 id.
 * A cursor idle for ten minutes is dropped, as mongod's cursorTimeoutMillis does by default.
 */
import { calculateObjectSize, Long } from 'bson';
import type { Doc } from './bson-values.js';
import { MongoCommandError } from './errors.js';

const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
/** Room left under the 16 MiB reply limit for the reply's own envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  remaining: Doc[];
  position: number;
  lastUsed: number;
  /** `noCursorTimeout`: never dropped for idleness. */
  noTimeout: boolean;
}

export class CursorRegistry {
  readonly #open = new Map<string, OpenCursor>();
  #nextId = 1n;
  #sweeper: NodeJS.Timeout;

  constructor() {
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#open.clear();
  }

  get openCount(): number {
    return this.#open.size;
  }

  #sweep(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, cursor] of this.#open) if (cursor.lastUsed < cutoff && !cursor.noTimeout) this.#open.delete(id);
  }

  /** The first-batch reply for `docs`; keeps a cursor open when documents remain. */
  firstBatch(ns: string, docs: Doc[], batchSize: number | undefined, singleBatch = false, noTimeout = false): Doc {
    const size = batchSize === undefined ? DEFAULT_FIRST_BATCH : batchSize;
    const batch = takeBatch(docs, 0, size);
    let id = Long.ZERO;
    if (batch.length < docs.length && !singleBatch) {
      id = Long.fromBigInt(this.#nextId++);
      this.#open.set(id.toString(), { ns, remaining: docs, position: batch.length, lastUsed: Date.now(), noTimeout });
    }
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  getMore(id: Long, collection: string, batchSize: number | undefined): Doc {
    const cursor = this.#open.get(id.toString());
    if (!cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${id.toString()} not found`);
    const batch = takeBatch(cursor.remaining, cursor.position, batchSize || Number.POSITIVE_INFINITY);
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    let replyId = Long.fromValue(id);
    if (cursor.position >= cursor.remaining.length) {
      this.#open.delete(id.toString());
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns: cursor.ns || collection }, ok: 1 };
  }

  kill(ids: Long[]): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const key = Long.fromValue(id).toString();
      if (this.#open.delete(key)) killed.push(Long.fromValue(id));
      else notFound.push(Long.fromValue(id));
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }
}

function takeBatch(docs: Doc[], from: number, count: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = from; i < docs.length && batch.length < count; i++) {
    const size = calculateObjectSize(docs[i]);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    batch.push(docs[i]);
    bytes += size;
  }
  return batch;
}
