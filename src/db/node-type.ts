/** Which GraphQL type a stored document is, for `Node` and `SearchResult`. */
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from './documents.js';
import type { NodeType } from './ids.js';

export type NodeDocument = ArticleDocument | PersonDocument | StatementDocument | ExchangeDocument;

/**
 * Documents read with a projection may lack the fields whole documents are told apart by, so the
 * code that reads them records their type here (a WeakMap: nothing outlives the document).
 */
const declared = new WeakMap<object, NodeType>();

export function declareNodeType<T extends object>(doc: T, type: NodeType): T {
  declared.set(doc, type);
  return doc;
}

export function nodeTypeOf(doc: NodeDocument): NodeType {
  const type = declared.get(doc);
  if (type) return type;
  if ('paragraphs' in doc) return 'Article';
  if ('speakerId' in doc) return 'Statement';
  if ('releases' in doc) return 'Exchange';
  return 'Person';
}
