/** createIndexes, listIndexes, dropIndexes, with mongod's conflict rules and text index specs. */
import { type Doc, isPlainObject } from '../bson-values.js';
import { parseCollation } from '../collation.js';
import { collectionName, docArray } from '../command-args.js';
import { MongoCommandError } from '../errors.js';
import type { CommandHandler } from '../server-state.js';
import type { Collection } from '../storage.js';

const OPTION_FIELDS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation', 'hidden'];

/** The spec as mongod stores it; a text key becomes `{_fts: "text", _ftsx: 1}` with weights. */
function normalizeSpec(raw: Doc, collectionCollation: unknown): Doc {
  if (!isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new MongoCommandError('BadValue', 'Index key pattern must be a non-empty object');
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0)
    throw new MongoCommandError('BadValue', 'index name must be a non-empty string');
  const spec: Doc = { v: 2 };
  const textFields = Object.entries(raw.key)
    .filter(([, kind]) => kind === 'text')
    .map(([field]) => field);
  if (textFields.length > 0) {
    const weights: Record<string, number> = {};
    for (const field of textFields) weights[field] = 1;
    if (isPlainObject(raw.weights)) for (const [field, weight] of Object.entries(raw.weights)) weights[field] = Number(weight);
    spec.key = { _fts: 'text', _ftsx: 1 };
    spec.name = raw.name;
    spec.weights = weights;
    spec.default_language = raw.default_language ?? 'english';
    spec.language_override = raw.language_override ?? 'language';
    spec.textIndexVersion = 3;
  } else {
    for (const [field, direction] of Object.entries(raw.key)) {
      if (typeof direction === 'string') throw new MongoCommandError('BadValue', `Unknown index plugin '${direction}' on field ${field}`);
    }
    spec.key = raw.key;
    spec.name = raw.name;
  }
  for (const field of OPTION_FIELDS) if (raw[field] !== undefined) spec[field] = raw[field];
  if (raw.unique === false) delete spec.unique;
  // An index without a collation takes the collection's; mongod stores and lists it in full form.
  const collation = parseCollation(raw.collation ?? collectionCollation);
  if (collation && textFields.length === 0) spec.collation = collation.spec;
  else delete spec.collation;
  return spec;
}

const sameKey = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const options = (spec: Doc) => JSON.stringify(OPTION_FIELDS.map((field) => spec[field] ?? null));

/** True when an identical index exists (a no-op); throws when the name or key conflicts. */
function alreadyExists(collection: Collection, spec: Doc): boolean {
  for (const existing of collection.indexSpecs()) {
    const isText = (spec.key as Doc)._fts === 'text';
    if (existing.name === spec.name) {
      if (sameKey(existing.key, spec.key) && options(existing) === options(spec)) return true;
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
      );
    }
    if (sameKey(existing.key, spec.key) || (isText && (existing.key as Doc)._fts === 'text')) {
      if (!isText && options(existing) === options(spec)) return true;
      throw new MongoCommandError(
        'IndexOptionsConflict',
        `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing)}`,
      );
    }
  }
  return false;
}

const createIndexes: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'createIndexes');
  const existing = state.catalog.collection(db, name);
  const specs = docArray(command, 'indexes').map((raw) => normalizeSpec(raw, existing?.options.collation));
  const createdCollectionAutomatically = !existing;
  const collection = state.catalog.ensureCollection(db, name);
  const numIndexesBefore = collection.indexSpecs().length;
  for (const spec of specs) {
    if (!alreadyExists(collection, spec)) collection.createIndex(spec);
  }
  return { numIndexesBefore, numIndexesAfter: collection.indexSpecs().length, createdCollectionAutomatically, ok: 1 };
};

const listIndexes: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'listIndexes');
  const collection = state.catalog.collection(db, name);
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  const batchSize = isPlainObject(command.cursor) ? (command.cursor.batchSize as number | undefined) : undefined;
  return state.cursors.firstBatch(`${db}.${name}`, collection.indexSpecs(), batchSize);
};

const dropIndexes: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'dropIndexes');
  const collection = state.catalog.collection(db, name);
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `ns not found ${db}.${name}`);
  const nIndexesWas = collection.indexSpecs().length;
  const target = command.index;
  const names: string[] = [];
  if (target === '*') {
    for (const spec of collection.indexSpecs().slice(1)) names.push(String(spec.name));
  } else {
    const list = Array.isArray(target) ? target : [target];
    for (const item of list) {
      const spec = collection.indexSpecs().find((s) => (typeof item === 'string' ? s.name === item : sameKey(s.key, item)));
      if (!spec)
        throw new MongoCommandError(
          'IndexNotFound',
          `index not found with name [${typeof item === 'string' ? item : JSON.stringify(item)}]`,
        );
      if (spec.name === '_id_') throw new MongoCommandError('InvalidOptions', 'cannot drop _id index');
      names.push(String(spec.name));
    }
  }
  for (const indexName of names) collection.dropIndex(indexName);
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = { createIndexes, listIndexes, dropIndexes };
