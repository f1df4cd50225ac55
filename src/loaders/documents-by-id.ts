/**
 * The by-id loader behind `personById`, `articleById`, …: one `find({_id: {$in}})` per batch,
 * results returned in key order with null for misses. ObjectIds are keyed by hex, since two
 * ObjectId instances of the same id are different objects to a Map.
 *
 * It also remembers the documents the request has read, so `get` can answer a field at once when
 * its document is already here: graphql-js completes an object whose fields are all plain values
 * without building a promise and a result object per list item (see read-ahead.ts).
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import { dataLoaderArguments, type LoaderOptions } from './batch-schedule.js';

export class DocumentsById<T extends Document & { _id: ObjectId }> extends DataLoader<ObjectId, T | null, string> {
  /** Documents this request has read or primed, by hex id; empty when caching is off. */
  private readonly known: Map<string, T>;
  /** False when caching is off (the benchmark's no-batching variant): `get` then always loads. */
  readonly remembering: boolean;

  constructor(collection: Collection<T>, options: LoaderOptions = {}) {
    const known = new Map<string, T>();
    const remembering = options.cache !== false;
    super(
      ...dataLoaderArguments<ObjectId, T | null, string>(
        async (ids) => {
          const docs = await collection.find({ _id: { $in: [...ids] } } as Filter<T>, { batchSize: ids.length }).toArray();
          const byId = new Map<string, T>();
          for (const doc of docs as T[]) {
            const hex = doc._id.toHexString();
            byId.set(hex, doc);
            if (remembering) known.set(hex, doc);
          }
          return ids.map((id) => byId.get(id.toHexString()) ?? null);
        },
        (id) => id.toHexString(),
        options,
      ),
    );
    this.known = known;
    this.remembering = remembering;
  }

  /** The document, as a plain value if this request already has it, else as a promise. */
  get(id: ObjectId): T | Promise<T | null> {
    return this.known.get(id.toHexString()) ?? super.load(id);
  }

  override load(id: ObjectId): Promise<T | null> {
    const known = this.known.get(id.toHexString());
    return known === undefined ? super.load(id) : Promise.resolve(known);
  }

  /**
   * Has the documents of `ids` read in the loader's next batch, each id once and only those the
   * request does not hold yet: a page of statements names a few speakers many times over, and
   * every id handed to DataLoader costs it a promise or two. A failed read is not thrown here; the
   * fields that ask for those documents get its error.
   */
  async readAhead(ids: readonly ObjectId[]): Promise<void> {
    const missing = new Map<string, ObjectId>();
    for (const id of ids) {
      const hex = id.toHexString();
      if (!this.known.has(hex)) missing.set(hex, id);
    }
    if (missing.size > 0) await this.loadMany([...missing.values()]);
  }

  /** Puts documents a list query already read into the loader, so fields that follow need no read. */
  primeAll(docs: readonly T[]): void {
    for (const doc of docs) this.prime(doc._id, doc);
  }

  /** A document goes to `known` only (`get` and `load` look there first); DataLoader keeps the rest. */
  override prime(id: ObjectId, value: T | null | Error | PromiseLike<T | null>): this {
    if (!this.remembering || value === null || value instanceof Error || 'then' in value) return super.prime(id, value);
    const hex = id.toHexString();
    // As DataLoader does, what the request already holds stays.
    if (!this.known.has(hex)) this.known.set(hex, value);
    return this;
  }

  override clear(id: ObjectId): this {
    this.known.delete(id.toHexString());
    return super.clear(id);
  }

  override clearAll(): this {
    this.known.clear();
    return super.clearAll();
  }
}
