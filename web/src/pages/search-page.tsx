import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../__generated__';
import type { SearchPageQuery as SearchPageResult } from '../__generated__/graphql';
import { formatDate } from '../components/dates';
import { PageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/query-states';

const SEARCH_PAGE_SIZE = 20;

const SearchPageQuery = graphql(`
  query SearchPage($query: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        score
        node {
          __typename
          ... on Article {
            id
            slug
            headline
            publishedAt
          }
          ... on Person {
            id
            slug
            name
            personDescription: description
          }
          ... on Statement {
            id
            text
            kind
            speaker {
              name
            }
            article {
              slug
              headline
            }
            evidence {
              paragraphIndex
            }
          }
          ... on Exchange {
            id
            slug
            date
            description
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Hit = SearchPageResult['search']['edges'][number]['node'];

function SearchHit({ hit }: { hit: Hit }) {
  switch (hit.__typename) {
    case 'Article':
      return (
        <>
          <span className="type">Article</span> <Link to={`/articles/${hit.slug}`}>{hit.headline}</Link>{' '}
          <span className="meta">{formatDate(hit.publishedAt)}</span>
        </>
      );
    case 'Person':
      return (
        <>
          <span className="type">Person</span> <Link to={`/people/${hit.slug}`}>{hit.name}</Link>
          {hit.personDescription ? <span className="meta"> — {hit.personDescription}</span> : null}
        </>
      );
    case 'Statement': {
      const paragraph = hit.evidence[0]?.paragraphIndex;
      const words = hit.kind === 'PARAPHRASE' ? hit.text : `“${hit.text}”`;
      return (
        <>
          <span className="type">Statement</span>{' '}
          {hit.article ? (
            <Link to={`/articles/${hit.article.slug}${paragraph === undefined ? '' : `#p${paragraph}`}`}>{words}</Link>
          ) : (
            words
          )}
          <span className="meta"> — {hit.speaker?.name ?? 'unknown speaker'}</span>
        </>
      );
    }
    case 'Exchange':
      return (
        <>
          <span className="type">Exchange</span> <Link to={`/exchanges/${hit.slug}`}>Prisoner exchange of {formatDate(hit.date)}</Link>
          <span className="meta"> — {hit.description}</span>
        </>
      );
  }
}

/** `/search?q=…`: results of every type, best first. */
export function SearchPage() {
  const [params] = useSearchParams();
  const query = (params.get('q') ?? '').trim();
  const { data, loading, error, refetch, fetchMore } = useQuery(SearchPageQuery, {
    variables: { query, first: SEARCH_PAGE_SIZE },
    skip: query === '',
  });
  const title = query ? `Search results for “${query}”` : 'Search';
  const search = data?.search;
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {query === '' ? <p>Type a name, a few words of a quote or a topic in the search box.</p> : null}
      {error && !search ? <ErrorState error={error} retry={() => void refetch()} /> : null}
      {query && !search && loading ? <Loading what="results" /> : null}
      {search ? (
        <section aria-label="Results">
          <p className="count" aria-live="polite">
            {search.totalCount} result{search.totalCount === 1 ? '' : 's'}
          </p>
          {search.edges.length === 0 ? <Empty>Nothing matches “{query}”. Try fewer or different words.</Empty> : null}
          <ol className="results">
            {search.edges.map((edge) => (
              <li key={edge.cursor}>
                <SearchHit hit={edge.node} />
              </li>
            ))}
          </ol>
          {search.pageInfo.hasNextPage ? (
            <button type="button" disabled={loading} onClick={() => void fetchMore({ variables: { after: search.pageInfo.endCursor } })}>
              Show more results
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
