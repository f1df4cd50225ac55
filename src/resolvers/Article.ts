import type { ArticleResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { statementSort } from '../repositories/statements.js';
import { relatedPage } from './related-page.js';

export const Article: ArticleResolvers = {
  id: (article) => globalId('Article', article._id),
  text: (article) => article.paragraphs.map((p) => p.text).join('\n\n'),
  people: async (article, _args, { loaders }) => {
    const people = await loaders.personById.loadMany(article.personIds);
    return people.filter((p): p is Exclude<typeof p, Error | null> => p !== null && !(p instanceof Error));
  },
  statements: (article, page, { loaders }, info) =>
    relatedPage(
      loaders.statementsByArticleId,
      loaders.statementById,
      { parentId: article._id, filter: {}, sort: statementSort({ field: 'PARAGRAPH', direction: 'ASC' }), page },
      info,
    ),
  exchanges: (article, _args, { loaders }) => loaders.exchangesByArticleId.load(article._id),
};
