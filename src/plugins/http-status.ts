/**
 * HTTP status for whole-request failures: a request that failed because the database is unreachable
 * answers 503 (retry later), so load balancers and clients can tell it from a bad query.
 */
import type { ApolloServerPlugin } from '@apollo/server';

export function databaseUnavailableStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.some((e) => e.extensions?.code === 'DATABASE_UNAVAILABLE')) response.http.status = 503;
        },
      };
    },
  };
}
