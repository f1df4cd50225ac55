/**
 * GET /ld/articles/:slug, /ld/people/:slug, /ld/exchanges/:slug and /ld/statements/:id: each
 * document as schema.org JSON-LD (`application/ld+json`), the same body as its `jsonLd` field.
 * Every `@id` in them is one of these URLs, so a linked-data client can follow them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Collections } from '../db/collections.js';
import { parseGlobalId } from '../db/ids.js';
import { articleLd } from '../linked-data/article-ld.js';
import { exchangeLd } from '../linked-data/exchange-ld.js';
import { isPublished, lookupThrough } from '../linked-data/linked-data-lookup.js';
import { personLd } from '../linked-data/person-ld.js';
import { statementLd } from '../linked-data/statement-ld.js';
import { createLoaders } from '../loaders/index.js';

const ROUTE = /^\/ld\/(articles|people|exchanges|statements)\/([^/]+)$/;

type Kind = 'articles' | 'people' | 'exchanges' | 'statements';

function send(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', contentType);
  response.end(JSON.stringify(body));
}

const notFound = (response: ServerResponse) => send(response, 404, 'application/json; charset=utf-8', { error: 'Not found' });

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

async function documentFor(collections: Collections, kind: Kind, key: string, origin: string): Promise<object | null> {
  const loaders = createLoaders(collections);
  const lookup = lookupThrough(loaders, origin);
  if (kind === 'articles') {
    const article = await collections.articles.findOne({ slug: key });
    return article && articleLd(article, lookup);
  }
  if (kind === 'people') {
    const person = await collections.people.findOne({ slug: key });
    return person && isPublished(person) ? personLd(person, lookup) : null;
  }
  if (kind === 'exchanges') {
    const exchange = await collections.exchanges.findOne({ slug: key });
    return exchange && exchangeLd(exchange, lookup);
  }
  let id: ReturnType<typeof parseGlobalId>;
  try {
    id = parseGlobalId(key, 'Statement');
  } catch {
    return null; // Not a statement id: nothing can live at this URL.
  }
  const statement = await loaders.statementById.load(id);
  // Linked data is published to anyone: a statement no editor has confirmed is not a fact yet.
  return statement && isPublished(statement) ? statementLd(statement, lookup) : null;
}

/** Answers the request if it is for /ld/…, and says whether it did. */
export async function serveLinkedData(
  collections: Collections,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  origin: string,
): Promise<boolean> {
  if (!url.pathname.startsWith('/ld/')) return false;
  const match = ROUTE.exec(url.pathname);
  const key = match ? decoded(match[2]) : null;
  if (!match || key === null) {
    notFound(response);
    return true;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'application/json; charset=utf-8', { error: 'Method not allowed' });
    return true;
  }
  const document = await documentFor(collections, match[1] as Kind, key, origin);
  if (!document) notFound(response);
  else send(response, 200, 'application/ld+json; charset=utf-8', document);
  return true;
}
