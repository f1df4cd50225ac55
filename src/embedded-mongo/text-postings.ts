/**
 * One term's postings for the text index: document ordinals in ascending order, each with the
 * term's share of that document's score. They are held in chunks of packed number arrays (at most
 * CHUNK_SIZE postings each: flat memory for a query, and cheap to copy), shared
 * copy-on-write (shared-blocks.ts) between a text index and its clones: the side that appends
 * copies only the last chunk, never the whole list. Removed documents stay listed until more than
 * half the list is dead, then the list is rebuilt without them.
 */
import { SharedBlocks } from './shared-blocks.js';

const CHUNK_SIZE = 512;

/**
 * A run of postings, `ords[i]` with `shares[i]`. Plain arrays, not typed ones: V8 keeps them packed
 * (small integers, doubles), and copying one on a copy-on-write costs far less than allocating
 * typed arrays' off-heap buffers.
 */
export interface Chunk {
  readonly ords: number[];
  readonly shares: number[];
}

function copyChunk(chunk: Chunk): Chunk {
  return { ords: chunk.ords.slice(), shares: chunk.shares.slice() };
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
    if (last < 0 || chunks.blocks[last].ords.length === CHUNK_SIZE) chunks.push({ ords: [ord], shares: [share] });
    else {
      const chunk = chunks.writable(last);
      chunk.ords.push(ord);
      chunk.shares.push(share);
    }
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
      if (chunk.ords[chunk.ords.length - 1] < ord) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo];
    if (!chunk) return false;
    let first = 0;
    let last = chunk.ords.length - 1;
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
      for (let i = 0; i < chunk.ords.length; i++) {
        const ord = renumber(chunk.ords[i]);
        if (ord < 0) continue;
        if (!current || current.ords.length === CHUNK_SIZE) {
          current = { ords: [], shares: [] };
          chunks.push(current);
        }
        current.ords.push(ord);
        current.shares.push(chunk.shares[i]);
      }
    }
    this.#chunks = chunks;
    this.length = chunks.blocks.reduce((n, chunk) => n + chunk.ords.length, 0);
    this.dead = 0;
  }
}

const NO_POSTINGS: number[] = [];

/**
 * Walks several postings lists at once in ordinal order, calling `visit` once per document held by
 * any of them with the sum of its shares: a k-way merge, one step per posting, no allocation per step.
 */
export function merge(lists: Postings[], visit: (ord: number, score: number) => void): void {
  const n = lists.length;
  if (n === 1) {
    for (const chunk of lists[0].chunks) for (let i = 0; i < chunk.ords.length; i++) visit(chunk.ords[i], chunk.shares[i]);
    return;
  }
  // Per list: its current chunk's arrays, the position in it, its end, and which chunk it is.
  const ords: number[][] = [];
  const shares: number[][] = [];
  const at = new Int32Array(n);
  const ends = new Int32Array(n);
  const chunkAt = new Int32Array(n);
  for (const list of lists) {
    const first = list.chunks[0];
    ords.push(first ? first.ords : NO_POSTINGS);
    shares.push(first ? first.shares : NO_POSTINGS);
  }
  for (let i = 0; i < n; i++) ends[i] = ords[i].length;
  for (;;) {
    let ord = 0x7fffffff;
    for (let i = 0; i < n; i++) {
      if (at[i] < ends[i]) {
        const candidate = ords[i][at[i]];
        if (candidate < ord) ord = candidate;
      }
    }
    if (ord === 0x7fffffff) return;
    let score = 0;
    for (let i = 0; i < n; i++) {
      if (at[i] === ends[i] || ords[i][at[i]] !== ord) continue;
      score += shares[i][at[i]];
      if (++at[i] === ends[i]) {
        const next = lists[i].chunks[++chunkAt[i]];
        if (next) {
          ords[i] = next.ords;
          shares[i] = next.shares;
          ends[i] = next.ords.length;
          at[i] = 0;
        }
      }
    }
    visit(ord, score);
  }
}
