/** An article's paragraphs in reading order, section headings as headings, every quote marked as <q>. */
import { Fragment } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';
import type { QuoteMarkFragment } from '../__generated__/graphql';
import { highlightQuotes, type ParagraphNode } from '../quotes/highlight-quotes';
import { VerificationBadge, verificationText } from './verification-badge';

export const QuoteMarkFragmentDoc = graphql(`
  fragment QuoteMark on Statement {
    id
    text
    kind
    channel
    speaker {
      name
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

export const ArticleTextFragment = graphql(`
  fragment ArticleText on Article {
    paragraphs {
      index
      text
      section
    }
    statements(first: 100) {
      nodes {
        ...QuoteMark
      }
    }
  }
`);

type Quote = QuoteMarkFragment;

/** The tooltip of a quote: who said it, where, and whether the words were found. */
const quoteTitle = (quote: Quote) =>
  `${quote.speaker?.name ?? 'Unknown speaker'}, ${quote.channel ? `via ${quote.channel}` : 'channel not reported'} — ${verificationText(quote.verification.status)}`;

function QuoteNodes({ nodes, quotes, lastPieces }: { nodes: ParagraphNode[]; quotes: Map<string, Quote>; lastPieces: Set<ParagraphNode> }) {
  // The tree is rebuilt whole from a fixed text: a node's position is its identity.
  return nodes.map((node, i) => {
    // biome-ignore lint/suspicious/noArrayIndexKey: positions in a fixed text are stable
    if (node.kind === 'text') return <Fragment key={i}>{node.text}</Fragment>;
    const quote = quotes.get(node.id)!;
    return (
      // biome-ignore lint/suspicious/noArrayIndexKey: positions in a fixed text are stable
      <Fragment key={i}>
        <q
          title={quoteTitle(quote)}
          data-statement-id={quote.id}
          data-status={quote.verification.status}
          className={`quote quote-${quote.verification.status.toLowerCase()}`}
        >
          <QuoteNodes nodes={node.children} quotes={quotes} lastPieces={lastPieces} />
        </q>
        {lastPieces.has(node) ? <VerificationBadge status={quote.verification.status} /> : null}
      </Fragment>
    );
  });
}

/** The last piece of each quote (a crossing quote is cut in pieces): its badge goes after it. */
function lastPiecesOf(nodes: ParagraphNode[]): Set<ParagraphNode> {
  const last = new Map<string, ParagraphNode>();
  const visit = (list: ParagraphNode[]) => {
    for (const node of list) {
      if (node.kind !== 'quote') continue;
      visit(node.children);
      last.set(node.id, node);
    }
  };
  visit(nodes);
  return new Set(last.values());
}

const paragraphOf = (quote: Quote) => quote.verification.paragraphIndex ?? quote.evidence[0]?.paragraphIndex;

export function ArticleText(props: { article: FragmentType<typeof ArticleTextFragment> }) {
  const article = getFragmentData(ArticleTextFragment, props.article);
  const quotes = getFragmentData(QuoteMarkFragmentDoc, article.statements.nodes).filter((s) => s.kind !== 'PARAPHRASE');
  const byId = new Map(quotes.map((q) => [q.id, q]));
  let section: string | null | undefined = null;
  return (
    <div className="article-text">
      {article.paragraphs.map((paragraph) => {
        const here = quotes.filter((q) => paragraphOf(q) === paragraph.index);
        const { nodes, unplaced } = highlightQuotes(
          paragraph.text,
          here.map((q) => ({ id: q.id, text: q.text, offset: q.verification.status === 'VERBATIM' ? q.verification.offset : null })),
        );
        const heading = paragraph.section && paragraph.section !== section ? <h2>{paragraph.section}</h2> : null;
        section = paragraph.section;
        return (
          <Fragment key={paragraph.index}>
            {heading}
            <p id={`p${paragraph.index}`} className="paragraph">
              <QuoteNodes nodes={nodes} quotes={byId} lastPieces={lastPiecesOf(nodes)} />
            </p>
            {unplaced.length > 0 ? (
              <ul className="unplaced" aria-label={`Quotes attributed to paragraph ${paragraph.index + 1} but not found in it`}>
                {unplaced.map((id) => {
                  const quote = byId.get(id)!;
                  return (
                    <li key={id}>
                      Attributed here but not in the text:{' '}
                      <q
                        title={quoteTitle(quote)}
                        data-statement-id={id}
                        data-status={quote.verification.status}
                        className="quote quote-not_found"
                      >
                        {quote.text}
                      </q>{' '}
                      <VerificationBadge status={quote.verification.status} />
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </Fragment>
        );
      })}
    </div>
  );
}
