/**
 * The `@id` of every JSON-LD document is the URL that serves it on this server (`/ld/…`), so a
 * client that meets an `@id` can dereference it. `origin` is the server's public origin.
 */
import type { ObjectId } from 'mongodb';
import { globalId } from '../db/ids.js';

export const LD_PATHS = { article: 'articles', person: 'people', exchange: 'exchanges', statement: 'statements' } as const;

export function articleLdUrl(origin: string, slug: string): string {
  return `${origin}/ld/${LD_PATHS.article}/${encodeURIComponent(slug)}`;
}

export function personLdUrl(origin: string, slug: string): string {
  return `${origin}/ld/${LD_PATHS.person}/${encodeURIComponent(slug)}`;
}

export function exchangeLdUrl(origin: string, slug: string): string {
  return `${origin}/ld/${LD_PATHS.exchange}/${encodeURIComponent(slug)}`;
}

/** Statements have no public slug: their URL carries the opaque global id. */
export function statementLdUrl(origin: string, id: ObjectId): string {
  return `${origin}/ld/${LD_PATHS.statement}/${encodeURIComponent(globalId('Statement', id))}`;
}

/** A paragraph of an article, as a fragment of the article's URL. */
export function paragraphLdUrl(origin: string, articleSlug: string, index: number): string {
  return `${articleLdUrl(origin, articleSlug)}#paragraph-${index}`;
}
