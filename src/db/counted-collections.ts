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
 * Each collection here is the driver's own with a counting layer in front (its prototype is the
 * real collection, so everything else is the driver's). A cursor counts each batch it fetches — the
 * initial find or aggregate, then every getMore — which also covers findOne and countDocuments, the
 * driver's cursors underneath. A read the driver retries after a network error counts once.
 */
import type { AbstractCursor, Collection, Document } from 'mongodb';
import type { Collections, ReadWriteCollections } from './collections.js';

export interface CommandCount {
  databaseCommands: number;
}

/** Whether asking the cursor for more documents now sends a command (the first batch, or a getMore). */
function fetchesNext(cursor: AbstractCursor): boolean {
  if (cursor.bufferedCount() > 0) return false;
  const id = cursor.id;
  return id === undefined || !(id.isZero() || cursor.closed || cursor.killed);
}

function countBatches<C extends AbstractCursor>(cursor: C, count: CommandCount): C {
  const { next, hasNext, tryNext } = cursor;
  Object.assign(cursor, {
    next(this: C) {
      if (fetchesNext(this)) count.databaseCommands++;
      return next.call(this);
    },
    hasNext(this: C) {
      if (fetchesNext(this)) count.databaseCommands++;
      return hasNext.call(this);
    },
    tryNext(this: C) {
      if (fetchesNext(this)) count.databaseCommands++;
      return tryNext.call(this);
    },
    // One batch at a time, as the driver's own toArray reads (newsgraph's reads set no `map` transform).
    async toArray(this: C) {
      const documents: unknown[] = [];
      while (await this.hasNext()) for (const document of this.readBufferedDocuments()) documents.push(document);
      return documents;
    },
  });
  return cursor;
}

function countedCollection<T extends Document>(collection: Collection<T>, count: CommandCount): Collection<T> {
  const counted: Collection<T> = Object.create(collection);
  const prototype = Object.getPrototypeOf(collection) as Collection<T>;
  Object.assign(counted, {
    find(...args: Parameters<Collection<T>['find']>) {
      return countBatches(prototype.find.apply(counted, args), count);
    },
    aggregate(...args: Parameters<Collection<T>['aggregate']>) {
      return countBatches(prototype.aggregate.apply(counted, args), count);
    },
    estimatedDocumentCount(...args: Parameters<Collection<T>['estimatedDocumentCount']>) {
      count.databaseCommands++;
      return prototype.estimatedDocumentCount.apply(counted, args);
    },
    distinct(...args: unknown[]) {
      count.databaseCommands++;
      return (prototype.distinct as (...a: unknown[]) => unknown).apply(counted, args);
    },
  });
  return counted;
}

function countedSet(collections: Collections, count: CommandCount): Collections {
  return {
    articles: countedCollection(collections.articles, count),
    people: countedCollection(collections.people, count),
    statements: countedCollection(collections.statements, count),
    exchanges: countedCollection(collections.exchanges, count),
    searchTerms: countedCollection(collections.searchTerms, count),
  };
}

/** The request's collections, counting into `count`; writes and transactions are not for queries. */
export function countedCollections({ reads, writes }: ReadWriteCollections, count: CommandCount): ReadWriteCollections {
  return { reads: countedSet(reads, count), writes: countedSet(writes, count) };
}
