/**
 * Every mutation: the role gate first (before any read), then the write, then the payload. Writes
 * that succeed refresh the request's by-id loader so the payload's fields read the new version.
 */
import type DataLoader from 'dataloader';
import type { ObjectId } from 'mongodb';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { requireRole } from '../auth/require-role.js';
import type { Context } from '../context.js';
import * as articles from '../writes/article-writes.js';
import * as deletes from '../writes/deletes.js';
import * as exchanges from '../writes/exchange-writes.js';
import * as people from '../writes/person-writes.js';
import * as statements from '../writes/statement-writes.js';
import { toPayload } from '../writes/user-errors.js';

const writer = (context: Context) => requireRole(context.viewer, ['editor', 'admin']);

function refreshed<T extends { _id: ObjectId }>(loader: DataLoader<ObjectId, T | null, string>, doc: T): T {
  loader.clear(doc._id);
  loader.prime(doc._id, doc);
  return doc;
}

export const Mutation: MutationResolvers = {
  createArticle: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('article', async () => refreshed(ctx.loaders.articleById, await articles.createArticle(ctx.collections, w, input)));
  },
  updateArticle: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('article', async () => refreshed(ctx.loaders.articleById, await articles.updateArticle(ctx.collections, w, input)));
  },
  deleteArticle: async (_p, { input }, ctx) => {
    const w = writer(ctx);
    const payload = await toPayload('result', () => deletes.deleteArticle(ctx.collections, w, input));
    return { deletedId: payload.result?.deletedId ?? null, cascadedIds: payload.result?.cascadedIds ?? [], userErrors: payload.userErrors };
  },
  createPerson: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('person', async () => refreshed(ctx.loaders.personById, await people.createPerson(ctx.collections, w, input)));
  },
  updatePerson: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('person', async () => refreshed(ctx.loaders.personById, await people.updatePerson(ctx.collections, w, input)));
  },
  deletePerson: async (_p, { input }, ctx) => {
    const w = writer(ctx);
    const payload = await toPayload('result', () => deletes.deletePerson(ctx.collections, w, input));
    return { deletedId: payload.result?.deletedId ?? null, cascadedIds: payload.result?.cascadedIds ?? [], userErrors: payload.userErrors };
  },
  addRole: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('person', async () => refreshed(ctx.loaders.personById, await people.addRole(ctx.collections, w, input)));
  },
  removeRole: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('person', async () => refreshed(ctx.loaders.personById, await people.removeRole(ctx.collections, w, input)));
  },
  createStatement: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('statement', async () =>
      refreshed(ctx.loaders.statementById, await statements.createStatement(ctx.collections, w, input)),
    );
  },
  updateStatement: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('statement', async () =>
      refreshed(ctx.loaders.statementById, await statements.updateStatement(ctx.collections, w, input)),
    );
  },
  deleteStatement: async (_p, { input }, ctx) => {
    const w = writer(ctx);
    const payload = await toPayload('result', () => deletes.deleteStatement(ctx.collections, w, input));
    return { deletedId: payload.result?.deletedId ?? null, cascadedIds: [], userErrors: payload.userErrors };
  },
  createExchange: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('exchange', async () =>
      refreshed(ctx.loaders.exchangeById, await exchanges.createExchange(ctx.collections, w, input)),
    );
  },
  updateExchange: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('exchange', async () =>
      refreshed(ctx.loaders.exchangeById, await exchanges.updateExchange(ctx.collections, w, input)),
    );
  },
  deleteExchange: async (_p, { input }, ctx) => {
    const w = writer(ctx);
    const payload = await toPayload('result', () => deletes.deleteExchange(ctx.collections, w, input));
    return { deletedId: payload.result?.deletedId ?? null, cascadedIds: [], userErrors: payload.userErrors };
  },
  addRelease: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('exchange', async () => refreshed(ctx.loaders.exchangeById, await exchanges.addRelease(ctx.collections, w, input)));
  },
  removeRelease: (_p, { input }, ctx) => {
    const w = writer(ctx);
    return toPayload('exchange', async () => refreshed(ctx.loaders.exchangeById, await exchanges.removeRelease(ctx.collections, w, input)));
  },
};
