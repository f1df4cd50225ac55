/**
 * A parent's page of related documents (a person's statements, an article's statements, …) through
 * its connections loader, counted in the same round trip when the client selected `totalCount`;
 * the page's documents then serve by-id reads of the same request too.
 */
import type DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Document, Filter, ObjectId } from 'mongodb';
import { ConnectionKey } from '../loaders/connections-by-parent.js';
import type { DocumentsById } from '../loaders/documents-by-id.js';
import type { Connection, PageArgs, SortOrder } from '../repositories/connection.js';
import { selects } from './fields-read.js';

const TOTAL_COUNT = ['totalCount'];

export async function relatedPage<T extends Document & { _id: ObjectId }>(
  pages: DataLoader<ConnectionKey, Connection<T>, string>,
  byId: DocumentsById<T>,
  { parentId, filter, sort, page }: { parentId: ObjectId; filter: Filter<Document>; sort: SortOrder; page: PageArgs },
  info: GraphQLResolveInfo,
): Promise<Connection<T>> {
  const connection = await pages.load(new ConnectionKey(parentId, filter, sort, page, selects(info, TOTAL_COUNT)));
  byId.primeAll(connection.nodes);
  return connection;
}
