/**
 * `/review`: the editors' queue of statements the extractor proposed (status PENDING), grouped by
 * article. Without a credential, or with one that is not an editor's, the page explains what it
 * needs and asks for it; it never shows the queue to anyone else (the server refuses it anyway).
 */
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { graphql } from '../__generated__';
import { formatDate } from '../components/dates';
import { PageTitle } from '../components/page-title';
import { Empty, ErrorState, Loading } from '../components/query-states';
import { removeStatementFromLists } from '../live/statement-lists';
import { CredentialForm } from '../review/credential-form';
import { forgetCredential, useEditorCredential, withCredential } from '../review/editor-credential';
import { ReviewItem, type ReviewOutcome } from '../review/review-item';
import { useNewProposals } from '../review/use-new-proposals';

const PAGE_SIZE = 20;

const ReviewQueueQuery = graphql(`
  query ReviewQueue($first: Int!, $after: String) {
    statements(filter: { status: PENDING }, orderBy: { field: PARAGRAPH, direction: ASC }, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          article {
            id
            slug
            headline
            publishedAt
          }
          ...ReviewItem
        }
      }
    }
  }
`);

const QUEUE = [{ ownerId: 'ROOT_QUERY', fieldName: 'statements' as const }];

/** The sentence to show when the server refused the credential, or undefined for any other error. */
function credentialProblem(error: ErrorLike | undefined): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  const codes = error.errors.map((e) => e.extensions?.code);
  if (codes.includes('FORBIDDEN'))
    return 'That credential is not an editor’s: reviewing needs the editor or admin role. Sign in with an editor’s key or token.';
  if (codes.includes('UNAUTHENTICATED'))
    return `The server did not accept that credential (${error.errors[0].message}). Check it, or ask for a new one, and sign in again.`;
  return undefined;
}

const headingIdOf = (statementId: string) => `review-${statementId.replace(/[^A-Za-z0-9_-]/g, '')}`;

export function ReviewPage() {
  const credential = useEditorCredential();
  const client = useApolloClient();
  const [signInProblem, setSignInProblem] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const context = credential ? withCredential(credential) : undefined;
  const { data, loading, error, refetch, fetchMore } = useQuery(ReviewQueueQuery, {
    variables: { first: PAGE_SIZE },
    skip: !credential,
    context,
    fetchPolicy: 'cache-and-network',
  });
  const refused = credentialProblem(error);
  // Only once the server has accepted the credential for the queue.
  const proposals = useNewProposals(credential && data && !refused ? credential : null);
  useEffect(() => {
    if (!refused) return;
    setSignInProblem(refused);
    forgetCredential();
  }, [refused]);
  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const signOut = () => {
    forgetCredential();
    setSignInProblem(undefined);
    // The queue is an editor's view: nothing of it stays for whoever uses the tab next.
    client.cache.evict({ id: 'ROOT_QUERY', fieldName: 'statements' });
    client.cache.gc();
  };

  const intro = (
    <p className="lede">
      Statements the extractor found in ingested articles wait here, PENDING, until an editor confirms them (readers see only confirmed
      ones), corrects their speaker or rejects them.
    </p>
  );

  if (!credential || refused) {
    return (
      <section className="review" aria-labelledby="review-title">
        <PageTitle title="Review extracted statements">Review extracted statements</PageTitle>
        {intro}
        {signInProblem ? null : (
          <p role="note" className="notice">
            This page is for editors. Sign in with your editor credential to see the statements waiting for review.
          </p>
        )}
        <CredentialForm problem={signInProblem} />
      </section>
    );
  }

  const queue = data?.statements;
  const edges = queue?.edges ?? [];
  const items = edges.map((edge) => edge.node);
  // Grouped by article, in the order the queue first names each.
  const groups = new Map<string, { article: (typeof items)[number]['article']; items: typeof items }>();
  for (const item of items) {
    const key = item.article?.id ?? '';
    const group = groups.get(key) ?? { article: item.article, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].flatMap((g) => g.items);

  const done = ({ id, message }: ReviewOutcome) => {
    const at = ordered.findIndex((item) => item.id === id);
    const next = ordered[at + 1] ?? ordered[at - 1];
    removeStatementFromLists(client.cache, QUEUE, id);
    setAnnouncement(message);
    // Focus goes to the next statement's heading, so the keyboard user carries on where they were.
    setFocusTarget(next && next.id !== id ? headingIdOf(next.id) : 'queue-heading');
  };

  return (
    <section className="review" aria-labelledby="review-title">
      <PageTitle title="Review extracted statements">Review extracted statements</PageTitle>
      {intro}
      <p className="signed-in">
        Signed in with a credential kept in this tab.{' '}
        <button type="button" className="link-button" onClick={signOut}>
          Sign out (forget it)
        </button>
      </p>
      <p role="status" className="announcement">
        {announcement}
      </p>
      <div role="status" className="new-proposals">
        {proposals.count > 0 ? (
          <>
            {proposals.count === 1
              ? '1 new statement was proposed since the list was loaded. '
              : `${proposals.count} new statements were proposed since the list was loaded. `}
            <button
              type="button"
              onClick={() => {
                proposals.reset();
                void refetch();
              }}
            >
              Show {proposals.count === 1 ? 'it' : 'them'}
            </button>
          </>
        ) : null}
      </div>
      {error && !data ? <ErrorState error={error} retry={() => void refetch()} /> : null}
      {loading && !data ? <Loading what="the statements waiting for review" /> : null}
      {queue ? (
        <>
          <h2 id="queue-heading" tabIndex={-1}>
            {queue.totalCount === 1 ? '1 statement waits for review' : `${queue.totalCount} statements wait for review`}
          </h2>
          {queue.totalCount === 0 ? <Empty>Nothing is waiting: every extracted statement has been reviewed.</Empty> : null}
          {[...groups.values()].map(({ article, items: inArticle }) => (
            <section key={article?.id ?? 'none'} className="review-group" aria-labelledby={`group-${article?.id ?? 'none'}`}>
              <h3 id={`group-${article?.id ?? 'none'}`} className="group-heading">
                {article ? (
                  <>
                    <Link to={`/articles/${article.slug}`}>{article.headline}</Link>{' '}
                    <span className="meta">· {formatDate(article.publishedAt)}</span>
                  </>
                ) : (
                  'Article missing'
                )}
              </h3>
              <ol className="review-list">
                {inArticle.map((item) => (
                  <li key={item.id}>
                    <ReviewItem statement={item} credential={credential} headingId={headingIdOf(item.id)} onDone={done} />
                  </li>
                ))}
              </ol>
            </section>
          ))}
          {queue.pageInfo.hasNextPage ? (
            <button
              type="button"
              onClick={() => void fetchMore({ variables: { after: queue.pageInfo.endCursor }, context })}
              disabled={loading}
            >
              Show more statements
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
