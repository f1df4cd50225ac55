/**
 * Quote verification: a quote's text must occur verbatim in the paragraph its first citation
 * names. Computed on every read from the article itself, so it can never drift from the source.
 */
import type { ArticleDocument, StatementDocument } from './db/documents.js';

export interface VerificationResult {
  status: 'VERBATIM' | 'NOT_FOUND' | 'NOT_APPLICABLE';
  paragraphIndex: number | null;
  offset: number | null;
}

export function verifyStatement(
  statement: Pick<StatementDocument, 'kind' | 'text' | 'evidence'>,
  article: Pick<ArticleDocument, 'paragraphs'> | null | undefined,
): VerificationResult {
  const paragraphIndex = statement.evidence[0]?.paragraphIndex ?? null;
  if (statement.kind === 'PARAPHRASE') return { status: 'NOT_APPLICABLE', paragraphIndex, offset: null };
  const paragraph = article?.paragraphs.find((p) => p.index === paragraphIndex);
  const offset = paragraph ? paragraph.text.indexOf(statement.text) : -1;
  return offset >= 0 ? { status: 'VERBATIM', paragraphIndex, offset } : { status: 'NOT_FOUND', paragraphIndex, offset: null };
}
