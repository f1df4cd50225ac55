/** The per-request loaders. Built fresh for every request so no cached document outlives it. */
import type { Collections } from '../db/collections.js';
import { BatchSchedule, type LoaderOptions } from './batch-schedule.js';
import { connectionsByParent } from './connections-by-parent.js';
import { DocumentsById } from './documents-by-id.js';
import { documentsByParent } from './documents-by-parent.js';

/** How each loader is built; the names are the fields of `Loaders`. */
const FACTORIES = {
  articleById: (c: Collections, o: LoaderOptions) => new DocumentsById(c.articles, o),
  personById: (c: Collections, o: LoaderOptions) => new DocumentsById(c.people, o),
  statementById: (c: Collections, o: LoaderOptions) => new DocumentsById(c.statements, o),
  exchangeById: (c: Collections, o: LoaderOptions) => new DocumentsById(c.exchanges, o),
  statementsBySpeakerId: (c: Collections, o: LoaderOptions) =>
    connectionsByParent(c.statements, { parentField: 'speakerId', many: false }, o),
  statementsByArticleId: (c: Collections, o: LoaderOptions) =>
    connectionsByParent(c.statements, { parentField: 'articleId', many: false }, o),
  statementsAboutPersonId: (c: Collections, o: LoaderOptions) =>
    connectionsByParent(c.statements, { parentField: 'aboutIds', many: true }, o),
  articlesByPersonId: (c: Collections, o: LoaderOptions) => connectionsByParent(c.articles, { parentField: 'personIds', many: true }, o),
  exchangesByPersonId: (c: Collections, o: LoaderOptions) => documentsByParent(c.exchanges, 'personIds', { date: -1, _id: -1 }, o),
  exchangesByArticleId: (c: Collections, o: LoaderOptions) => documentsByParent(c.exchanges, 'articleIds', { date: -1, _id: -1 }, o),
};

type Name = keyof typeof FACTORIES;
export type Loaders = { readonly [K in Name]: ReturnType<(typeof FACTORIES)[K]> };

/**
 * A request touches two or three loaders, so each is built on first use. The getters live on one
 * prototype, defined once: a request costs one small object, not a closure and a property
 * definition per loader.
 */
class RequestLoaders {
  readonly built = new Map<Name, unknown>();
  constructor(
    readonly collections: Collections,
    readonly options: LoaderOptions,
  ) {}
}
for (const name of Object.keys(FACTORIES) as Name[]) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    enumerable: true,
    get(this: RequestLoaders) {
      let loader = this.built.get(name);
      if (loader === undefined) {
        loader = FACTORIES[name](this.collections, this.options);
        this.built.set(name, loader);
      }
      return loader;
    },
  });
}

/** `batching: false` is the benchmark's switch to show what batching buys; never used in service. */
export function createLoaders(collections: Collections, { batching = true }: { batching?: boolean } = {}): Loaders {
  // The prototype's getters (above) provide every name of Loaders.
  return new RequestLoaders(
    collections,
    batching ? { schedule: new BatchSchedule() } : { batch: false, cache: false },
  ) as unknown as Loaders;
}
