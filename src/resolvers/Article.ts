import type { ArticleResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { prime } from '../loaders/documents-by-id.js';
import { statementSort } from '../repositories/statements.js';
import { selects } from './fields-read.js';

export const Article: ArticleResolvers = {
  id: (article) => globalId('Article', article._id),
  text: (article) => article.paragraphs.map((p) => p.text).join('\n\n'),
  people: async (article, _args, { loaders }) => {
    const people = await loaders.personById.loadMany(article.personIds);
    return people.filter((p): p is Exclude<typeof p, Error | null> => p !== null && !(p instanceof Error));
  },
  statements: async (article, page, { loaders }, info) => {
    const connection = await loaders.statementsByArticleId.load({
      parentId: article._id,
      filter: {},
      sort: statementSort({ field: 'PARAGRAPH', direction: 'ASC' }),
      page,
      count: selects(info, 'totalCount'),
    });
    prime(loaders.statementById, connection.nodes);
    return connection;
  },
  exchanges: (article, _args, { loaders }) => loaders.exchangesByArticleId.load(article._id),
};
