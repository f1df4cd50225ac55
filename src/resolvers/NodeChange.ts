import type { NodeChangeResolvers } from '../__generated__/resolvers-types.js';
import { loadNode } from './Query.js';

export const NodeChange: NodeChangeResolvers = {
  // The event's own loaders are the context's (see executeEachEvent), so this read is shared by
  // every subscriber to the node.
  node: (change, _args, context) => (change.operation === 'DELETED' ? null : loadNode(context, change.id)),
};
