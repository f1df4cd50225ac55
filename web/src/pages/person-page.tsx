import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { graphql } from '../__generated__';
import { CitationList } from '../components/citation-link';
import { countryName } from '../components/dates';
import { ExchangeSummary } from '../components/exchange-summary';
import { JsonLd } from '../components/json-ld';
import { LiveStatus, RemovedNotice } from '../components/live-status';
import { PageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/query-states';
import { StatementCard } from '../components/statement-card';
import { forgetStatement, type StatementList } from '../live/statement-lists';
import { useLiveStatements } from '../live/use-live-statements';
import { useNodeChanges } from '../live/use-node-changes';
import { NotFoundPage } from './not-found-page';

const PersonPageQuery = graphql(`
  query PersonPage($slug: String!) {
    person(slug: $slug) {
      jsonLd
      id
      slug
      name
      aliases
      description
      nationalities
      roles {
        title
        organization
        country
        evidence {
          ...CitationLink
        }
      }
      statements(first: 50, orderBy: { field: SAID_ON, direction: ASC }) {
        totalCount
        edges {
          node {
            id
            saidOn
            article {
              publishedAt
            }
            evidence {
              paragraphIndex
            }
            ...StatementCard
          }
        }
      }
      statementsAbout(first: 50) {
        totalCount
        nodes {
          id
          ...StatementCard
        }
      }
      exchanges {
        id
        ...ExchangeSummary
      }
    }
  }
`);

/** A statement by this person recorded while the page is open: it joins the timeline. */
const PersonStatementAdded = graphql(`
  subscription PersonStatementAdded($personId: ID!) {
    statementAdded(filter: { speakerId: $personId }) {
      id
      saidOn
      article {
        publishedAt
      }
      evidence {
        paragraphIndex
      }
      ...StatementCard
    }
  }
`);

/** A statement about this person recorded while the page is open. */
const PersonStatementAboutAdded = graphql(`
  subscription PersonStatementAboutAdded($personId: ID!) {
    statementAdded(filter: { aboutId: $personId }) {
      id
      ...StatementCard
    }
  }
`);

interface TimelineEntry {
  saidOn?: string | null;
  article?: { publishedAt: string } | null;
  evidence: ReadonlyArray<{ paragraphIndex: number }>;
}

/** Where the coverage reports a statement: its article's date, then the paragraph. */
const reportedAt = (s: TimelineEntry) => `${s.article?.publishedAt ?? ''}#${String(s.evidence[0]?.paragraphIndex ?? 0).padStart(6, '0')}`;

/**
 * Oldest first, undated last (a timeline cannot place a statement without a date); statements of the
 * same day, and the undated ones, in the order the coverage reports them.
 */
function timeline<T extends TimelineEntry>(statements: readonly T[]): T[] {
  const byReport = (a: T, b: T) => reportedAt(a).localeCompare(reportedAt(b));
  const dated = statements.filter((s) => s.saidOn).sort((a, b) => a.saidOn!.localeCompare(b.saidOn!) || byReport(a, b));
  return [...dated, ...statements.filter((s) => !s.saidOn).sort(byReport)];
}

/** `/people/:slug`: who the person is (with evidence), what they said, what others said of them; live. */
export function PersonPage() {
  const { slug = '' } = useParams();
  const { cache } = useApolloClient();
  const { data, loading, error, refetch } = useQuery(PersonPageQuery, { variables: { slug } });
  const found = data?.person;
  const [deleted, setDeleted] = useState<string | null>(null);
  const ownerId = found ? `Person:${found.id}` : '';
  const saidLists: StatementList[] = found ? [{ ownerId, fieldName: 'statements' }] : [];
  const aboutLists: StatementList[] = found ? [{ ownerId, fieldName: 'statementsAbout' }] : [];
  const variables = { personId: found?.id ?? '' };
  const liveSaid = useLiveStatements(PersonStatementAdded, { variables, skip: !found, lists: saidLists });
  const liveAbout = useLiveStatements(PersonStatementAboutAdded, { variables, skip: !found, lists: aboutLists });
  const statementIds = found ? [...found.statements.edges.map((e) => e.node.id), ...found.statementsAbout.nodes.map((n) => n.id)] : [];
  const watched = useNodeChanges(found ? [found.id, ...statementIds] : [], (change) => {
    if (change.id === found?.id) {
      if (change.operation === 'DELETED') {
        setDeleted(found.name);
        cache.evict({ id: ownerId });
        cache.gc();
      } else void refetch();
      return;
    }
    // A statement deleted, or no longer confirmed, leaves the page; a corrected one is read again.
    if (change.operation === 'DELETED' || (change.status && change.status !== 'CONFIRMED')) {
      forgetStatement(cache, [...saidLists, ...aboutLists], change.id);
    } else void refetch();
  });
  if (deleted !== null) return <RemovedNotice what={`${deleted} was removed from newsgraph after you opened this page.`} />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (loading && !data) return <Loading what="the person" />;
  const person = data?.person;
  if (!person) return <NotFoundPage what={`No person has the slug “${slug}”.`} />;
  const said = timeline(person.statements.edges.map((e) => e.node));
  return (
    <article className="person">
      <header>
        <PageTitle title={person.name}>{person.name}</PageTitle>
        {person.description ? <p className="lede">{person.description}</p> : null}
        {person.aliases.length > 0 ? <p>Also known as {person.aliases.join(', ')}.</p> : null}
        {person.nationalities.length > 0 ? <p>Nationality: {person.nationalities.map(countryName).join(', ')}.</p> : null}
        <JsonLd data={person.jsonLd} />
        <LiveStatus
          unavailable={liveSaid.unavailable || liveAbout.unavailable || watched.unavailable}
          added={liveSaid.added + liveAbout.added}
        />
      </header>
      <section aria-labelledby="roles">
        <h2 id="roles">Roles</h2>
        {person.roles.length === 0 ? <Empty>The coverage gives no role.</Empty> : null}
        <ul className="roles">
          {person.roles.map((role) => (
            <li key={`${role.title}|${role.organization ?? ''}|${role.country ?? ''}`}>
              <h3>
                {role.title}
                {role.organization ? `, ${role.organization}` : ''}
                {role.country ? ` · ${countryName(role.country)}` : ''}
              </h3>
              <CitationList citations={role.evidence} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="said">
        <h2 id="said">Statements ({person.statements.totalCount})</h2>
        {said.length === 0 ? <Empty>No statements by {person.name} are recorded.</Empty> : null}
        <ol className="timeline">
          {said.map((statement) => (
            <li key={statement.id}>
              <StatementCard statement={statement} />
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="about">
        <h2 id="about">What others said about {person.name}</h2>
        {person.statementsAbout.nodes.length === 0 ? <Empty>Nobody is recorded saying anything about {person.name}.</Empty> : null}
        <ul className="statements">
          {person.statementsAbout.nodes.map((statement) => (
            <li key={statement.id}>
              <StatementCard statement={statement} showSpeaker />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="exchanges">
        <h2 id="exchanges">Prisoner exchanges</h2>
        {person.exchanges.length === 0 ? <Empty>{person.name} was not released in any recorded exchange.</Empty> : null}
        {person.exchanges.map((exchange) => (
          <ExchangeSummary key={exchange.id} exchange={exchange} />
        ))}
      </section>
    </article>
  );
}
