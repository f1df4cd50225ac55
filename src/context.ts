/** What every resolver receives: who is calling, per-request loaders, repositories and collections. */
import type { Viewer } from './auth/viewer.js';
import type { Atomically } from './db/atomic-writes.js';
import type { Collections, ReadWriteCollections } from './db/collections.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { articleRepository } from './repositories/articles.js';
import { exchangeRepository } from './repositories/exchanges.js';
import { personRepository } from './repositories/people.js';
import { searchRepository } from './repositories/search.js';
import { statementRepository } from './repositories/statements.js';
import { statsRepository } from './stats/stats-repository.js';

/** How each repository is built from collections; the names are the fields of `Repositories`. */
const REPOSITORIES = {
  articles: articleRepository,
  people: personRepository,
  statements: statementRepository,
  exchanges: exchangeRepository,
  search: searchRepository,
  stats: statsRepository,
};

export type Repositories = { readonly [K in keyof typeof REPOSITORIES]: ReturnType<(typeof REPOSITORIES)[K]> };

export interface Context {
  /** Echoed in `x-request-id`, logs, and masked internal errors. */
  requestId: string;
  viewer: Viewer;
  loaders: Loaders;
  repositories: Repositories;
  /** For writes, which go through src/writes/ with the collections themselves (with the write concern). */
  collections: Collections;
  /** Runs a write that touches several documents all-or-nothing where the deployment allows it. */
  atomically: Atomically;
  /** Whether reads may fetch only the stored fields the selection reads (src/resolvers/fields-read.ts). */
  projections: boolean;
  /** This server's public origin (`https://host`), for the JSON-LD `@id`s that point back at it. */
  origin: string;
}

/** The origin JSON-LD ids use when a request gives none (scripts, in-process benchmarks). */
export const DEFAULT_ORIGIN = 'http://localhost:4000';

/**
 * Repositories hold no per-request state, so one set serves every request on the same collections.
 * Each is built on first use (getters on one prototype, as the loaders are): a direct answer's
 * collections are its own (they count its commands, src/db/counted-collections.ts), and it uses one
 * or two of the six.
 */
class LazyRepositories {
  readonly built = new Map<keyof Repositories, unknown>();
  constructor(readonly collections: Collections) {}
}
for (const name of Object.keys(REPOSITORIES) as Array<keyof Repositories>) {
  Object.defineProperty(LazyRepositories.prototype, name, {
    enumerable: true,
    get(this: LazyRepositories) {
      let repository = this.built.get(name);
      if (repository === undefined) {
        repository = REPOSITORIES[name](this.collections);
        this.built.set(name, repository);
      }
      return repository;
    },
  });
}

const repositoriesByCollections = new WeakMap<Collections, Repositories>();

function repositoriesFor(collections: Collections): Repositories {
  let repositories = repositoriesByCollections.get(collections);
  if (!repositories) {
    // The prototype's getters (above) provide every name of Repositories.
    repositories = new LazyRepositories(collections) as unknown as Repositories;
    repositoriesByCollections.set(collections, repositories);
  }
  return repositories;
}

export function makeContext(
  { reads, writes, atomically }: ReadWriteCollections,
  {
    viewer = { kind: 'anonymous' },
    requestId = 'none',
    batching = true,
    projections = true,
    origin = DEFAULT_ORIGIN,
  }: { viewer?: Viewer; requestId?: string; batching?: boolean; projections?: boolean; origin?: string } = {},
): Context {
  return {
    requestId,
    viewer,
    collections: writes,
    atomically: atomically ?? ((work) => work(writes)),
    loaders: createLoaders(reads, { batching }),
    repositories: repositoriesFor(reads),
    projections,
    origin,
  };
}
