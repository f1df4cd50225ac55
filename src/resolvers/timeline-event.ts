/** Which type a timeline event is: the same test as for any node. */
import type { TimelineEventResolvers } from '../__generated__/resolvers-types.js';
import { type NodeDocument, nodeTypeOf } from '../db/node-type.js';

export const TimelineEvent: TimelineEventResolvers = {
  __resolveType: (doc) => nodeTypeOf(doc as NodeDocument) as 'Statement' | 'Article' | 'Exchange',
};
