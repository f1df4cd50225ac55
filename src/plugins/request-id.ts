/**
 * Masked internal errors carry the request id, so a user's report can be matched to the server's
 * log line (which has the real error).
 */
import type { ApolloServerPlugin } from '@apollo/server';

export function requestIdOnErrorsPlugin<TContext extends { requestId: string }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR')
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        },
      };
    },
  };
}
