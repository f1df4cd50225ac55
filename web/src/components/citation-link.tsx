import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__';

export const CitationLinkFragment = graphql(`
  fragment CitationLink on Citation {
    paragraphIndex
    excerpt
    article {
      slug
      headline
    }
  }
`);

/** The cited words, and a link to the very paragraph that states them. */
export function CitationLink(props: { citation: FragmentType<typeof CitationLinkFragment> }) {
  const citation = getFragmentData(CitationLinkFragment, props.citation);
  return (
    <figure className="citation">
      <blockquote>{citation.excerpt}</blockquote>
      <figcaption>
        {citation.article ? (
          <Link to={`/articles/${citation.article.slug}#p${citation.paragraphIndex}`}>
            Paragraph {citation.paragraphIndex + 1} of “{citation.article.headline}”
          </Link>
        ) : (
          <>Paragraph {citation.paragraphIndex + 1} of an article no longer available</>
        )}
      </figcaption>
    </figure>
  );
}

/** A fact's evidence: each citation, keyed by where it points. */
export function CitationList(props: { citations: ReadonlyArray<FragmentType<typeof CitationLinkFragment>> }) {
  const citations = getFragmentData(CitationLinkFragment, props.citations);
  return citations.map((citation, i) => (
    <CitationLink key={`${citation.article?.slug}#${citation.paragraphIndex}:${citation.excerpt}`} citation={props.citations[i]} />
  ));
}
