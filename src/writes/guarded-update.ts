/**
 * Updates one document only if its version is still the one the caller read: the version check and
 * the write are one atomic findOneAndUpdate, so of two concurrent edits from the same version exactly
 * one wins and the other gets STALE_VERSION. Unique-index violations become CONFLICT.
 */
import { type Collection, type Document, MongoServerError, type ObjectId } from 'mongodb';
import type { Writer } from '../auth/require-role.js';
import { changed } from './audit.js';
import { refuse } from './user-errors.js';

export function isDuplicateKey(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === 11000;
}

export function conflictOnDuplicate(error: unknown, what: string): never {
  if (isDuplicateKey(error)) {
    const field = Object.keys(error.keyPattern ?? { slug: 1 })[0] ?? 'slug';
    refuse('CONFLICT', `${what} with this ${field} already exists`, ['input', field]);
  }
  throw error;
}

export async function guardedUpdate<T extends Document>(
  collection: Collection<T>,
  id: ObjectId,
  expectedVersion: number,
  update: { $set?: Document; $push?: Document; $unset?: Document },
  writer: Writer,
  what: string,
): Promise<T> {
  const stamp = changed(writer);
  const untyped = collection as unknown as Collection<Document>;
  let result: T | null;
  try {
    result = (await untyped.findOneAndUpdate(
      { _id: id, version: expectedVersion },
      { ...update, $set: { ...update.$set, ...stamp.$set }, $inc: stamp.$inc },
      { returnDocument: 'after' },
    )) as T | null;
  } catch (error) {
    return conflictOnDuplicate(error, what);
  }
  if (result) return result;
  const current = await untyped.findOne({ _id: id }, { projection: { version: 1 } });
  if (!current) return refuse('NOT_FOUND', `No ${what} with this id`, ['input', 'id']);
  return refuse('STALE_VERSION', `${what} is at version ${current.version}, not ${expectedVersion}: re-read it and retry`, [
    'input',
    'expectedVersion',
  ]);
}
