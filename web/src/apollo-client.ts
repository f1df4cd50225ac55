/**
 * The reader's Apollo Client: queries and mutations over HTTP to same-origin /graphql, subscriptions
 * over the same path by WebSocket (graphql-ws); a normalized cache that merges Relay pages.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import introspection from './__generated__/possible-types';
import { createLiveConnection } from './live/live-connection';

export function createApolloClient(): ApolloClient {
  // Events sent while the socket was down are not replayed: on reconnecting, the pages on screen
  // fetch their data again, so nothing recorded meanwhile is missing.
  const live = createLiveConnection(() => void client.refetchObservableQueries());
  const client = new ApolloClient({
    link: ApolloLink.split(
      (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
      new GraphQLWsLink(live),
      new HttpLink({ uri: '/graphql' }),
    ),
    cache: new InMemoryCache({
      possibleTypes: introspection.possibleTypes,
      typePolicies: {
        Query: {
          fields: {
            // Each distinct filter/order/search term is its own list; pages of the same list are merged.
            articles: relayStylePagination(['filter', 'orderBy']),
            search: relayStylePagination(['query', 'types']),
            statements: relayStylePagination(['filter', 'orderBy']),
          },
        },
      },
    }),
  });
  return client;
}
