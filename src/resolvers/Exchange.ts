import type { ExchangeResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';

export const Exchange: ExchangeResolvers = {
  id: (exchange) => globalId('Exchange', exchange._id),
  articles: async (exchange, _args, { loaders }) => {
    const articles = await loaders.articleById.loadMany(exchange.articleIds);
    return articles.filter((a): a is Exclude<typeof a, Error | null> => a !== null && !(a instanceof Error));
  },
};
