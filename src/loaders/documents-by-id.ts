/**
 * The by-id loader behind `personById`, `articleById`, …: one `find({_id: {$in}})` per batch,
 * results returned in key order with null for misses. ObjectIds are keyed by hex, since two
 * ObjectId instances of the same id are different objects to a Map.
 *
 * It also remembers what its batches returned, so that a field whose document this request has
 * already read can return it as a plain value (`loadNow`): graphql-js completes a value in place,
 * while each promise costs it a microtask and turns every enclosing object into a promise too.
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';

/** DataLoader's own switches; only the benchmark turns batching and caching off. */
export interface LoaderOptions {
  batch?: boolean;
  cache?: boolean;
}

export interface DocumentLoaderOptions extends LoaderOptions {
  /** Remember settled documents for `loadNow`; off only in the benchmark's comparison. */
  remember?: boolean;
}

export class DocumentLoader<T extends Document & { _id: ObjectId }> extends DataLoader<ObjectId, T | null, string> {
  readonly #settled: Map<string, T | null>;
  readonly #cache: Map<string, Promise<T | null>> | undefined;

  /** Whether `loadNow` can answer from memory (see read-ahead.ts). */
  readonly remembers: boolean;

  constructor(collection: Collection<T>, { remember = true, ...options }: DocumentLoaderOptions = {}) {
    const settled = new Map<string, T | null>();
    // Our own cache map, so we can tell whether a key was cleared while its batch was out.
    const cache = options.cache === false || !remember ? undefined : new Map<string, Promise<T | null>>();
    super(
      async (ids) => {
        const docs = await collection.find({ _id: { $in: [...ids] } } as Filter<T>, { batchSize: ids.length }).toArray();
        const byId = new Map(docs.map((doc) => [doc._id.toHexString(), doc as T]));
        return ids.map((id) => {
          const hex = id.toHexString();
          const doc = byId.get(hex) ?? null;
          if (cache?.has(hex)) settled.set(hex, doc);
          return doc;
        });
      },
      { cacheKeyFn: (id) => id.toHexString(), ...(cache ? { cacheMap: cache } : {}), ...options },
    );
    this.#settled = settled;
    this.#cache = cache;
    this.remembers = cache !== undefined;
  }

  /** The document itself when this request has read it already, otherwise a promise of it. */
  loadNow(id: ObjectId): T | null | Promise<T | null> {
    const hex = id.toHexString();
    return this.#settled.has(hex) ? (this.#settled.get(hex) as T | null) : this.load(id);
  }

  override prime(id: ObjectId, value: T | null | Error | PromiseLike<T | null>): this {
    const hex = id.toHexString();
    // DataLoader keeps an entry it already has, and so do we.
    if (this.#cache && !this.#cache.has(hex) && (value === null || (!(value instanceof Error) && !('then' in value))))
      this.#settled.set(hex, value);
    return super.prime(id, value);
  }

  override clear(id: ObjectId): this {
    this.#settled.delete(id.toHexString());
    return super.clear(id);
  }

  override clearAll(): this {
    this.#settled.clear();
    return super.clearAll();
  }
}

export function documentsById<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  options: DocumentLoaderOptions = {},
): DocumentLoader<T> {
  return new DocumentLoader(collection, options);
}

/** Puts documents a list query already read into a by-id loader, so fields that follow need no read. */
export function prime<T extends { _id: ObjectId }>(loader: DataLoader<ObjectId, T | null, string>, docs: T[]): void {
  for (const doc of docs) loader.prime(doc._id, doc);
}
