/** Databases and collections: create, drop, rename and list them. */
import type { Doc } from '../bson-values.js';
import { collectionName, optionalDoc } from '../command-args.js';
import { MongoCommandError } from '../errors.js';
import { compileFilter } from '../select.js';
import type { CommandHandler } from '../server-state.js';

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

const create: CommandHandler = ({ state, db }, command) => {
  const name = collectionName(command, 'create');
  const options: Doc = {};
  for (const field of CREATE_OPTION_FIELDS) if (command[field] !== undefined) options[field] = command[field];
  const existing = state.catalog.collection(db, name);
  if (existing) {
    if (JSON.stringify(existing.options) === JSON.stringify(options)) return { ok: 1 };
    throw new MongoCommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  state.catalog.ensureCollection(db, name, options);
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
    const full: Doc = {
      name: collection.name,
      type: 'collection',
      options: collection.options,
      info: { readOnly: false, uuid: collection.uuid },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    };
    if (!query.test(full)) continue;
    entries.push(command.nameOnly ? { name: collection.name, type: 'collection' } : full);
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
  listCollections,
  listDatabases,
  collStats,
};
