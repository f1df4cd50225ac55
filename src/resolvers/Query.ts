import type { Document, ObjectId } from 'mongodb';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { NODE_TYPES, type NodeType, parseAnyGlobalId, parseGlobalId } from '../db/ids.js';
import type { NodeDocument } from '../db/node-type.js';
import { badUserInput } from '../errors.js';
import type { DocumentsById } from '../loaders/documents-by-id.js';
import { storedFieldsRead } from './fields-read.js';
import { RELEASED_PEOPLE_OF_CONNECTION, readReleasedAhead, readSpeakersAhead } from './read-ahead.js';
import { requireReviewerFor, visibleTo } from './review-visibility.js';
import { StatsQueries } from './stats-queries.js';

/** Where a search's result documents appear in its selection. */
const SEARCH_RESULT_PATHS = [['edges', 'node'], ['nodes']];

export async function loadNode(context: Context, id: string): Promise<NodeDocument | null> {
  const { type, objectId } = parseAnyGlobalId(id);
  const loaders: Record<NodeType, () => Promise<NodeDocument | null>> = {
    Article: () => context.loaders.articleById.load(objectId),
    Person: () => context.loaders.personById.load(objectId),
    Statement: () => context.loaders.statementById.load(objectId),
    Exchange: () => context.loaders.exchangeById.load(objectId),
  };
  const doc = await loaders[type]();
  // Statements follow the review rule; people are listed whatever their state (a name the article gives).
  return type === 'Statement' ? visibleTo(context.viewer, doc as NodeDocument & { status?: string | null }) : doc;
}

/** A document read by slug serves later by-id reads in the request too (a statement's `article`, say). */
function primed<T extends Document & { _id: ObjectId }>(loader: DocumentsById<T>, doc: T | null): T | null {
  if (doc) loader.prime(doc._id, doc);
  return doc;
}

/** `article(id, slug)` and its siblings take exactly one of the two. */
function oneOf(id: string | null | undefined, slug: string | null | undefined): void {
  if ((id == null) === (slug == null)) throw badUserInput('pass exactly one of id and slug', id == null ? 'slug' : 'id');
}

export const Query: QueryResolvers = {
  node: (_parent, { id }, context) => loadNode(context, id),
  nodes: (_parent, { ids }, context) => {
    if (ids.length > 100) throw badUserInput('ids may hold at most 100 ids', 'ids');
    return Promise.all(ids.map((id) => loadNode(context, id)));
  },
  article: async (_parent, { id, slug }, { loaders, repositories }) => {
    oneOf(id, slug);
    if (id) return loaders.articleById.load(parseGlobalId(id, 'Article'));
    return primed(loaders.articleById, await repositories.articles.bySlug(slug as string));
  },
  person: async (_parent, { id, slug }, { loaders, repositories }) => {
    oneOf(id, slug);
    if (id) return loaders.personById.load(parseGlobalId(id, 'Person'));
    return primed(loaders.personById, await repositories.people.bySlug(slug as string));
  },
  statement: async (_parent, { id }, { loaders, viewer }) =>
    visibleTo(viewer, await loaders.statementById.load(parseGlobalId(id, 'Statement'))),
  exchange: async (_parent, { id, slug }, { loaders, repositories }) => {
    oneOf(id, slug);
    if (id) return loaders.exchangeById.load(parseGlobalId(id, 'Exchange'));
    return primed(loaders.exchangeById, await repositories.exchanges.bySlug(slug as string));
  },
  articles: async (_parent, { filter, orderBy, ...page }, { loaders, repositories }) => {
    const connection = await repositories.articles.list(filter, orderBy, page);
    loaders.articleById.primeAll(connection.nodes);
    return connection;
  },
  people: async (_parent, { filter, orderBy, ...page }, { loaders, repositories, viewer }) => {
    requireReviewerFor(filter?.status, viewer);
    const connection = await repositories.people.list(filter, orderBy, page);
    loaders.personById.primeAll(connection.nodes);
    return connection;
  },
  statements: async (_parent, { filter, orderBy, ...page }, { loaders, repositories, viewer }, info) => {
    requireReviewerFor(filter?.status, viewer);
    const connection = await repositories.statements.list(filter, orderBy, page);
    loaders.statementById.primeAll(connection.nodes);
    await readSpeakersAhead(info, loaders.personById, connection.nodes);
    return connection;
  },
  exchanges: async (_parent, { filter, orderBy, ...page }, { loaders, repositories }, info) => {
    const connection = await repositories.exchanges.list(filter, orderBy, page);
    loaders.exchangeById.primeAll(connection.nodes);
    await readReleasedAhead(info, loaders.personById, connection.nodes, RELEASED_PEOPLE_OF_CONNECTION);
    return connection;
  },
  search: (_parent, { query, types, ...page }, { repositories, projections }, info) => {
    const fields = projections
      ? Object.fromEntries(NODE_TYPES.map((type) => [type, storedFieldsRead(info, type, SEARCH_RESULT_PATHS)]))
      : {};
    return repositories.search.search(query, types, page, fields);
  },
  ...StatsQueries,
};
