import type { PersonResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { articleSort } from '../repositories/articles.js';
import { statementFilter, statementSort } from '../repositories/statements.js';
import { relatedPage } from './related-page.js';

export const Person: PersonResolvers = {
  id: (person) => globalId('Person', person._id),
  statements: (person, { filter, orderBy, ...page }, { loaders }, info) => {
    // speakerId is this person; a speakerId in the filter would contradict it, so it is ignored.
    const { speakerId: _ignored, ...rest } = filter ?? {};
    const key = { parentId: person._id, filter: statementFilter(rest), sort: statementSort(orderBy), page };
    return relatedPage(loaders.statementsBySpeakerId, loaders.statementById, key, info);
  },
  statementsAbout: (person, page, { loaders }, info) =>
    relatedPage(
      loaders.statementsAboutPersonId,
      loaders.statementById,
      { parentId: person._id, filter: {}, sort: statementSort(null), page },
      info,
    ),
  articles: (person, page, { loaders }, info) =>
    relatedPage(loaders.articlesByPersonId, loaders.articleById, { parentId: person._id, filter: {}, sort: articleSort(null), page }, info),
  exchanges: (person, _args, { loaders }) => loaders.exchangesByPersonId.load(person._id),
};
