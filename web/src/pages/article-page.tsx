import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { getFragmentData, graphql } from '../__generated__';
import { ArticleText, ArticleTextFragment, QuoteMarkFragmentDoc } from '../components/article-text';
import { formatDate } from '../components/dates';
import { ExchangeSummary } from '../components/exchange-summary';
import { JsonLd } from '../components/json-ld';
import { LiveStatus, RemovedNotice } from '../components/live-status';
import { PageTitle } from '../components/page-title';
import { PersonLink } from '../components/person-link';
import { ErrorState, Loading } from '../components/query-states';
import { forgetStatement } from '../live/statement-lists';
import { useLiveStatements } from '../live/use-live-statements';
import { useNodeChanges } from '../live/use-node-changes';
import { NotFoundPage } from './not-found-page';

const ArticlePageQuery = graphql(`
  query ArticlePage($slug: String!) {
    article(slug: $slug) {
      id
      slug
      headline
      publishedAt
      dateline
      topics
      jsonLd
      ...ArticleText
      people {
        id
        ...PersonLink
      }
      exchanges {
        id
        ...ExchangeSummary
      }
    }
  }
`);

/** A statement recorded for this article while it is open: merged into the marked text. */
const ArticleStatementAdded = graphql(`
  subscription ArticleStatementAdded($articleId: ID!) {
    statementAdded(filter: { articleId: $articleId }) {
      id
      ...QuoteMark
    }
  }
`);

/** `/articles/:slug`: the text with every quote marked, the people it names, the exchanges it describes; live. */
export function ArticlePage() {
  const { slug = '' } = useParams();
  const { hash } = useLocation();
  const { cache } = useApolloClient();
  const { data, loading, error, refetch } = useQuery(ArticlePageQuery, { variables: { slug } });
  const article = data?.article;
  const [deleted, setDeleted] = useState<string | null>(null);
  const lists = article ? [{ ownerId: `Article:${article.id}`, fieldName: 'statements' as const }] : [];
  const live = useLiveStatements(ArticleStatementAdded, { variables: { articleId: article?.id ?? '' }, skip: !article, lists });
  const statementIds = article
    ? getFragmentData(QuoteMarkFragmentDoc, getFragmentData(ArticleTextFragment, article).statements.nodes).map((s) => s.id)
    : [];
  const watched = useNodeChanges(article ? [article.id, ...statementIds] : [], (change) => {
    if (change.id === article?.id) {
      if (change.operation === 'DELETED') {
        setDeleted(article.headline);
        // Off every list that showed it (the latest articles, search results).
        cache.evict({ id: `Article:${article.id}` });
        cache.gc();
      } else void refetch();
      return;
    }
    // A statement deleted, or no longer confirmed (rejected on review), leaves the text; a corrected one is read again.
    if (change.operation === 'DELETED' || (change.status && change.status !== 'CONFIRMED')) forgetStatement(cache, lists, change.id);
    else void refetch();
  });
  // The paragraph a citation links to (#p12) exists only once the text has loaded.
  useEffect(() => {
    if (!article || !hash) return;
    const target = document.getElementById(hash.slice(1));
    target?.scrollIntoView();
  }, [article, hash]);
  if (deleted !== null) return <RemovedNotice what={`The article “${deleted}” was deleted after you opened it.`} />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (loading && !data) return <Loading what="the article" />;
  if (!article) return <NotFoundPage what={`No article has the slug “${slug}”.`} />;
  return (
    <div className="with-aside">
      <article className="article">
        <header>
          <PageTitle title={article.headline}>{article.headline}</PageTitle>
          <p className="meta">
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
            {article.dateline ? ` · ${article.dateline}` : ''}
            {article.topics.length > 0 ? ` · ${article.topics.join(', ')}` : ''}
          </p>
          <p className="legend">
            Quotes are underlined; hover or focus one to see who said it and where. Each carries its check: <strong>VERBATIM</strong> (found
            letter for letter) or <strong>NOT_FOUND</strong>.
          </p>
          <LiveStatus unavailable={live.unavailable || watched.unavailable} added={live.added} />
        </header>
        <ArticleText article={article} />
        <JsonLd data={article.jsonLd} />
      </article>
      <aside aria-label="In this article">
        <h2>People named</h2>
        <ul>
          {article.people.map((person) => (
            <li key={person.id}>
              <PersonLink person={person} />
            </li>
          ))}
        </ul>
        <h2>Exchanges described</h2>
        {article.exchanges.length === 0 ? <p>None.</p> : null}
        {article.exchanges.map((exchange) => (
          <ExchangeSummary key={exchange.id} exchange={exchange} />
        ))}
      </aside>
    </div>
  );
}
