/**
 * Collections that count the read commands a request sends, in the request's own trace, for the
 * requests answered directly (src/execution/direct-answers.ts).
 *
 * Why not the connection pool's events, as requests through Apollo are counted
 * (src/plugins/request-context.ts)? Attributing a pool event to its request needs an
 * AsyncLocalStorage context, and on Node 20 that context costs a hook on every promise the process
 * makes, whichever request makes it: about a seventh of the article reader's CPU. A direct answer
 * runs a query, and everything a query reads goes through the collections of its context; counting
 * there needs no hook at all.
 *
 * A counted collection is the driver's own with a counting layer in front: its prototype chain is
 * one layer of counting methods (built once per collection) and then the real collection, so
 * everything else is the driver's. A cursor counts each batch it fetches — the initial find or
 * aggregate, then every getMore; findOne, countDocuments, estimatedDocumentCount and distinct count
 * one command each. A read the driver retries after a network error counts once.
 */
import type { AbstractCursor, Collection, Document } from 'mongodb';
import type { Collections, ReadWriteCollections } from './collections.js';

export interface CommandCount {
  databaseCommands: number;
}

const COUNT = Symbol('command count');
type Counting = { [COUNT]: CommandCount };

/** Whether asking the cursor for more documents now sends a command (the first batch, or a getMore). */
function fetchesNext(cursor: AbstractCursor): boolean {
  if (cursor.bufferedCount() > 0) return false;
  const id = cursor.id;
  return id === undefined || !(id.isZero() || cursor.closed || cursor.killed);
}

// The cursor's own methods, each counting a fetch first; shared by every counted cursor.
const cursorMethods = Object.fromEntries(
  (['next', 'hasNext', 'tryNext'] as const).map((name) => [
    name,
    function (this: AbstractCursor & Counting) {
      if (fetchesNext(this)) this[COUNT].databaseCommands++;
      return Object.getPrototypeOf(this)[name].call(this);
    },
  ]),
);

/** One batch at a time, as the driver's own toArray reads (newsgraph's reads set no `map` transform). */
async function toArray(this: AbstractCursor) {
  const documents: unknown[] = [];
  while (await this.hasNext()) for (const document of this.readBufferedDocuments()) documents.push(document);
  return documents;
}

function counted<C extends AbstractCursor>(cursor: C, count: CommandCount): C {
  return Object.assign(cursor, cursorMethods, { toArray, [COUNT]: count });
}

/**
 * The counting layer over one collection: built once, shared by every request's counted collection.
 * Its methods call the driver on the real collection, not on the request's object: a request's
 * object has the layer as its prototype, so the six collections would be six hidden classes to the
 * driver's code, and its property reads would turn megamorphic (in one process that cost more CPU
 * than the counting itself; BENCHMARKS.md, session 14). `findOne` and `countDocuments` are counted
 * here for the same reason: the driver runs them on the real collection, whose `find` and
 * `aggregate` do not count. Each reads exactly one batch: `findOne` asks for a single batch (the
 * CRUD specification's findOne), and a count's `$group` answers one row.
 */
function countingLayer<T extends Document>(collection: Collection<T>): Collection<T> {
  const layer: Collection<T> = Object.create(collection);
  Object.assign(layer, {
    find(this: Counting, ...args: Parameters<Collection<T>['find']>) {
      return counted(collection.find(...args), this[COUNT]);
    },
    aggregate(this: Counting, ...args: Parameters<Collection<T>['aggregate']>) {
      return counted(collection.aggregate(...args), this[COUNT]);
    },
    findOne(this: Counting, ...args: unknown[]) {
      this[COUNT].databaseCommands++;
      return (collection.findOne as (...a: unknown[]) => unknown)(...args);
    },
    countDocuments(this: Counting, ...args: Parameters<Collection<T>['countDocuments']>) {
      this[COUNT].databaseCommands++;
      return collection.countDocuments(...args);
    },
    estimatedDocumentCount(this: Counting, ...args: Parameters<Collection<T>['estimatedDocumentCount']>) {
      this[COUNT].databaseCommands++;
      return collection.estimatedDocumentCount(...args);
    },
    distinct(this: Counting, ...args: unknown[]) {
      this[COUNT].databaseCommands++;
      return (collection.distinct as (...a: unknown[]) => unknown)(...args);
    },
  });
  return layer;
}

const layers = new WeakMap<Collection<Document>, Collection<Document>>();

function countedCollection<T extends Document>(collection: Collection<T>, count: CommandCount): Collection<T> {
  let layer = layers.get(collection as unknown as Collection<Document>) as Collection<T> | undefined;
  if (layer === undefined) {
    layer = countingLayer(collection);
    layers.set(collection as unknown as Collection<Document>, layer as unknown as Collection<Document>);
  }
  return Object.assign(Object.create(layer) as Collection<T>, { [COUNT]: count });
}

function countedSet(collections: Collections, count: CommandCount): Collections {
  return {
    articles: countedCollection(collections.articles, count),
    people: countedCollection(collections.people, count),
    statements: countedCollection(collections.statements, count),
    exchanges: countedCollection(collections.exchanges, count),
    searchTerms: countedCollection(collections.searchTerms, count),
    statementTallies: countedCollection(collections.statementTallies, count),
  };
}

/** The request's collections, counting into `count`; writes and transactions are not for queries. */
export function countedCollections({ reads, writes }: ReadWriteCollections, count: CommandCount): ReadWriteCollections {
  return { reads: countedSet(reads, count), writes: countedSet(writes, count) };
}
