/** Databases and collections: create, drop, rename and list them. */
import { type Doc, isPlainObject } from '../bson-values.js';
import { parseCollation } from '../collation.js';
import { collectionName, optionalDoc } from '../command-args.js';
import { MongoCommandError } from '../errors.js';
import { compileFilter } from '../select.js';
import type { CommandHandler } from '../server-state.js';
import { checkValidationOptions } from '../validation.js';
import { isView } from '../views.js';

const CREATE_OPTION_FIELDS = [
  'capped',
  'size',
  'max',
  'validator',
  'validationLevel',
  'validationAction',
  'collation',
  'timeseries',
  'expireAfterSeconds',
  'clusteredIndex',
  'changeStreamPreAndPostImages',
];

/** Collection kinds the embedded server does not implement: refused rather than created as plain collections. */
const UNSUPPORTED_CREATE_OPTIONS = ['capped', 'size', 'max', 'timeseries', 'clusteredIndex', 'expireAfterSeconds'];

/** The options of a view: what it is defined on, its pipeline and (optionally) its collation. */
function viewOptions(command: Doc): Doc {
  if (typeof command.viewOn !== 'string' || command.viewOn.length === 0) {
    throw new MongoCommandError('TypeMismatch', "BSON field 'create.viewOn' is the wrong type, expected type 'string'");
  }
  const pipeline = command.pipeline ?? [];
  if (!Array.isArray(pipeline) || !pipeline.every((stage) => isPlainObject(stage))) {
    throw new MongoCommandError('TypeMismatch', "BSON field 'create.pipeline' is the wrong type, expected type 'array'");
  }
  for (const stage of pipeline as Doc[]) {
    const stageName = Object.keys(stage)[0];
    if (stageName === '$out' || stageName === '$merge') {
      throw new MongoCommandError('OptionNotSupportedOnView', `${stageName} cannot be used in a view definition`);
    }
  }
  for (const field of CREATE_OPTION_FIELDS) {
    if (command[field] !== undefined && field !== 'collation') {
      throw new MongoCommandError('InvalidOptions', `option '${field}' is not supported when creating a view`);
    }
  }
  const options: Doc = { viewOn: command.viewOn, pipeline };
  if (command.collation !== undefined) options.collation = command.collation;
  return options;
}

const create: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'create');
  let options: Doc = {};
  if (command.viewOn !== undefined || command.pipeline !== undefined) options = viewOptions(command);
  else for (const field of CREATE_OPTION_FIELDS) if (command[field] !== undefined) options[field] = command[field];
  for (const field of UNSUPPORTED_CREATE_OPTIONS) {
    if (options[field] !== undefined && options[field] !== false) {
      throw new MongoCommandError('InvalidOptions', `the embedded server does not support '${field}' collections`);
    }
  }
  if (options.collation !== undefined) parseCollation(options.collation);
  checkValidationOptions(options);
  const existing = state.catalog.collection(db, name);
  if (existing) {
    if (JSON.stringify(existing.options) === JSON.stringify(options)) return { ok: 1 };
    throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  state.catalog.ensureCollection(db, name, options);
  return { ok: 1 };
};

/** What collMod may change on a collection, and on a view. */
const COLLECTION_MODIFIABLE = new Set(['validator', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages']);
const VIEW_MODIFIABLE = new Set(['viewOn', 'pipeline']);
const IGNORED_FIELDS = new Set([
  'collMod',
  '$db',
  'lsid',
  'writeConcern',
  'comment',
  'maxTimeMS',
  '$clusterTime',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

const collMod: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'collMod');
  const collection = state.catalog.collection(db, name);
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  const view = isView(collection.options);
  const allowed = view ? VIEW_MODIFIABLE : COLLECTION_MODIFIABLE;
  const options: Doc = { ...collection.options };
  for (const [field, value] of Object.entries(command)) {
    if (IGNORED_FIELDS.has(field)) continue;
    if (!allowed.has(field)) {
      const known = COLLECTION_MODIFIABLE.has(field) || VIEW_MODIFIABLE.has(field);
      if (known) throw new MongoCommandError('InvalidOptions', `option not supported on a ${view ? 'view' : 'collection'}: ${field}`);
      throw new MongoCommandError('InvalidOptions', `unknown option to collMod: ${field}`);
    }
    if (field === 'changeStreamPreAndPostImages' && !(isPlainObject(value) && typeof value.enabled === 'boolean')) {
      throw new MongoCommandError('TypeMismatch', "changeStreamPreAndPostImages must be an object with a boolean 'enabled'");
    }
    options[field] = value;
  }
  if (view) viewOptions({ ...options, viewOn: options.viewOn, pipeline: options.pipeline });
  else checkValidationOptions(options);
  state.catalog.modifyCollection(db, name, options);
  return { ok: 1 };
};

const drop: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'drop');
  const collection = state.catalog.collection(db, name);
  const nIndexesWas = collection ? collection.indexes.length + (collection.text ? 1 : 0) : undefined;
  // Since MongoDB 7.0 dropping a missing collection succeeds (SERVER-43894).
  if (!collection) return { ok: 1 };
  state.catalog.dropCollection(db, name);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
};

const dropDatabase: CommandHandler = ({ state, db }) => {
  state.catalog.dropDatabase(db);
  return { ok: 1 };
};

function splitNamespace(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.'))
    throw new MongoCommandError('InvalidNamespace', `Invalid namespace specified '${String(ns)}' for ${field}`);
  const dot = ns.indexOf('.');
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

const renameCollection: CommandHandler = ({ state }, command) => {
  const [db, name] = splitNamespace(command.renameCollection, 'renameCollection');
  const [toDb, toName] = splitNamespace(command.to, 'to');
  if (!state.catalog.collection(db, name)) throw new MongoCommandError('NamespaceNotFound', 'Source collection does not exist');
  if (state.catalog.collection(toDb, toName)) {
    if (!command.dropTarget) throw new MongoCommandError('NamespaceExists', 'target namespace exists');
    state.catalog.dropCollection(toDb, toName);
  }
  state.catalog.rename(db, name, toDb, toName);
  return { ok: 1 };
};

const listCollections: CommandHandler = ({ state, db }, command) => {
  const filter = optionalDoc(command, 'filter') ?? {};
  const query = compileFilter(filter);
  const entries: Doc[] = [];
  for (const collection of state.catalog.databases.get(db)?.values() ?? []) {
    const view = isView(collection.options);
    const type = view ? 'view' : 'collection';
    const full: Doc = view
      ? { name: collection.name, type, options: collection.options, info: { readOnly: true } }
      : {
          name: collection.name,
          type,
          options: collection.options,
          info: { readOnly: false, uuid: collection.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
    if (!query.test(full)) continue;
    entries.push(command.nameOnly ? { name: collection.name, type } : full);
  }
  const batchSize = (optionalDoc(command, 'cursor')?.batchSize as number | undefined) ?? undefined;
  return state.cursors.firstBatch(`${db}.$cmd.listCollections`, entries, batchSize);
};

const listDatabases: CommandHandler = ({ state }, command) => {
  const filter = optionalDoc(command, 'filter');
  const query = filter ? compileFilter(filter) : undefined;
  const databases: Doc[] = [];
  for (const [name, collections] of state.catalog.databases) {
    let documents = 0;
    for (const collection of collections.values()) documents += collection.docs.size;
    const entry = command.nameOnly ? { name } : { name, sizeOnDisk: documents * 256, empty: documents === 0 };
    if (!query || query.test(entry)) databases.push(entry);
  }
  const totalSize = databases.reduce((sum, entry) => sum + Number(entry.sizeOnDisk ?? 0), 0);
  return command.nameOnly ? { databases, ok: 1 } : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024), ok: 1 };
};

const collStats: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'collStats');
  const collection = state.catalog.collection(db, name);
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `Collection [${db}.${name}] not found.`);
  return { ns: collection.ns, count: collection.docs.size, nindexes: collection.indexes.length + (collection.text ? 1 : 0), ok: 1 };
};

export const catalogCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  renameCollection,
  collMod,
  listCollections,
  listDatabases,
  collStats,
};
