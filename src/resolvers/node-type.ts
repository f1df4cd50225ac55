/** Which GraphQL type a stored document is, for `Node` and `SearchResult`. */
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import type { NodeType } from '../db/ids.js';

export type NodeDocument = ArticleDocument | PersonDocument | StatementDocument | ExchangeDocument;

/** Tells the types apart by required fields that no read leaves out (see unread-fields.ts). */
export function nodeTypeOf(doc: NodeDocument): NodeType {
  if ('headline' in doc) return 'Article';
  if ('speakerId' in doc) return 'Statement';
  if ('releases' in doc) return 'Exchange';
  return 'Person';
}
