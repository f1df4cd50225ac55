/**
 * A list of blocks that a structure shares copy-on-write with its clones (a transaction's snapshot
 * and the shared collection it came from). Cloning shares the blocks and gives both sides new owner
 * marks, so every block is then foreign to both: a side writes a block in
 * place only once it owns it, and copies it on its first write otherwise, leaving the other side's
 * view intact. Reads never copy. A clone costs O(1): the two sides share the list of blocks too
 * until either changes it, so a transaction that only reads a collection never copies its lists
 * (before, every snapshot copied them, O(blocks) per index at once). A write then costs at most one
 * list copy and one block's copy.
 */

let lastOwner = 0;

/** A mark no structure has used yet. */
export function newOwner(): number {
  return ++lastOwner;
}

export class SharedBlocks<B> {
  #blocks: B[] = [];
  /** Which side owns each block; a block is written in place only when this equals `#owner`. */
  #owners: number[] = [];
  #owner = newOwner();
  /** Whether `#blocks` and `#owners` themselves may be another side's too: copied before any change. */
  #listsShared = false;

  constructor(private readonly copyBlock: (block: B) => B) {}

  /** The blocks, for reading only: writes go through `writable`. */
  get blocks(): readonly B[] {
    return this.#blocks;
  }

  get length(): number {
    return this.#blocks.length;
  }

  /** Block `i`, copied first if another side may still see it. */
  writable(i: number): B {
    if (this.#owners[i] !== this.#owner) {
      this.#ownLists();
      this.#blocks[i] = this.copyBlock(this.#blocks[i]);
      this.#owners[i] = this.#owner;
    }
    return this.#blocks[i];
  }

  /** Puts a new block (owned by this side) at position `i`. */
  insert(i: number, block: B): void {
    this.#ownLists();
    this.#blocks.splice(i, 0, block);
    this.#owners.splice(i, 0, this.#owner);
  }

  push(block: B): void {
    this.#ownLists();
    this.#blocks.push(block);
    this.#owners.push(this.#owner);
  }

  removeAt(i: number): void {
    this.#ownLists();
    this.#blocks.splice(i, 1);
    this.#owners.splice(i, 1);
  }

  clear(): void {
    this.#blocks = [];
    this.#owners = [];
    this.#listsShared = false;
  }

  #ownLists(): void {
    if (!this.#listsShared) return;
    this.#blocks = this.#blocks.slice();
    this.#owners = this.#owners.slice();
    this.#listsShared = false;
  }

  /** A copy sharing every block and the lists themselves; from now on neither side owns a block. */
  clone(): SharedBlocks<B> {
    const copy = new SharedBlocks(this.copyBlock);
    copy.#blocks = this.#blocks;
    copy.#owners = this.#owners;
    copy.#listsShared = true;
    this.#listsShared = true;
    this.#owner = newOwner();
    return copy;
  }
}
