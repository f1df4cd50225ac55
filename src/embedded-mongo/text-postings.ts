/**
 * One term's postings for the text index: document ordinals in ascending order, each with the
 * term's share of that document's score. They are held in chunks of typed arrays (at most
 * CHUNK_SIZE postings each) so a query still walks flat memory, while the chunks are shared
 * copy-on-write (shared-blocks.ts) between a text index and its clones: the side that appends
 * copies only the last chunk, never the whole list. Removed documents stay listed until more than
 * half the list is dead, then the list is rebuilt without them.
 */
import { SharedBlocks } from './shared-blocks.js';

const CHUNK_SIZE = 1024;

/** A run of postings; its arrays grow by doubling up to CHUNK_SIZE. */
export interface Chunk {
  ords: Int32Array;
  shares: Float64Array;
  length: number;
}

function newChunk(capacity: number): Chunk {
  return { ords: new Int32Array(capacity), shares: new Float64Array(capacity), length: 0 };
}

function copyChunk(chunk: Chunk): Chunk {
  return { ords: chunk.ords.slice(), shares: chunk.shares.slice(), length: chunk.length };
}

export class Postings {
  #chunks = new SharedBlocks<Chunk>(copyChunk);
  /** Postings held, dead ones included. */
  length = 0;
  dead = 0;

  /** Only the text index holding mark `owner` changes this list; another side first takes `copyFor`. */
  constructor(readonly owner: number) {}

  /** This list for another side, sharing the chunks until one of them writes a chunk. */
  copyFor(owner: number): Postings {
    const copy = new Postings(owner);
    copy.#chunks = this.#chunks.clone();
    copy.length = this.length;
    copy.dead = this.dead;
    return copy;
  }

  get live(): number {
    return this.length - this.dead;
  }

  get chunks(): readonly Chunk[] {
    return this.#chunks.blocks;
  }

  /** Appends a posting; ordinals are handed out in increasing order, so the list stays sorted. */
  push(ord: number, share: number): void {
    const chunks = this.#chunks;
    const last = chunks.length - 1;
    let chunk = last < 0 ? undefined : chunks.blocks[last];
    if (!chunk || chunk.length === CHUNK_SIZE) {
      chunk = newChunk(4);
      chunks.push(chunk);
    } else {
      chunk = chunks.writable(last);
      if (chunk.length === chunk.ords.length) {
        const capacity = Math.min(CHUNK_SIZE, chunk.length * 2);
        const ords = new Int32Array(capacity);
        const shares = new Float64Array(capacity);
        ords.set(chunk.ords);
        shares.set(chunk.shares);
        chunk.ords = ords;
        chunk.shares = shares;
      }
    }
    chunk.ords[chunk.length] = ord;
    chunk.shares[chunk.length] = share;
    chunk.length++;
    this.length++;
  }

  has(ord: number): boolean {
    const chunks = this.#chunks.blocks;
    let lo = 0;
    let hi = chunks.length - 1;
    // The first chunk whose last ordinal is ≥ ord is the only one that can hold it.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid];
      if (chunk.ords[chunk.length - 1] < ord) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo];
    if (!chunk) return false;
    let first = 0;
    let last = chunk.length - 1;
    while (first <= last) {
      const mid = (first + last) >>> 1;
      const at = chunk.ords[mid];
      if (at === ord) return true;
      if (at < ord) first = mid + 1;
      else last = mid - 1;
    }
    return false;
  }

  /**
   * Rebuilds the list in new chunks of this side's own: each ordinal becomes `renumber(ord)`, or
   * is dropped where that is negative (a dead document). The order is kept, so `renumber` must keep it.
   */
  rebuild(renumber: (ord: number) => number): void {
    const chunks = new SharedBlocks<Chunk>(copyChunk);
    let current: Chunk | undefined;
    for (const chunk of this.#chunks.blocks) {
      for (let i = 0; i < chunk.length; i++) {
        const ord = renumber(chunk.ords[i]);
        if (ord < 0) continue;
        if (!current || current.length === CHUNK_SIZE) {
          current = newChunk(CHUNK_SIZE);
          chunks.push(current);
        }
        current.ords[current.length] = ord;
        current.shares[current.length] = chunk.shares[i];
        current.length++;
      }
    }
    // Trim the last chunk so a short list does not keep a full chunk's memory.
    if (current && current.length < CHUNK_SIZE) {
      current.ords = current.ords.slice(0, Math.max(4, current.length));
      current.shares = current.shares.slice(0, Math.max(4, current.length));
    }
    this.#chunks = chunks;
    this.length = chunks.blocks.reduce((n, chunk) => n + chunk.length, 0);
    this.dead = 0;
  }
}

/**
 * Walks several postings lists at once in ordinal order, calling `visit` once per document held by
 * any of them with the sum of its shares: a k-way merge, one step per posting, no allocation per step.
 */
export function merge(lists: Postings[], visit: (ord: number, score: number) => void): void {
  const n = lists.length;
  const chunkAt = new Int32Array(n);
  const at = new Int32Array(n);
  const ends = new Int32Array(n);
  const ords: Int32Array[] = [];
  const shares: Float64Array[] = [];
  const load = (i: number) => {
    const chunk = lists[i].chunks[chunkAt[i]];
    at[i] = 0;
    ends[i] = chunk ? chunk.length : 0;
    if (chunk) {
      ords[i] = chunk.ords;
      shares[i] = chunk.shares;
    }
  };
  for (let i = 0; i < n; i++) load(i);
  for (;;) {
    let ord = 0x7fffffff;
    for (let i = 0; i < n; i++) if (at[i] < ends[i] && ords[i][at[i]] < ord) ord = ords[i][at[i]];
    if (ord === 0x7fffffff) return;
    let score = 0;
    for (let i = 0; i < n; i++) {
      if (at[i] < ends[i] && ords[i][at[i]] === ord) {
        score += shares[i][at[i]++];
        if (at[i] === ends[i]) {
          chunkAt[i]++;
          load(i);
        }
      }
    }
    visit(ord, score);
  }
}
