/**
 * What the JSON-LD builders need to read besides the document itself (the people an article
 * mentions, a statement's speaker and article…), answered by the request's loaders so that a page
 * of documents with `jsonLd` costs one batched read per type, not one per document.
 */
import type { ObjectId } from 'mongodb';
import type { ArticleDocument, PersonDocument } from '../db/documents.js';
import type { Loaders } from '../loaders/index.js';

export interface LinkedDataLookup {
  /** The server's public origin, e.g. `https://news.example`. */
  origin: string;
  people(ids: readonly ObjectId[]): Promise<PersonDocument[]>;
  articles(ids: readonly ObjectId[]): Promise<ArticleDocument[]>;
}

function found<T>(values: Array<T | null | Error>): T[] {
  return values.filter((value): value is T => value !== null && !(value instanceof Error));
}

/** Linked data is published to anyone: people an ingest proposed appear once an editor confirms them. */
export const isPublished = (doc: { status?: string | null }) => doc.status !== 'PENDING' && doc.status !== 'REJECTED';

export function lookupThrough(loaders: Loaders, origin: string): LinkedDataLookup {
  return {
    origin,
    people: async (ids) => found(await loaders.personById.loadMany([...ids])).filter(isPublished),
    articles: async (ids) => found(await loaders.articleById.loadMany([...ids])),
  };
}
