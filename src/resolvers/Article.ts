import type { ArticleResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { prime } from '../loaders/documents-by-id.js';
import { statementSort } from '../repositories/statements.js';
import { CONNECTION_ITEMS, LIST_ITEMS, readAhead } from './read-ahead.js';

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
    });
    prime(loaders.statementById, connection.nodes);
    await readAhead(
      info,
      CONNECTION_ITEMS,
      ['speaker'],
      loaders.personById,
      connection.nodes.map((s) => s.speakerId),
    );
    return connection;
  },
  exchanges: async (article, _args, { loaders }, info) => {
    const exchanges = await loaders.exchangesByArticleId.load(article._id);
    const released = exchanges.flatMap((exchange) => exchange.releases.map((release) => release.personId));
    await readAhead(info, LIST_ITEMS, ['releases', 'person'], loaders.personById, released);
    return exchanges;
  },
};
