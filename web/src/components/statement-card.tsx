import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';
import { formatSaidOn } from './dates';
import { PersonLink } from './person-link';
import { VerificationBadge } from './verification-badge';

export const StatementCardFragment = graphql(`
  fragment StatementCard on Statement {
    id
    text
    kind
    channel
    saidOn
    saidOnPrecision
    context
    speaker {
      ...PersonLink
    }
    article {
      slug
      headline
    }
    evidence {
      paragraphIndex
    }
    verification {
      status
    }
  }
`);

const KIND: Record<string, string> = { DIRECT_QUOTE: 'Direct quote', PARTIAL_QUOTE: 'Partial quote', PARAPHRASE: 'Paraphrase' };

/** One statement: the words, who said them, when and where, and the paragraph that reports them. */
export function StatementCard(props: { statement: FragmentType<typeof StatementCardFragment>; showSpeaker?: boolean }) {
  const statement = getFragmentData(StatementCardFragment, props.statement);
  const paragraph = statement.evidence[0]?.paragraphIndex;
  const quoted = statement.kind !== 'PARAPHRASE';
  return (
    <article className="statement-card" data-statement-id={statement.id}>
      <p className="statement-text">{quoted ? <q>{statement.text}</q> : statement.text}</p>
      <p className="statement-meta">
        {props.showSpeaker && statement.speaker ? (
          <>
            <PersonLink person={statement.speaker} />
            {' · '}
          </>
        ) : null}
        {KIND[statement.kind]} · {statement.saidOn ? formatSaidOn(statement.saidOn, statement.saidOnPrecision) : 'date not reported'}
        {statement.channel ? ` · ${statement.channel}` : ''} · <VerificationBadge status={statement.verification.status} />
      </p>
      {statement.article ? (
        <p className="statement-source">
          Reported in{' '}
          <Link to={`/articles/${statement.article.slug}${paragraph === undefined ? '' : `#p${paragraph}`}`}>
            “{statement.article.headline}”{paragraph === undefined ? '' : `, paragraph ${paragraph + 1}`}
          </Link>
        </p>
      ) : null}
    </article>
  );
}
