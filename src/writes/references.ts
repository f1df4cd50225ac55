/**
 * Ids in mutation inputs: parsed from global ids (a malformed one is a VALIDATION user error, not a
 * top-level error) and checked to exist (INVALID_REFERENCE), one `$in` query per collection.
 */
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import { globalId, type NodeType, parseGlobalId } from '../db/ids.js';
import { refuse } from './user-errors.js';

export function inputId(value: string, type: NodeType, field: string[]): ObjectId {
  try {
    return parseGlobalId(value, type);
  } catch {
    return refuse('VALIDATION', `${field.join('.')} is not a valid ${type} id`, field);
  }
}

/** Refuses unless every id names an existing document of `collection`. */
export async function requireExisting<T extends Document>(
  collection: Collection<T>,
  ids: ObjectId[],
  type: NodeType,
  field: string[],
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Map(ids.map((id) => [id.toHexString(), id])).values()];
  const found = await collection.find({ _id: { $in: unique } } as Filter<T>, { projection: { _id: 1 } }).toArray();
  if (found.length === unique.length) return;
  const present = new Set(found.map((doc) => (doc._id as ObjectId).toHexString()));
  const missing = unique.filter((id) => !present.has(id.toHexString()));
  refuse('INVALID_REFERENCE', `${field.join('.')}: no ${type} with id ${missing.map((id) => globalId(type, id)).join(', ')}`, field);
}
