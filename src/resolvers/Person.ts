import type { PersonResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { articleSort } from '../repositories/articles.js';
import { statementFilter, statementSort } from '../repositories/statements.js';
import { RELEASED_PEOPLE_OF_LIST, readReleasedAhead, readSpeakersAhead } from './read-ahead.js';
import { relatedPage } from './related-page.js';
import { requireReviewerFor } from './review-visibility.js';

/** The default orders of a person's related pages. */
const STATEMENTS_BY_DATE = statementSort(null);
const ARTICLES_BY_DATE = articleSort(null);

export const Person: PersonResolvers = {
  id: (person) => globalId('Person', person._id),
  status: (person) => person.status ?? 'CONFIRMED',
  extractedBy: (person) => person.extractedBy ?? null,
  statements: (person, { filter, orderBy, ...page }, { loaders, viewer }, info) => {
    requireReviewerFor(filter?.status, viewer);
    // speakerId is this person; a speakerId in the filter would contradict it, so it is ignored.
    const { speakerId: _ignored, ...rest } = filter ?? {};
    const key = { parentId: person._id, filter: statementFilter(rest), sort: statementSort(orderBy), page };
    return relatedPage(loaders.statementsBySpeakerId, loaders.statementById, key, info);
  },
  statementsAbout: async (person, { filter, orderBy, ...page }, { loaders, viewer }, info) => {
    requireReviewerFor(filter?.status, viewer);
    // aboutId is this person; one in the filter would contradict it, so it is ignored.
    const { aboutId: _ignored, ...rest } = filter ?? {};
    const key = { parentId: person._id, filter: statementFilter(rest), sort: orderBy ? statementSort(orderBy) : STATEMENTS_BY_DATE, page };
    const connection = await relatedPage(loaders.statementsAboutPersonId, loaders.statementById, key, info);
    await readSpeakersAhead(info, loaders.personById, connection.nodes);
    return connection;
  },
  articles: (person, page, { loaders }, info) =>
    relatedPage(loaders.articlesByPersonId, loaders.articleById, { parentId: person._id, filter: {}, sort: ARTICLES_BY_DATE, page }, info),
  exchanges: async (person, _args, { loaders }, info) => {
    const exchanges = await loaders.exchangesByPersonId.load(person._id);
    await readReleasedAhead(info, loaders.personById, exchanges, RELEASED_PEOPLE_OF_LIST);
    return exchanges;
  },
};
