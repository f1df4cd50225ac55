/** The `jsonLd` field of every node type: the same documents `/ld/…` serves, @ids on this server's origin. */
import type { ArticleResolvers, ExchangeResolvers, PersonResolvers, StatementResolvers } from '../__generated__/resolvers-types.js';
import { articleLd } from '../linked-data/article-ld.js';
import { exchangeLd } from '../linked-data/exchange-ld.js';
import { lookupThrough } from '../linked-data/linked-data-lookup.js';
import { personLd } from '../linked-data/person-ld.js';
import { statementLd } from '../linked-data/statement-ld.js';

export const ArticleJsonLd: Pick<ArticleResolvers, 'jsonLd'> = {
  jsonLd: (article, _args, { loaders, origin }) => articleLd(article, lookupThrough(loaders, origin)),
};

export const PersonJsonLd: Pick<PersonResolvers, 'jsonLd'> = {
  jsonLd: (person, _args, { origin }) => personLd(person, { origin }),
};

export const StatementJsonLd: Pick<StatementResolvers, 'jsonLd'> = {
  jsonLd: (statement, _args, { loaders, origin }) => statementLd(statement, lookupThrough(loaders, origin)),
};

export const ExchangeJsonLd: Pick<ExchangeResolvers, 'jsonLd'> = {
  jsonLd: (exchange, _args, { loaders, origin }) => exchangeLd(exchange, lookupThrough(loaders, origin)),
};
