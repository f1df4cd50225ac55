/**
 * HTTP executes queries and mutations only. Any other operation type (a subscription, whether or
 * not the schema declares one) is the client's mistake on this transport: refused with
 * BAD_REQUEST and status 400 before execution, instead of failing inside graphql-js's executor as
 * an internal error. Subscriptions are served by their own transport, not here.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

const HTTP_OPERATIONS = new Set(['query', 'mutation']);

export function operationTransportPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (!operation || HTTP_OPERATIONS.has(operation.operation)) return;
          throw new GraphQLError(`The operation type "${operation.operation}" is not supported by this transport (HTTP)`, {
            nodes: operation,
            extensions: { code: 'BAD_REQUEST', operationType: operation.operation, http: { status: 400 } },
          });
        },
      };
    },
  };
}
