/**
 * Reading ahead: a list's resolver reads the related documents its items' selected fields will ask
 * for (each statement's speaker, each release's person) before it returns, in the batch DataLoader
 * would have sent anyway. Those fields then answer from `DocumentsById.get` at once, and
 * graphql-js completes every item synchronously instead of building a promise, a `Promise.all`
 * and a result object per item. Nothing is read unless the selection reaches the field.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Document, ObjectId } from 'mongodb';
import type { ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import type { DocumentsById } from '../loaders/documents-by-id.js';
import { selects } from './fields-read.js';

/** Where a statement's speaker sits in a statement connection's selection. */
export const SPEAKERS_OF_CONNECTION = [
  ['nodes', 'speaker'],
  ['edges', 'node', 'speaker'],
];

/** Where a release's person sits in the selection of a list of exchanges, or of a connection of them. */
export const RELEASED_PEOPLE_OF_LIST = [['releases', 'person']];
export const RELEASED_PEOPLE_OF_CONNECTION = [
  ['nodes', 'releases', 'person'],
  ['edges', 'node', 'releases', 'person'],
];

/** Reads the documents `ids` names when any of `paths` is selected; the items then find them in `loader`. */
export async function readAhead<T extends Document & { _id: ObjectId }>(
  info: GraphQLResolveInfo,
  paths: ReadonlyArray<readonly string[]>,
  loader: DocumentsById<T>,
  ids: () => ObjectId[],
): Promise<void> {
  // A loader that remembers nothing could not answer from what was read ahead.
  if (loader.remembering && paths.some((path) => selects(info, path))) await loader.readAhead(ids());
}

/** Reads the speakers of `statements` when the selection reaches one at `paths`. */
export const readSpeakersAhead = (
  info: GraphQLResolveInfo,
  people: DocumentsById<PersonDocument>,
  statements: readonly StatementDocument[],
  paths = SPEAKERS_OF_CONNECTION,
) => readAhead(info, paths, people, () => statements.flatMap((statement) => (statement.speakerId ? [statement.speakerId] : [])));

/** Reads the people released in `exchanges` when the selection reaches one at `paths`. */
export const readReleasedAhead = (
  info: GraphQLResolveInfo,
  people: DocumentsById<PersonDocument>,
  exchanges: readonly ExchangeDocument[],
  paths: ReadonlyArray<readonly string[]>,
) => readAhead(info, paths, people, () => exchanges.flatMap((exchange) => exchange.releases.map((release) => release.personId)));
