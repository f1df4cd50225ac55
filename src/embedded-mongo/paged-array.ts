/**
 * An array of fixed pages of PAGE_SIZE slots, shared copy-on-write with its clones
 * (shared-blocks.ts): a clone costs O(pages) and a write copies at most one page. Slot `i` lives at
 * page `i >>> PAGE_BITS`, so reads stay O(1).
 */
import { SharedBlocks } from './shared-blocks.js';

const PAGE_BITS = 9;
const PAGE_SIZE = 1 << PAGE_BITS;
const SLOT_MASK = PAGE_SIZE - 1;

export class PagedArray<T> {
  #pages = new SharedBlocks<T[]>((page) => page.slice());
  #length = 0;

  get length(): number {
    return this.#length;
  }

  get(i: number): T | undefined {
    return this.#pages.blocks[i >>> PAGE_BITS]?.[i & SLOT_MASK];
  }

  /** Sets an existing slot (`i` < length). */
  set(i: number, value: T): void {
    this.#pages.writable(i >>> PAGE_BITS)[i & SLOT_MASK] = value;
  }

  /** Appends a slot and returns its index. */
  push(value: T): number {
    const i = this.#length++;
    if ((i & SLOT_MASK) === 0) this.#pages.push([value]);
    else this.#pages.writable(i >>> PAGE_BITS).push(value);
    return i;
  }

  clear(): void {
    this.#pages.clear();
    this.#length = 0;
  }

  /** The pages in order, for walking every slot (read only). */
  get pages(): ReadonlyArray<ReadonlyArray<T>> {
    return this.#pages.blocks;
  }

  /** Every slot in index order. */
  *[Symbol.iterator](): Generator<T> {
    for (const page of this.#pages.blocks) yield* page;
  }

  /** A copy sharing every page until either side writes it. */
  clone(): PagedArray<T> {
    const copy = new PagedArray<T>();
    copy.#pages = this.#pages.clone();
    copy.#length = this.#length;
    return copy;
  }
}
