/**
 * Durability for a server with a data directory. Every applied change is appended to `journal.log`
 * as a framed record — [length u32][crc32 u32][BSON {seq, change}] — and a write is acknowledged
 * only once its record is fsynced. Writes that arrive while a sync is under way share the next one
 * (group commit). Compaction writes every collection to `snapshot.bson` through a temp file and a
 * rename, then starts an empty journal; the snapshot remembers the last sequence number it holds,
 * so replay skips records it already contains even if a crash came between the two steps.
 * A torn or corrupt tail (a crash mid-append) fails its length or checksum and is dropped.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import type { Doc } from './bson-values.js';
import { promoteExact } from './exact-numbers.js';
import type { Catalog, ChangeRecord } from './storage.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function frame(payload: Doc): Buffer {
  const body = serialize(payload);
  const head = Buffer.allocUnsafe(8);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

/** The intact records of a file, stopping at the first torn or corrupt one. */
function* readFrames(bytes: Buffer): Generator<Doc> {
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + length;
    if (length < 5 || end > bytes.length) return;
    const body = bytes.subarray(offset + 8, end);
    if (crc32(body) !== checksum) return;
    yield promoteExact(deserialize(body, { promoteValues: false }) as Doc);
    offset = end;
  }
}

const COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * The oplog, when the journal records its entries (one record per entry) instead of single changes:
 * recovery hands each journalled entry to `replay`, and compaction keeps `retained()` entries in
 * the snapshot (only as history: their changes are already in the snapshot's documents).
 */
export interface JournalHistory {
  replay(entry: Doc): void;
  load(entry: Doc): void;
  retained(): Doc[];
  /** The newest history lost (a timestamp), remembered in the snapshot header. */
  lostThrough: unknown;
}

export class Journal {
  readonly #dir: string;
  readonly #catalog: Catalog;
  #file!: FileHandle;
  #seq = 0;
  #durableSeq = 0;
  #pending: Buffer[] = [];
  #flushing: Promise<void> | null = null;
  #journalBytes = 0;
  #failure: Error | undefined;
  readonly #history: JournalHistory | undefined;

  private constructor(dir: string, catalog: Catalog, history?: JournalHistory) {
    this.#dir = dir;
    this.#catalog = catalog;
    this.#history = history;
  }

  /**
   * Loads the snapshot and journal into `catalog`, compacts, and journals every later change —
   * or, with `history`, every oplog entry handed to `appendEntry`.
   */
  static async open(dir: string, catalog: Catalog, history?: JournalHistory): Promise<Journal> {
    mkdirSync(dir, { recursive: true });
    const journal = new Journal(dir, catalog, history);
    journal.#recover();
    journal.#compact();
    journal.#file = await open(join(dir, 'journal.log'), 'a');
    if (!history) catalog.record = (change) => journal.#append(change);
    return journal;
  }

  /** Appends one oplog entry as one record: all of its changes survive a crash, or none. */
  appendEntry(entry: Doc): void {
    const record = frame({ seq: ++this.#seq, entry });
    this.#pending.push(record);
    this.#journalBytes += record.length;
  }

  #recover(): void {
    const snapshotPath = join(this.#dir, 'snapshot.bson');
    let snapshotSeq = 0;
    if (existsSync(snapshotPath)) {
      for (const entry of readFrames(readFileSync(snapshotPath))) {
        if (entry.header) {
          snapshotSeq = Number(entry.seq);
          if (this.#history && entry.lostThrough !== undefined) this.#history.lostThrough = entry.lostThrough;
        } else if (entry.history) this.#history?.load(entry.history as Doc);
        else this.#catalog.apply(entry.change as ChangeRecord);
      }
    }
    this.#seq = snapshotSeq;
    const journalPath = join(this.#dir, 'journal.log');
    if (existsSync(journalPath)) {
      for (const entry of readFrames(readFileSync(journalPath))) {
        const seq = Number(entry.seq);
        if (seq <= snapshotSeq) continue;
        if (entry.entry) this.#history?.replay(entry.entry as Doc);
        else this.#catalog.apply(entry.change as ChangeRecord);
        this.#seq = seq;
      }
    }
    this.#durableSeq = this.#seq;
  }

  #append(change: ChangeRecord): void {
    const record = frame({ seq: ++this.#seq, change });
    this.#pending.push(record);
    this.#journalBytes += record.length;
  }

  get hasUnsynced(): boolean {
    return this.#durableSeq < this.#seq;
  }

  /** Resolves once every change appended so far is on disk. */
  async sync(): Promise<void> {
    const target = this.#seq;
    while (this.#durableSeq < target) {
      if (this.#failure) throw this.#failure;
      this.#flushing ??= this.#flushOnce().finally(() => {
        this.#flushing = null;
      });
      await this.#flushing;
    }
  }

  async #flushOnce(): Promise<void> {
    const upTo = this.#seq;
    const batch = Buffer.concat(this.#pending.splice(0));
    try {
      await this.#file.write(batch);
      await this.#file.datasync();
    } catch (error) {
      this.#failure = error as Error;
      throw error;
    }
    this.#durableSeq = upTo;
    if (this.#journalBytes > COMPACT_AFTER_BYTES && this.#pending.length === 0) {
      await this.#file.close();
      this.#compact();
      this.#file = await open(join(this.#dir, 'journal.log'), 'a');
    }
  }

  /** Writes the whole catalog to a new snapshot, then empties the journal. */
  #compact(): void {
    const tmpPath = join(this.#dir, 'snapshot.bson.tmp');
    const fd = openSync(tmpPath, 'w');
    try {
      const header: Doc = { header: true, seq: this.#seq };
      if (this.#history?.lostThrough !== undefined) header.lostThrough = this.#history.lostThrough;
      writeSync(fd, frame(header));
      for (const collections of this.#catalog.databases.values()) {
        for (const collection of collections.values()) {
          const { db, name: coll } = collection;
          writeSync(fd, frame({ change: { op: 'createCollection', db, coll, options: collection.options } }));
          for (const spec of collection.indexSpecs().slice(1)) writeSync(fd, frame({ change: { op: 'createIndex', db, coll, spec } }));
          for (const doc of collection.docs.values()) writeSync(fd, frame({ change: { op: 'put', db, coll, doc } }));
        }
      }
      for (const entry of this.#history?.retained() ?? []) writeSync(fd, frame({ history: entry }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmpPath, join(this.#dir, 'snapshot.bson'));
    const dirFd = openSync(this.#dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
    closeSync(openSync(join(this.#dir, 'journal.log'), 'w'));
    this.#journalBytes = 0;
  }

  async close(): Promise<void> {
    await this.sync().catch(() => {});
    await this.#flushing?.catch(() => {});
    await this.#file.close();
  }
}
