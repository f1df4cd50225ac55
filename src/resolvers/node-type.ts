/** Which GraphQL type a stored document is, for `Node` and `SearchResult`. */
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import type { NodeType } from '../db/ids.js';

export type NodeDocument = ArticleDocument | PersonDocument | StatementDocument | ExchangeDocument;

export function nodeTypeOf(doc: NodeDocument): NodeType {
  if ('paragraphs' in doc) return 'Article';
  if ('speakerId' in doc) return 'Statement';
  if ('releases' in doc) return 'Exchange';
  return 'Person';
}
