import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { graphql } from '../__generated__';
import { CitationList } from '../components/citation-link';
import { countryName, formatDate } from '../components/dates';
import { JsonLd } from '../components/json-ld';
import { PageTitle } from '../components/page-title';
import { ErrorState, Loading } from '../components/query-states';
import { NotFoundPage } from './not-found-page';

const ExchangePageQuery = graphql(`
  query ExchangePage($slug: String!) {
    exchange(slug: $slug) {
      jsonLd
      id
      slug
      date
      description
      countries
      releases {
        person {
          slug
          name
        }
        releasedBy
        releasedTo
        detail
        evidence {
          ...CitationLink
        }
      }
      evidence {
        ...CitationLink
      }
      articles {
        id
        slug
        headline
      }
    }
  }
`);

/** `/exchanges/:slug`: who went which way, each release with its evidence. */
export function ExchangePage() {
  const { slug = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(ExchangePageQuery, { variables: { slug } });
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (loading && !data) return <Loading what="the exchange" />;
  const exchange = data?.exchange;
  if (!exchange) return <NotFoundPage what={`No exchange has the slug “${slug}”.`} />;
  const title = `Prisoner exchange of ${formatDate(exchange.date)}`;
  return (
    <article className="exchange">
      <header>
        <PageTitle title={title}>{title}</PageTitle>
        <p className="lede">{exchange.description}</p>
        <p>Countries: {exchange.countries.map(countryName).join(', ')}</p>
        <JsonLd data={exchange.jsonLd} />
      </header>
      <section aria-labelledby="releases">
        <h2 id="releases">Who was released</h2>
        <ul className="releases">
          {exchange.releases.map((release, i) => (
            <li key={release.person?.slug ?? i} className="release">
              <h3>{release.person ? <Link to={`/people/${release.person.slug}`}>{release.person.name}</Link> : 'Someone not recorded'}</h3>
              <p className="direction">
                Released by {countryName(release.releasedBy)} to {countryName(release.releasedTo)}
              </p>
              {release.detail ? <p>{release.detail}</p> : null}
              <CitationList citations={release.evidence} />
            </li>
          ))}
        </ul>
      </section>
      {exchange.evidence.length > 0 ? (
        <section aria-labelledby="evidence">
          <h2 id="evidence">Evidence for the exchange</h2>
          <CitationList citations={exchange.evidence} />
        </section>
      ) : null}
      <section aria-labelledby="articles">
        <h2 id="articles">Articles describing it</h2>
        <ul>
          {exchange.articles.map((article) => (
            <li key={article.id}>
              <Link to={`/articles/${article.slug}`}>{article.headline}</Link>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
