/**
 * The in-memory catalog: databases → collections → documents and indexes. Every mutation goes
 * through these methods, which validate first and then change state synchronously (no await in
 * between), so a single-document write is atomic. Each applied change is also reported to the
 * `record` sink, which the journal turns into durable records and replay feeds back in.
 */
import { randomUUID } from 'node:crypto';
import { UUID } from 'bson';
import { type Doc, idKey } from './bson-values.js';
import { DocumentStore } from './document-store.js';
import { MongoCommandError } from './errors.js';
import { type IndexSpec, OrderedIndex } from './ordered-index.js';
import { TextIndex, type TextIndexSpec } from './text-index.js';

export type ChangeRecord =
  | { op: 'createCollection'; db: string; coll: string; options: Doc }
  | { op: 'dropCollection'; db: string; coll: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'rename'; db: string; coll: string; toDb: string; toColl: string }
  | { op: 'createIndex'; db: string; coll: string; spec: Doc }
  | { op: 'dropIndex'; db: string; coll: string; name: string }
  | { op: 'put'; db: string; coll: string; doc: Doc; before?: Doc }
  | { op: 'delete'; db: string; coll: string; id: unknown; doc?: Doc }
  | { op: 'collMod'; db: string; coll: string; options: Doc };

export type RecordSink = (record: ChangeRecord) => void;

const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  #docs = new DocumentStore();
  readonly indexes: OrderedIndex[] = [new OrderedIndex(ID_INDEX)];
  text?: TextIndex;
  readonly uuid = new UUID(randomUUID());

  constructor(
    public db: string,
    public name: string,
    /** Replaced as a whole by collMod (Catalog.modifyCollection), never changed in place. */
    public options: Doc,
    private readonly record: RecordSink,
  ) {}

  /** The documents by `idKey`, in natural order. */
  get docs(): DocumentStore {
    return this.#docs;
  }

  /**
   * A copy (a transaction's snapshot) that reports its changes to `record` and shares documents and
   * indexes with this collection copy-on-write: O(blocks), whatever the number of documents.
   */
  copy(record: RecordSink): Collection {
    const copy = new Collection(this.db, this.name, this.options, record);
    copy.#docs = this.#docs.clone();
    copy.indexes.length = 0;
    for (const index of this.indexes) copy.indexes.push(index.clone());
    copy.text = this.text?.clone();
    return copy;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get idIndex(): OrderedIndex {
    return this.indexes[0];
  }

  #checkUnique(doc: Doc, key: string): void {
    for (const index of this.indexes) {
      const duplicate = index.findDuplicate(doc, key);
      if (duplicate) throw index.duplicateKeyError(this.ns, duplicate);
    }
  }

  #indexAdd(doc: Doc, key: string): void {
    for (const index of this.indexes) index.add(doc, key);
    this.text?.add(doc, key);
  }

  #indexRemove(doc: Doc, key: string): void {
    for (const index of this.indexes) index.remove(doc, key);
    this.text?.remove(doc, key);
  }

  /** Inserts a document whose `_id` is already set and first; throws DuplicateKey on any unique index. */
  insert(doc: Doc): void {
    const key = idKey(doc._id);
    if (this.docs.has(key)) throw this.idIndex.duplicateKeyError(this.ns, [doc._id]);
    this.#checkUnique(doc, key);
    this.docs.set(key, doc);
    this.#indexAdd(doc, key);
    this.record({ op: 'put', db: this.db, coll: this.name, doc });
  }

  /** Swaps a stored document for its new version (same `_id`). */
  replace(previous: Doc, next: Doc): void {
    const key = idKey(previous._id);
    this.#indexRemove(previous, key);
    try {
      this.#checkUnique(next, key);
    } catch (error) {
      this.#indexAdd(previous, key);
      throw error;
    }
    this.docs.set(key, next);
    this.#indexAdd(next, key);
    // The previous version lets the oplog describe the update and a transaction undo it.
    this.record({ op: 'put', db: this.db, coll: this.name, doc: next, before: previous });
  }

  /** Insert-or-replace by `_id`, for journal replay and `$out`/`$merge`. */
  put(doc: Doc): void {
    const existing = this.docs.get(idKey(doc._id));
    if (existing) this.replace(existing, doc);
    else this.insert(doc);
  }

  remove(doc: Doc): void {
    const key = idKey(doc._id);
    if (!this.docs.delete(key)) return;
    this.#indexRemove(doc, key);
    this.record({ op: 'delete', db: this.db, coll: this.name, id: doc._id, doc });
  }

  removeById(id: unknown): void {
    const doc = this.docs.get(idKey(id));
    if (doc) this.remove(doc);
  }

  indexSpecs(): Doc[] {
    const specs: Doc[] = this.indexes.map((index) => ({ ...index.spec }));
    if (this.text) specs.push({ ...this.text.spec });
    return specs;
  }

  findIndex(name: string): OrderedIndex | TextIndex | undefined {
    if (this.text?.spec.name === name) return this.text;
    return this.indexes.find((index) => index.name === name);
  }

  /** Builds an index over the existing documents; a unique violation leaves the collection unchanged. */
  createIndex(spec: Doc): void {
    if (spec.key && (spec.key as Doc)._fts === 'text') {
      const text = new TextIndex(spec as TextIndexSpec);
      for (const [key, doc] of this.docs) text.add(doc, key);
      this.text = text;
    } else {
      const index = new OrderedIndex(spec as IndexSpec);
      for (const [key, doc] of this.docs) {
        const duplicate = index.findDuplicate(doc, key);
        if (duplicate) throw index.duplicateKeyError(this.ns, duplicate);
        index.add(doc, key);
      }
      this.indexes.push(index);
    }
    this.record({ op: 'createIndex', db: this.db, coll: this.name, spec });
  }

  dropIndex(name: string): void {
    if (this.text?.spec.name === name) this.text = undefined;
    else {
      const at = this.indexes.findIndex((index) => index.name === name);
      if (at > 0) this.indexes.splice(at, 1);
    }
    this.record({ op: 'dropIndex', db: this.db, coll: this.name, name });
  }
}

export class Catalog {
  readonly databases = new Map<string, Map<string, Collection>>();
  /** Replaced by the journal when the server persists; a no-op for a memory-only server. */
  record: RecordSink = () => {};

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created (with its `_id_` index) on first use as mongod does implicitly. */
  ensureCollection(db: string, name: string, options: Doc = {}): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    validateCollectionName(db, name);
    const collections = this.databases.get(db) ?? new Map<string, Collection>();
    this.databases.set(db, collections);
    const created = new Collection(db, name, options, (record) => this.record(record));
    collections.set(name, created);
    this.record({ op: 'createCollection', db, coll: name, options });
    return created;
  }

  /** collMod: new options (validator, validation level and action, a view's definition). */
  modifyCollection(db: string, name: string, options: Doc): void {
    const collection = this.collection(db, name);
    if (!collection) return;
    collection.options = options;
    this.record({ op: 'collMod', db, coll: name, options });
  }

  dropCollection(db: string, name: string): boolean {
    const collections = this.databases.get(db);
    if (!collections?.has(name)) return false;
    // Recorded while the collection still exists, so the oplog entry can name its UUID.
    this.record({ op: 'dropCollection', db, coll: name });
    collections.delete(name);
    if (collections.size === 0) this.databases.delete(db);
    return true;
  }

  /** Drops each collection first (change streams report a `drop` per collection), then the database. */
  dropDatabase(db: string): void {
    const collections = this.databases.get(db);
    if (!collections) return;
    for (const name of [...collections.keys()]) this.dropCollection(db, name);
    this.databases.delete(db);
    this.record({ op: 'dropDatabase', db });
  }

  rename(db: string, name: string, toDb: string, toName: string): void {
    const source = this.collection(db, name);
    if (!source) return;
    validateCollectionName(toDb, toName);
    this.databases.get(db)?.delete(name);
    if (this.databases.get(db)?.size === 0) this.databases.delete(db);
    const target = this.databases.get(toDb) ?? new Map<string, Collection>();
    this.databases.set(toDb, target);
    source.db = toDb;
    source.name = toName;
    target.set(toName, source);
    this.record({ op: 'rename', db, coll: name, toDb, toColl: toName });
  }

  /** Applies a journal record during replay. */
  apply(change: ChangeRecord): void {
    switch (change.op) {
      case 'createCollection':
        this.ensureCollection(change.db, change.coll, change.options);
        return;
      case 'dropCollection':
        this.dropCollection(change.db, change.coll);
        return;
      case 'dropDatabase':
        this.dropDatabase(change.db);
        return;
      case 'rename':
        this.dropCollection(change.toDb, change.toColl);
        this.rename(change.db, change.coll, change.toDb, change.toColl);
        return;
      case 'createIndex':
        this.ensureCollection(change.db, change.coll).createIndex(change.spec);
        return;
      case 'dropIndex':
        this.collection(change.db, change.coll)?.dropIndex(change.name);
        return;
      case 'put':
        this.ensureCollection(change.db, change.coll).put(change.doc);
        return;
      case 'delete':
        this.collection(change.db, change.coll)?.removeById(change.id);
        return;
      case 'collMod':
        this.modifyCollection(change.db, change.coll, change.options);
        return;
    }
  }
}

export function validateCollectionName(db: string, name: string): void {
  if (!db || /[/\\. "$\0]/.test(db)) throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
}
