/** The paragraph a pending statement cites, with the quoted words marked where they occur. */
import { Fragment } from 'react';
import { highlightQuotes, type ParagraphNode } from '../quotes/highlight-quotes';

function Marked({ nodes }: { nodes: ParagraphNode[] }) {
  // The tree is rebuilt whole from a fixed text: a node's position is its identity.
  return nodes.map((node, i) =>
    node.kind === 'text' ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: positions in a fixed text are stable
      <Fragment key={i}>{node.text}</Fragment>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: positions in a fixed text are stable
      <mark key={i} className="quote-mark">
        <Marked nodes={node.children} />
      </mark>
    ),
  );
}

export function QuoteInParagraph({ paragraph, quote, offset }: { paragraph: string; quote: string; offset: number | null | undefined }) {
  const { nodes, unplaced } = highlightQuotes(paragraph, [{ id: 'quote', text: quote, offset }]);
  return (
    <>
      <blockquote className="review-paragraph">
        <p>
          <Marked nodes={nodes} />
        </p>
      </blockquote>
      {unplaced.length > 0 ? (
        <p className="form-problem">The quoted words do not occur in this paragraph: check the text before confirming.</p>
      ) : null}
    </>
  );
}
