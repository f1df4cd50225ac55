/**
 * A parent's page of related documents (a person's statements, an article's statements, …) through
 * its connections loader, counted in the same round trip when the client selected `totalCount`;
 * the page's documents then serve by-id reads of the same request too.
 */
import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { ObjectId } from 'mongodb';
import type { ConnectionKey } from '../loaders/connections-by-parent.js';
import type { DocumentsById } from '../loaders/documents-by-id.js';
import type { Connection } from '../repositories/connection.js';
import { selects } from './fields-read.js';

export async function relatedPage<T extends { _id: ObjectId }>(
  pages: DataLoader<ConnectionKey, Connection<T>, string>,
  byId: DocumentsById<T>,
  key: Omit<ConnectionKey, 'count'>,
  info: GraphQLResolveInfo,
): Promise<Connection<T>> {
  const connection = await pages.load({ ...key, count: selects(info, 'totalCount') });
  byId.primeAll(connection.nodes);
  return connection;
}
