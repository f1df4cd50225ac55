/**
 * Reading ahead: once a list is loaded, the documents its items' fields will ask for one by one
 * (a statement's speaker, a release's person) are read in one batch before the list is returned,
 * and only when the query selects those fields. The batch is the one DataLoader would have sent
 * anyway; the gain is that each item's field then finds its document already read
 * (`DocumentLoader.loadNow`) and graphql-js completes the list without a promise per item.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Document, ObjectId } from 'mongodb';
import type { DocumentLoader } from '../loaders/documents-by-id.js';
import { selects } from './selection.js';

/** Where a connection's items sit in its selection. */
export const CONNECTION_ITEMS = [['nodes'], ['edges', 'node']] as const;
/** A plain list's items are the field itself. */
export const LIST_ITEMS = [[]] as const;

export async function readAhead<T extends Document & { _id: ObjectId }>(
  info: GraphQLResolveInfo,
  itemPaths: ReadonlyArray<readonly string[]>,
  /** The field (or path, e.g. `['releases', 'person']`) below each item that loads the documents. */
  field: readonly string[],
  loader: DocumentLoader<T>,
  ids: ObjectId[],
): Promise<void> {
  if (!loader.remembers || ids.length === 0 || !itemPaths.some((path) => selects(info, [...path, ...field]))) return;
  await loader.loadMany(ids);
}
