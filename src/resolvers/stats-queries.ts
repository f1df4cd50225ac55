/** The aggregate fields of Query (each one aggregate command, src/stats/) and the timeline (src/timeline/). */
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import type { ArticleDocument, ExchangeDocument, StatementDocument } from '../db/documents.js';
import { nodeTypeOf } from '../db/node-type.js';
import { requireReviewerFor } from './review-visibility.js';

export const StatsQueries: Pick<QueryResolvers, 'statementStats' | 'articleStats' | 'exchangeStats' | 'timeline'> = {
  statementStats: (_parent, { filter, groupBy, first }, { repositories, viewer }) => {
    requireReviewerFor(filter?.status, viewer);
    return repositories.stats.statements(filter, groupBy, first);
  },
  articleStats: (_parent, { filter, groupBy, first }, { repositories }) => repositories.stats.articles(filter, groupBy, first),
  exchangeStats: (_parent, { filter, groupBy, first }, { repositories }) => repositories.stats.exchanges(filter, groupBy, first),
  timeline: async (_parent, { filter, ...page }, { repositories, loaders }) => {
    const timeline = await repositories.stats.timeline(filter, page);
    // The events' documents serve later by-id reads in the request (a statement's `article`, say).
    for (const { node } of timeline.edges) {
      const type = nodeTypeOf(node);
      if (type === 'Statement') loaders.statementById.prime(node._id, node as StatementDocument);
      else if (type === 'Article') loaders.articleById.prime(node._id, node as ArticleDocument);
      else loaders.exchangeById.prime(node._id, node as ExchangeDocument);
    }
    return timeline;
  },
};
