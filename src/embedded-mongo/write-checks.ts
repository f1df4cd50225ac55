/** Checks every stored document passes: a valid `_id`, the size limit, the collection's validator. */
import { ObjectId } from 'bson';
import { type Doc, isPlainObject } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { idFirst } from './projection.js';
import type { Collection } from './storage.js';
import { checkDocumentSize } from './update-document.js';
import { enforceValidator } from './validation.js';

/** The document as it will be stored: `_id` generated when absent and moved first. */
export function prepareInsert(doc: Doc): Doc {
  const withId = '_id' in doc && doc._id !== undefined ? doc : { _id: new ObjectId(), ...doc };
  if (Array.isArray(withId._id)) throw new MongoCommandError('InvalidIdField', "The '_id' value cannot be of type array");
  if (isPlainObject(withId._id) && Object.keys(withId._id).some((key) => key.startsWith('$'))) {
    throw new MongoCommandError('InvalidIdField', "_id fields may not contain '$'-prefixed fields");
  }
  const stored = idFirst(withId);
  checkDocumentSize(stored);
  return stored;
}

/** Refuses a document the collection's validator rejects (see validation.ts). */
export function checkValidator(collection: Collection, doc: Doc, previous?: Doc): void {
  enforceValidator(collection.options, doc, previous);
}
