/**
 * One pending statement in the review queue: the paragraph it comes from with the quote marked, the
 * proposed speaker with the extractor's confidence and runner-ups, and the three decisions. Every
 * decision sends the version the editor read; if someone else reviewed or changed the statement
 * first, the server refuses (STALE_VERSION) and the row says who did what instead of overwriting it.
 */
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';
import type { ReviewDecision } from '../__generated__/graphql';
import { formatSaidOn } from '../components/dates';
import { VerificationBadge } from '../components/verification-badge';
import { withCredential } from './editor-credential';
import { QuoteInParagraph } from './quote-in-paragraph';
import { type SpeakerChoice, SpeakerPicker } from './speaker-picker';

export const ReviewItemFragment = graphql(`
  fragment ReviewItem on Statement {
    id
    version
    status
    text
    kind
    channel
    saidOn
    saidOnPrecision
    confidence
    extractedBy
    speaker {
      id
      name
      slug
    }
    speakerCandidates {
      name
      score
      person {
        id
        name
        slug
      }
    }
    article {
      id
      slug
      headline
      paragraphs {
        index
        text
      }
    }
    evidence {
      paragraphIndex
    }
    verification {
      status
      paragraphIndex
      offset
    }
  }
`);

const ReviewStatementMutation = graphql(`
  mutation ReviewStatement($input: ReviewStatementInput!) {
    reviewStatement(input: $input) {
      statement {
        id
        version
        status
        updatedBy
        speaker {
          id
          name
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** The statement as it is now, read after a refused review to say what happened. */
const CurrentStatementQuery = graphql(`
  query CurrentStatement($id: ID!) {
    statement(id: $id) {
      id
      version
      status
      updatedBy
      updatedAt
      ...ReviewItem
    }
  }
`);

const KIND: Record<string, string> = { DIRECT_QUOTE: 'Direct quote', PARTIAL_QUOTE: 'Partial quote', PARAPHRASE: 'Paraphrase' };

type Problem = { kind: 'conflict'; message: string; settled: boolean } | { kind: 'error'; message: string };

const timeOf = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export interface ReviewOutcome {
  id: string;
  /** What to announce, e.g. `Confirmed “…” as said by Sergei Lavrov.` */
  message: string;
}

export function ReviewItem(props: {
  statement: FragmentType<typeof ReviewItemFragment>;
  credential: string;
  headingId: string;
  onDone: (outcome: ReviewOutcome) => void;
}) {
  const statement = getFragmentData(ReviewItemFragment, props.statement);
  const client = useApolloClient();
  const [review] = useMutation(ReviewStatementMutation, { context: withCredential(props.credential) });
  const [busy, setBusy] = useState(false);
  const [changing, setChanging] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const paragraphIndex = statement.verification.paragraphIndex ?? statement.evidence[0]?.paragraphIndex;
  const paragraph = statement.article?.paragraphs.find((p) => p.index === paragraphIndex);
  const candidates: SpeakerChoice[] = statement.speakerCandidates.flatMap((c) =>
    c.person ? [{ id: c.person.id, name: c.person.name, note: `score ${c.score}` }] : [],
  );
  const quoted = `“${statement.text}”`;

  /** After a refused decision: read the statement again and say who got there first. */
  async function explainConflict(): Promise<void> {
    const { data } = await client.query({
      query: CurrentStatementQuery,
      variables: { id: statement.id },
      fetchPolicy: 'network-only',
      context: withCredential(props.credential),
    });
    const now = data?.statement;
    if (!now) {
      setProblem({ kind: 'conflict', settled: true, message: 'Someone else deleted this statement while you were reviewing it.' });
    } else if (now.status !== 'PENDING') {
      const verb = now.status === 'CONFIRMED' ? 'confirmed' : 'rejected';
      setProblem({
        kind: 'conflict',
        settled: true,
        message: `Someone else reviewed it first: ${now.updatedBy} ${verb} it (${timeOf(now.updatedAt)} UTC). Your decision was not applied.`,
      });
    } else {
      setProblem({
        kind: 'conflict',
        settled: false,
        message: `${now.updatedBy} changed this statement since you opened the page (${timeOf(now.updatedAt)} UTC); it is shown as it is now. Your decision was not applied: review it again.`,
      });
    }
  }

  async function decide(decision: ReviewDecision, speaker?: SpeakerChoice): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error } = await review({
        variables: {
          input: { id: statement.id, expectedVersion: statement.version, decision, ...(speaker ? { speakerId: speaker.id } : {}) },
        },
      });
      if (error) {
        setProblem({ kind: 'error', message: `Not saved: ${error.message}` });
        return;
      }
      const result = data?.reviewStatement;
      const refused = result?.userErrors ?? [];
      if (refused.some((e) => e.code === 'STALE_VERSION')) return await explainConflict();
      if (refused.length > 0 || !result?.statement) {
        setProblem({ kind: 'error', message: `Not saved: ${refused.map((e) => e.message).join('; ') || 'the server refused it'}` });
        return;
      }
      // Reader pages that listed this article's or these people's statements read them again.
      const cache = client.cache;
      if (statement.article) cache.evict({ id: `Article:${statement.article.id}`, fieldName: 'statements' });
      for (const person of [statement.speaker, result.statement.speaker]) {
        if (person) cache.evict({ id: `Person:${person.id}`, fieldName: 'statements' });
      }
      const who = result.statement.speaker?.name ?? 'an unknown speaker';
      props.onDone({
        id: statement.id,
        message: decision === 'REJECT' ? `Rejected ${quoted}.` : `Confirmed ${quoted} as said by ${who}.`,
      });
    } catch (error) {
      setProblem({ kind: 'error', message: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="review-item" aria-labelledby={props.headingId} aria-busy={busy} data-statement-id={statement.id}>
      <h4 id={props.headingId} tabIndex={-1}>
        <q>{statement.text}</q>
      </h4>
      {paragraph ? (
        <figure>
          <QuoteInParagraph paragraph={paragraph.text} quote={statement.text} offset={statement.verification.offset} />
          <figcaption>
            Paragraph {paragraph.index + 1}
            {statement.article ? (
              <>
                {' '}
                of <Link to={`/articles/${statement.article.slug}#p${paragraph.index}`}>“{statement.article.headline}”</Link>
              </>
            ) : null}{' '}
            · <VerificationBadge status={statement.verification.status} />
          </figcaption>
        </figure>
      ) : (
        <p className="form-problem">The paragraph this statement cites is missing from its article.</p>
      )}
      <dl className="review-facts">
        <div>
          <dt>Proposed speaker</dt>
          <dd className="proposed-speaker">{statement.speaker ? statement.speaker.name : 'nobody (unattributed)'}</dd>
        </div>
        <div>
          <dt>Confidence</dt>
          <dd>{statement.confidence == null ? 'not given (typed in by an editor)' : `${Math.round(statement.confidence * 100)} %`}</dd>
        </div>
        <div>
          <dt>Extracted by</dt>
          <dd>{statement.extractedBy ?? 'an editor'}</dd>
        </div>
        <div>
          <dt>Other candidates</dt>
          <dd className="candidates">
            {statement.speakerCandidates.filter((c) => c.person?.id !== statement.speaker?.id).length === 0
              ? 'none'
              : statement.speakerCandidates
                  .filter((c) => c.person?.id !== statement.speaker?.id)
                  .map((c) => `${c.name} (score ${c.score}${c.person ? '' : ', not in the database'})`)
                  .join(', ')}
          </dd>
        </div>
        <div>
          <dt>Kind, channel, date</dt>
          <dd>
            {KIND[statement.kind]} · {statement.channel ?? 'channel not reported'} ·{' '}
            {statement.saidOn ? formatSaidOn(statement.saidOn, statement.saidOnPrecision) : 'date not reported'}
          </dd>
        </div>
      </dl>
      {problem ? (
        <div role="alert" className={problem.kind === 'conflict' ? 'conflict' : 'form-problem'}>
          <p>
            {problem.kind === 'conflict' ? <strong>Conflict. </strong> : null}
            {problem.message}
          </p>
          {problem.kind === 'conflict' && problem.settled ? (
            <button type="button" onClick={() => props.onDone({ id: statement.id, message: `Removed ${quoted}: already reviewed.` })}>
              Remove from the list
            </button>
          ) : null}
        </div>
      ) : null}
      {problem?.kind === 'conflict' && problem.settled ? null : changing ? (
        <SpeakerPicker
          statementText={statement.text}
          candidates={candidates}
          currentId={statement.speaker?.id}
          busy={busy}
          onConfirm={(speaker) => void decide('CONFIRM', speaker)}
          onCancel={() => {
            setChanging(false);
            document.getElementById(props.headingId)?.focus();
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" disabled={busy || !statement.speaker} onClick={() => void decide('CONFIRM')}>
            Confirm{statement.speaker ? ` (${statement.speaker.name})` : ''}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setChanging(true)}>
            Change speaker…
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void decide('REJECT')}>
            Reject
          </button>
        </div>
      )}
    </article>
  );
}
