/** The per-request loaders. Built fresh for every request so no cached document outlives it. */
import type { Collections } from '../db/collections.js';
import { connectionsByParent } from './connections-by-parent.js';
import { documentsById } from './documents-by-id.js';
import { documentsByParent } from './documents-by-parent.js';

export function createLoaders(collections: Collections) {
  return {
    articleById: documentsById(collections.articles),
    personById: documentsById(collections.people),
    statementById: documentsById(collections.statements),
    exchangeById: documentsById(collections.exchanges),
    statementsBySpeakerId: connectionsByParent(collections.statements, { parentField: 'speakerId', many: false }),
    statementsByArticleId: connectionsByParent(collections.statements, { parentField: 'articleId', many: false }),
    statementsAboutPersonId: connectionsByParent(collections.statements, { parentField: 'aboutIds', many: true }),
    articlesByPersonId: connectionsByParent(collections.articles, { parentField: 'personIds', many: true }),
    exchangesByPersonId: documentsByParent(collections.exchanges, 'personIds', { date: -1, _id: -1 }),
    exchangesByArticleId: documentsByParent(collections.exchanges, 'articleIds', { date: -1, _id: -1 }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
