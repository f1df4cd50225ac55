/**
 * The live events. `subscribe` registers with the process's hub (src/subscriptions/live-events.ts);
 * `resolve` hands each event's document to the ordinary type resolvers, so payloads select fields
 * exactly as queries do.
 */
import { GraphQLError } from 'graphql';
import type { SubscriptionResolvers } from '../__generated__/resolvers-types.js';
import type { ArticleDocument, ExchangeDocument, StatementDocument } from '../db/documents.js';
import { parseAnyGlobalId } from '../db/ids.js';
import { ErrorCode } from '../errors.js';
import type { AddedEvent, NodeChangeEvent } from '../subscriptions/live-events.js';
import { eventOf, liveSessionOf } from '../subscriptions/live-session.js';
import { statementMatcher } from '../subscriptions/statement-matcher.js';
import { loadNode } from './Query.js';
import { requireReviewerFor } from './review-visibility.js';

const everything = () => true;

export const Subscription: SubscriptionResolvers = {
  statementAdded: {
    subscribe: (_parent, { filter }, context) => {
      // As for Query.statements: unreviewed and rejected statements are for editors only.
      requireReviewerFor(filter?.status, context.viewer);
      const matches = statementMatcher(filter);
      const live = liveSessionOf(context);
      return live.events.added('statements', matches, live.cutOff);
    },
    resolve: (event?: AddedEvent<StatementDocument>) => eventOf(event).document,
  },
  articleAdded: {
    subscribe: (_parent, _args, context) => {
      const live = liveSessionOf(context);
      return live.events.added('articles', everything, live.cutOff);
    },
    resolve: (event?: AddedEvent<ArticleDocument>) => eventOf(event).document,
  },
  exchangeAdded: {
    subscribe: (_parent, _args, context) => {
      const live = liveSessionOf(context);
      return live.events.added('exchanges', everything, live.cutOff);
    },
    resolve: (event?: AddedEvent<ExchangeDocument>) => eventOf(event).document,
  },
  nodeChanged: {
    subscribe: async (_parent, { id }, context) => {
      const { type, objectId } = parseAnyGlobalId(id);
      const live = liveSessionOf(context);
      // Registered before the existence check, so a change right after the check is not missed.
      const changes = await live.events.nodeChanges(type, objectId, live.cutOff);
      if (!(await loadNode(context, id))) {
        await changes.return?.();
        throw new GraphQLError(`No node has the id ${id}`, { extensions: { code: ErrorCode.NOT_FOUND, argument: 'id' } });
      }
      return changes;
    },
    resolve: (event?: NodeChangeEvent) => eventOf(event),
  },
};
