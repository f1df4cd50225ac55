/** What every resolver receives: per-request loaders and the repositories. */
import type { Collections } from './db/collections.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { articleRepository } from './repositories/articles.js';
import { exchangeRepository } from './repositories/exchanges.js';
import { personRepository } from './repositories/people.js';
import { searchRepository } from './repositories/search.js';
import { statementRepository } from './repositories/statements.js';

export interface Repositories {
  articles: ReturnType<typeof articleRepository>;
  people: ReturnType<typeof personRepository>;
  statements: ReturnType<typeof statementRepository>;
  exchanges: ReturnType<typeof exchangeRepository>;
  search: ReturnType<typeof searchRepository>;
}

export interface Context {
  loaders: Loaders;
  repositories: Repositories;
}

export function makeContext(collections: Collections): Context {
  return {
    loaders: createLoaders(collections),
    repositories: {
      articles: articleRepository(collections),
      people: personRepository(collections),
      statements: statementRepository(collections),
      exchanges: exchangeRepository(collections),
      search: searchRepository(collections),
    },
  };
}
