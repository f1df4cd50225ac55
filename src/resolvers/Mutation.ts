/**
 * Every mutation: the role gate first (before any read), then the write — in a transaction where the
 * deployment has them, so an entity and its dependents change together — then the payload. Writes
 * that succeed refresh the request's by-id loader so the payload's fields read the new version.
 */
import type DataLoader from 'dataloader';
import type { ObjectId } from 'mongodb';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { requireRole, type Writer } from '../auth/require-role.js';
import type { Context } from '../context.js';
import type { Collections } from '../db/collections.js';
import { addSearchTerms, addSearchTermsOf, searchedWords } from '../db/search-terms.js';
import { countIn } from '../db/statement-tallies.js';
import { reviewStatement } from '../ingest/ingestion/review-statement.js';
import type { Loaders } from '../loaders/index.js';
import * as articles from '../writes/article-writes.js';
import * as deletes from '../writes/deletes.js';
import * as exchanges from '../writes/exchange-writes.js';
import * as people from '../writes/person-writes.js';
import * as statements from '../writes/statement-writes.js';
import { Refusal, toPayload } from '../writes/user-errors.js';

type EntityKey = 'article' | 'person' | 'statement' | 'exchange';
const COLLECTION_OF: Record<EntityKey, string> = { article: 'articles', person: 'people', statement: 'statements', exchange: 'exchanges' };

type Write<I, T> = (collections: Collections, writer: Writer, input: I) => Promise<T>;

/** A create/update mutation returning `{ <key>: entity, userErrors }`; `committed` runs after the transaction. */
function entityMutation<K extends EntityKey, I, T extends { _id: ObjectId }>(
  key: K,
  loader: (loaders: Loaders) => DataLoader<ObjectId, T | null, string>,
  write: Write<I, T>,
  committed?: (collections: Collections, doc: T) => Promise<void>,
) {
  return (_parent: unknown, { input }: { input: I }, context: Context) => {
    const writer = requireRole(context.viewer, ['editor', 'admin']);
    return toPayload(key, async () => {
      const doc = await context.atomically((collections) => write(collections, writer, input));
      await committed?.(context.collections, doc);
      loader(context.loaders).clear(doc._id).prime(doc._id, doc);
      // New words become completions for search (src/db/search-terms.ts).
      await addSearchTerms(context.collections.searchTerms, searchedWords(COLLECTION_OF[key], doc));
      return doc;
    });
  };
}

/** A delete mutation returning `{ deletedId, cascadedIds, modifiedIds, userErrors }`. */
function deleteMutation<I>(write: Write<I, deletes.DeleteResult>) {
  return async (_parent: unknown, { input }: { input: I }, context: Context) => {
    const writer = requireRole(context.viewer, ['editor', 'admin']);
    const { result, userErrors } = await toPayload('result', () => context.atomically((collections) => write(collections, writer, input)));
    return {
      deletedId: result?.deletedId ?? null,
      cascadedIds: result?.cascadedIds ?? [],
      modifiedIds: result?.modifiedIds ?? [],
      userErrors,
    };
  };
}

const article = (l: Loaders) => l.articleById;
const person = (l: Loaders) => l.personById;
const statement = (l: Loaders) => l.statementById;
const exchange = (l: Loaders) => l.exchangeById;

export const Mutation: MutationResolvers = {
  createArticle: entityMutation('article', article, articles.createArticle),
  updateArticle: entityMutation('article', article, articles.updateArticle),
  deleteArticle: deleteMutation(deletes.deleteArticle),
  createPerson: entityMutation('person', person, people.createPerson),
  updatePerson: entityMutation('person', person, people.updatePerson),
  deletePerson: deleteMutation(deletes.deletePerson),
  addRole: entityMutation('person', person, people.addRole),
  removeRole: entityMutation('person', person, people.removeRole),
  // Counted in after the commit, outside the transaction (db/statement-tallies.ts says why).
  createStatement: entityMutation('statement', statement, statements.createStatement, (c, doc) => countIn(c.statementTallies, [doc])),
  updateStatement: entityMutation('statement', statement, statements.updateStatement),
  deleteStatement: deleteMutation(deletes.deleteStatement),
  createExchange: entityMutation('exchange', exchange, exchanges.createExchange),
  updateExchange: entityMutation('exchange', exchange, exchanges.updateExchange),
  deleteExchange: deleteMutation(deletes.deleteExchange),
  addRelease: entityMutation('exchange', exchange, exchanges.addRelease),
  ingestArticle: async (_parent, { input }, context) => {
    const writer = requireRole(context.viewer, ['editor', 'admin']);
    // Loaded on first use: the extractor's English lexicon is large, and the API need not pay for it at start-up.
    const { ingestArticle } = await import('../ingest/ingestion/ingest-article.js');
    try {
      // One transaction where the deployment has them: an article never lands without its statements.
      const result = await context.atomically((collections) => ingestArticle(collections, writer, input));
      await addSearchTermsOf(context.collections.searchTerms, {
        articles: [result.article],
        statements: result.statements,
        people: result.createdPeople,
      });
      return result;
    } catch (error) {
      if (error instanceof Refusal)
        return { article: null, statements: [], createdPeople: [], unattributedQuotes: [], userErrors: error.userErrors };
      throw error;
    }
  },
  reviewStatement: entityMutation('statement', statement, reviewStatement),
  removeRelease: entityMutation('exchange', exchange, exchanges.removeRelease),
};
