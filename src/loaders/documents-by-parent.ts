/**
 * Loaders for reverse relations without pagination, e.g. `exchangesByPersonId`: one
 * `find({field: {$in: parentIds}})` per batch, grouped back per parent (a document lists under
 * every parent its array field names).
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import { dataLoaderArguments, type LoaderOptions } from './batch-schedule.js';

export function documentsByParent<T extends Document>(
  collection: Collection<T>,
  field: string,
  sort: Record<string, 1 | -1>,
  options: LoaderOptions = {},
): DataLoader<ObjectId, T[], string> {
  return new DataLoader<ObjectId, T[], string>(
    ...dataLoaderArguments<ObjectId, T[], string>(
      async (parentIds) => {
        const docs = (await collection
          .find({ [field]: { $in: [...parentIds] } } as Filter<T>)
          .sort(sort)
          .toArray()) as T[];
        const byParent = new Map<string, T[]>();
        for (const doc of docs) {
          const value = doc[field] as ObjectId | ObjectId[];
          for (const id of Array.isArray(value) ? value : [value]) {
            const hex = id.toHexString();
            const children = byParent.get(hex);
            if (children) children.push(doc);
            else byParent.set(hex, [doc]);
          }
        }
        return parentIds.map((id) => byParent.get(id.toHexString()) ?? []);
      },
      (id) => id.toHexString(),
      options,
    ),
  );
}
