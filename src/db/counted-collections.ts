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
 * aggregate, then every getMore — which also covers findOne and countDocuments, the driver's
 * cursors underneath. A read the driver retries after a network error counts once.
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

/** The counting layer over one collection: built once, shared by every request's counted collection. */
function countingLayer<T extends Document>(collection: Collection<T>): Collection<T> {
  const real = Object.getPrototypeOf(collection) as Collection<T>;
  const layer: Collection<T> = Object.create(collection);
  Object.assign(layer, {
    find(this: Collection<T> & Counting, ...args: Parameters<Collection<T>['find']>) {
      return counted(real.find.apply(this, args), this[COUNT]);
    },
    aggregate(this: Collection<T> & Counting, ...args: Parameters<Collection<T>['aggregate']>) {
      return counted(real.aggregate.apply(this, args), this[COUNT]);
    },
    estimatedDocumentCount(this: Collection<T> & Counting, ...args: Parameters<Collection<T>['estimatedDocumentCount']>) {
      this[COUNT].databaseCommands++;
      return real.estimatedDocumentCount.apply(this, args);
    },
    distinct(this: Collection<T> & Counting, ...args: unknown[]) {
      this[COUNT].databaseCommands++;
      return (real.distinct as (...a: unknown[]) => unknown).apply(this, args);
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
