/** The reader's Apollo Client: same-origin /graphql, a normalized cache that merges Relay pages. */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import introspection from './__generated__/possible-types';

export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql' }),
    cache: new InMemoryCache({
      possibleTypes: introspection.possibleTypes,
      typePolicies: {
        Query: {
          fields: {
            // Each distinct filter/order/search term is its own list; pages of the same list are merged.
            articles: relayStylePagination(['filter', 'orderBy']),
            search: relayStylePagination(['query', 'types']),
          },
        },
      },
    }),
  });
}
