/**
 * The by-id loader behind `personById`, `articleById`, …: one `find({_id: {$in}})` per batch,
 * results returned in key order with null for misses. ObjectIds are keyed by hex, since two
 * ObjectId instances of the same id are different objects to a Map.
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';

/** DataLoader's own switches; only the benchmark turns batching and caching off. */
export interface LoaderOptions {
  batch?: boolean;
  cache?: boolean;
}

export function documentsById<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  options: LoaderOptions = {},
): DataLoader<ObjectId, T | null, string> {
  return new DataLoader<ObjectId, T | null, string>(
    async (ids) => {
      const docs = await collection.find({ _id: { $in: [...ids] } } as Filter<T>, { batchSize: ids.length }).toArray();
      const byId = new Map(docs.map((doc) => [doc._id.toHexString(), doc as T]));
      return ids.map((id) => byId.get(id.toHexString()) ?? null);
    },
    { cacheKeyFn: (id) => id.toHexString(), ...options },
  );
}

/** Puts documents a list query already read into a by-id loader, so fields that follow need no read. */
export function prime<T extends { _id: ObjectId }>(loader: DataLoader<ObjectId, T | null, string>, docs: T[]): void {
  for (const doc of docs) loader.prime(doc._id, doc);
}
