import type { NodeResolvers, SearchResultResolvers } from '../__generated__/resolvers-types.js';
import { type NodeDocument, nodeTypeOf } from '../db/node-type.js';

export const Node: NodeResolvers = {
  __resolveType: (doc) => nodeTypeOf(doc as NodeDocument),
};

export const SearchResult: SearchResultResolvers = {
  __resolveType: (doc) => nodeTypeOf(doc as NodeDocument),
};
