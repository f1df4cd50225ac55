import type { PersonResolvers } from '../__generated__/resolvers-types.js';
import { globalId } from '../db/ids.js';
import { prime } from '../loaders/documents-by-id.js';
import { articleSort } from '../repositories/articles.js';
import { statementFilter, statementSort } from '../repositories/statements.js';
import { selects } from './fields-read.js';

export const Person: PersonResolvers = {
  id: (person) => globalId('Person', person._id),
  statements: async (person, { filter, orderBy, ...page }, { loaders }, info) => {
    // speakerId is this person; a speakerId in the filter would contradict it, so it is ignored.
    const { speakerId: _ignored, ...rest } = filter ?? {};
    const connection = await loaders.statementsBySpeakerId.load({
      parentId: person._id,
      filter: statementFilter(rest),
      sort: statementSort(orderBy),
      page,
      count: selects(info, 'totalCount'),
    });
    prime(loaders.statementById, connection.nodes);
    return connection;
  },
  statementsAbout: async (person, page, { loaders }, info) => {
    const connection = await loaders.statementsAboutPersonId.load({
      parentId: person._id,
      filter: {},
      sort: statementSort(null),
      page,
      count: selects(info, 'totalCount'),
    });
    prime(loaders.statementById, connection.nodes);
    return connection;
  },
  articles: async (person, page, { loaders }, info) => {
    const connection = await loaders.articlesByPersonId.load({
      parentId: person._id,
      filter: {},
      sort: articleSort(null),
      page,
      count: selects(info, 'totalCount'),
    });
    prime(loaders.articleById, connection.nodes);
    return connection;
  },
  exchanges: (person, _args, { loaders }) => loaders.exchangesByPersonId.load(person._id),
};
