/**
 * Writes that touch several documents (a cascade delete, an entity with its dependents) run as one
 * transaction where the deployment supports it: `withTransaction`, which retries on transient
 * errors, over the same collections bound to its session. On a standalone they run as they always
 * did — ordered and idempotent steps, each safe to repeat after a crash.
 */
import type { ClientSession, Collection, Document, MongoClient, WriteConcernSettings } from 'mongodb';
import type { Collections } from './collections.js';
import { type Deployment, detectDeployment } from './deployment.js';

export type Atomically = <T>(work: (collections: Collections) => Promise<T>) => Promise<T>;

/** Where each Collection method takes its options, so the session can be put there. */
const OPTIONS_ARGUMENT: Record<string, number> = {
  find: 1,
  findOne: 1,
  countDocuments: 1,
  aggregate: 1,
  insertOne: 1,
  insertMany: 1,
  deleteOne: 1,
  deleteMany: 1,
  findOneAndDelete: 1,
  bulkWrite: 1,
  updateOne: 2,
  updateMany: 2,
  replaceOne: 2,
  findOneAndUpdate: 2,
  findOneAndReplace: 2,
  distinct: 2,
};

/** The collection with `session` added to the options of every operation. */
function withSession<T extends Document>(collection: Collection<T>, session: ClientSession): Collection<T> {
  return new Proxy(collection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      const at = typeof property === 'string' ? OPTIONS_ARGUMENT[property] : undefined;
      if (at === undefined || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const options = (args[at] ?? {}) as Document;
        const bound = [...args];
        bound[at] = { ...options, session };
        return (value as (...a: unknown[]) => unknown).apply(target, bound);
      };
    },
  });
}

export function bindSession(collections: Collections, session: ClientSession): Collections {
  return {
    articles: withSession(collections.articles, session),
    people: withSession(collections.people, session),
    statements: withSession(collections.statements, session),
    exchanges: withSession(collections.exchanges, session),
    searchTerms: withSession(collections.searchTerms, session),
    statementTallies: withSession(collections.statementTallies, session),
  };
}

/**
 * Runs multi-document writes in a transaction when the deployment supports one. The write concern
 * goes on the commit (statements inside a transaction carry none). A first, trivial read starts the
 * transaction, since a write whose first statements run concurrently would start it twice.
 */
export function atomicWrites(client: MongoClient, collections: Collections, writeConcern: WriteConcernSettings): Atomically {
  let deployment: Promise<Deployment> | undefined;
  const detect = () => {
    deployment = detectDeployment(client);
    deployment.catch(() => {
      deployment = undefined;
    });
    return deployment;
  };
  // Asked at once, outside any request, so no request's command count includes the hello.
  detect();
  return async (work) => {
    deployment ??= detect();
    const { transactions } = await deployment;
    if (!transactions) return work(collections);
    const session = client.startSession();
    try {
      return await session.withTransaction(
        async () => {
          const bound = bindSession(collections, session);
          await bound.articles.findOne({ _id: null as never }, { projection: { _id: 1 } });
          return work(bound);
        },
        { writeConcern },
      );
    } finally {
      await session.endSession();
    }
  };
}
