import type { ArticleResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { statementFilter, statementSort } from '../repositories/statements.js';
import { RELEASED_PEOPLE_OF_LIST, readReleasedAhead, readSpeakersAhead } from './read-ahead.js';
import { relatedPage } from './related-page.js';

/** An article's statements in reading order. */
const BY_PARAGRAPH = statementSort({ field: 'PARAGRAPH', direction: 'ASC' });
/** Readers see an article's confirmed statements; pending ones are listed through Query.statements. */
const CONFIRMED = statementFilter(null);

export const Article: ArticleResolvers = {
  id: (article) => globalId('Article', article._id),
  text: (article) => article.paragraphs.map((p) => p.text).join('\n\n'),
  people: async (article, _args, { loaders }) => {
    const people = await loaders.personById.loadMany(article.personIds);
    return people.filter((p): p is Exclude<typeof p, Error | null> => p !== null && !(p instanceof Error));
  },
  statements: async (article, page, { loaders }, info) => {
    const key = { parentId: article._id, filter: CONFIRMED, sort: BY_PARAGRAPH, page };
    const connection = await relatedPage(loaders.statementsByArticleId, loaders.statementById, key, info);
    await readSpeakersAhead(info, loaders.personById, connection.nodes);
    return connection;
  },
  exchanges: async (article, _args, { loaders }, info) => {
    const exchanges = await loaders.exchangesByArticleId.load(article._id);
    await readReleasedAhead(info, loaders.personById, exchanges, RELEASED_PEOPLE_OF_LIST);
    return exchanges;
  },
};
