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

export interface Repositories {
  articles: ReturnType<typeof articleRepository>;
  people: ReturnType<typeof personRepository>;
  statements: ReturnType<typeof statementRepository>;
  exchanges: ReturnType<typeof exchangeRepository>;
  search: ReturnType<typeof searchRepository>;
  stats: ReturnType<typeof statsRepository>;
}

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
 * Each is built on first use: a direct answer's collections are its own (they count its commands,
 * src/db/counted-collections.ts), and it uses one or two of the six.
 */
class LazyRepositories implements Repositories {
  #built: Partial<Repositories> = {};
  constructor(private readonly collections: Collections) {}
  get articles() {
    this.#built.articles ??= articleRepository(this.collections);
    return this.#built.articles;
  }
  get people() {
    this.#built.people ??= personRepository(this.collections);
    return this.#built.people;
  }
  get statements() {
    this.#built.statements ??= statementRepository(this.collections);
    return this.#built.statements;
  }
  get exchanges() {
    this.#built.exchanges ??= exchangeRepository(this.collections);
    return this.#built.exchanges;
  }
  get search() {
    this.#built.search ??= searchRepository(this.collections);
    return this.#built.search;
  }
  get stats() {
    this.#built.stats ??= statsRepository(this.collections);
    return this.#built.stats;
  }
}

const repositoriesByCollections = new WeakMap<Collections, Repositories>();

function repositoriesFor(collections: Collections): Repositories {
  let repositories = repositoriesByCollections.get(collections);
  if (!repositories) {
    repositories = new LazyRepositories(collections);
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
