import { useQuery } from '@apollo/client/react';
import { graphql } from '../__generated__';
import { ArticleListItem } from '../components/article-list-item';
import { PageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/query-states';

export const PAGE_SIZE = 10;

const HomePageQuery = graphql(`
  query HomePage($first: Int!, $after: String) {
    articles(first: $first, after: $after, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
      totalCount
      edges {
        cursor
        node {
          id
          ...ArticleListItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** `/`: the articles, newest first, a page at a time. */
export function HomePage() {
  const { data, loading, error, refetch, fetchMore } = useQuery(HomePageQuery, { variables: { first: PAGE_SIZE } });
  const articles = data?.articles;
  return (
    <>
      <PageTitle title="Latest articles">Latest articles</PageTitle>
      <p className="lede">Who said what in the news, each quote checked against the paragraph that reports it.</p>
      {error && !articles ? <ErrorState error={error} retry={() => void refetch()} /> : null}
      {!articles && loading ? <Loading what="articles" /> : null}
      {articles ? (
        <section aria-label="Articles">
          {articles.edges.length === 0 ? <Empty>No articles yet.</Empty> : null}
          {articles.edges.map(({ node }) => (
            <ArticleListItem key={node.id} article={node} />
          ))}
          <p className="count" aria-live="polite">
            Showing {articles.edges.length} of {articles.totalCount} article{articles.totalCount === 1 ? '' : 's'}
          </p>
          {error ? <ErrorState error={error} retry={() => void refetch()} /> : null}
          {articles.pageInfo.hasNextPage ? (
            <button type="button" disabled={loading} onClick={() => void fetchMore({ variables: { after: articles.pageInfo.endCursor } })}>
              {loading ? 'Loading more articles…' : 'Show more articles'}
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
