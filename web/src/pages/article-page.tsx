import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { useLocation, useParams } from 'react-router';
import { graphql } from '../__generated__';
import { ArticleText } from '../components/article-text';
import { formatDate } from '../components/dates';
import { ExchangeSummary } from '../components/exchange-summary';
import { JsonLd } from '../components/json-ld';
import { PageTitle } from '../components/page-title';
import { PersonLink } from '../components/person-link';
import { ErrorState, Loading } from '../components/query-states';
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

/** `/articles/:slug`: the text with every quote marked, the people it names, the exchanges it describes. */
export function ArticlePage() {
  const { slug = '' } = useParams();
  const { hash } = useLocation();
  const { data, loading, error, refetch } = useQuery(ArticlePageQuery, { variables: { slug } });
  const article = data?.article;
  // The paragraph a citation links to (#p12) exists only once the text has loaded.
  useEffect(() => {
    if (!article || !hash) return;
    const target = document.getElementById(hash.slice(1));
    target?.scrollIntoView();
  }, [article, hash]);
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
