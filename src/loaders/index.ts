/** The per-request loaders. Built fresh for every request so no cached document outlives it. */
import type { Collections } from '../db/collections.js';
import { connectionsByParent } from './connections-by-parent.js';
import { documentsById } from './documents-by-id.js';
import { documentsByParent } from './documents-by-parent.js';

/** `batching: false` is the benchmark's switch to show what batching buys; never used in service. */
export function createLoaders(collections: Collections, { batching = true }: { batching?: boolean } = {}) {
  const loaderOptions = batching ? {} : { batch: false, cache: false };
  return lazily({
    articleById: () => documentsById(collections.articles, loaderOptions),
    personById: () => documentsById(collections.people, loaderOptions),
    statementById: () => documentsById(collections.statements, loaderOptions),
    exchangeById: () => documentsById(collections.exchanges, loaderOptions),
    statementsBySpeakerId: () => connectionsByParent(collections.statements, { parentField: 'speakerId', many: false }, loaderOptions),
    statementsByArticleId: () => connectionsByParent(collections.statements, { parentField: 'articleId', many: false }, loaderOptions),
    statementsAboutPersonId: () => connectionsByParent(collections.statements, { parentField: 'aboutIds', many: true }, loaderOptions),
    articlesByPersonId: () => connectionsByParent(collections.articles, { parentField: 'personIds', many: true }, loaderOptions),
    exchangesByPersonId: () => documentsByParent(collections.exchanges, 'personIds', { date: -1, _id: -1 }, loaderOptions),
    exchangesByArticleId: () => documentsByParent(collections.exchanges, 'articleIds', { date: -1, _id: -1 }, loaderOptions),
  });
}

/**
 * Builds each loader on first use: a request touches two or three of them, and a new set is made
 * for every request. `factories` maps names to thunks; the result maps them to the built values.
 */
function lazily<T extends Record<string, () => unknown>>(factories: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const built = new Map<keyof T, unknown>();
  const result = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const name of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(result, name, {
      enumerable: true,
      get() {
        if (!built.has(name)) built.set(name, factories[name]());
        return built.get(name);
      },
    });
  }
  return result;
}

export type Loaders = ReturnType<typeof createLoaders>;
