/**
 * Citations must hold: the article exists, the paragraph exists, and the excerpt occurs in it
 * verbatim. A quote must also occur verbatim in the paragraph it cites — the same rule its
 * `verification` reads back, so a stored quote can never read back as NOT_FOUND. Checked on every
 * write that sets evidence or quoted words, reading each cited article once.
 */
import type { ObjectId } from 'mongodb';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, CitationDocument, StatementDocument } from '../db/documents.js';
import { globalId } from '../db/ids.js';
import { verifyStatement } from '../verification.js';
import { inputId } from './references.js';
import { refuse } from './user-errors.js';

export interface CitationInput {
  articleId: string;
  paragraphIndex: number;
  excerpt: string;
}

export function findCitationProblem(
  citation: CitationDocument,
  article: Pick<ArticleDocument, 'paragraphs'> | undefined,
): string | undefined {
  if (!article) return `no Article with id ${globalId('Article', citation.articleId)}`;
  const paragraph = article.paragraphs.find((p) => p.index === citation.paragraphIndex);
  if (!paragraph) return `the article has no paragraph ${citation.paragraphIndex}`;
  if (!paragraph.text.includes(citation.excerpt)) return `"${citation.excerpt}" is not in paragraph ${citation.paragraphIndex}`;
  return undefined;
}

type QuotedWords = Pick<StatementDocument, 'kind' | 'text' | 'evidence'>;

/** Why a quote would read back as NOT_FOUND against `article`, or undefined when it is verbatim (or a paraphrase). */
export function findQuoteProblem(
  statement: QuotedWords,
  article: Pick<ArticleDocument, 'paragraphs'> | null | undefined,
): string | undefined {
  if (verifyStatement(statement, article).status !== 'NOT_FOUND') return undefined;
  return `the quoted words are not in paragraph ${statement.evidence[0]?.paragraphIndex} of the cited article`;
}

/** Refuses a quote whose words are not in the paragraph its first citation names. */
export function requireVerbatimQuote(statement: QuotedWords, article: Pick<ArticleDocument, 'paragraphs'> | null | undefined): void {
  const problem = findQuoteProblem(statement, article);
  if (problem) refuse('EVIDENCE_MISMATCH', `input.text: ${problem}`, ['input', 'text']);
}

/**
 * Parses and checks citations; `onlyArticle` restricts them to one article (a statement's own).
 * Returns the citations and the articles they cite, by hex id.
 */
export async function checkedCitationsWithArticles(
  { articles }: Collections,
  citations: CitationInput[],
  field: string[],
  onlyArticle?: ObjectId,
): Promise<{ citations: CitationDocument[]; articles: Map<string, ArticleDocument> }> {
  const parsed = citations.map((c, i) => ({
    articleId: inputId(c.articleId, 'Article', [...field, String(i), 'articleId']),
    paragraphIndex: c.paragraphIndex,
    excerpt: c.excerpt,
  }));
  const ids = [...new Map(parsed.map((c) => [c.articleId.toHexString(), c.articleId])).values()];
  const found = ids.length ? await articles.find({ _id: { $in: ids } }).toArray() : [];
  const byId = new Map(found.map((a) => [a._id.toHexString(), a]));
  parsed.forEach((citation, i) => {
    if (onlyArticle && !citation.articleId.equals(onlyArticle)) {
      refuse('EVIDENCE_MISMATCH', `${[...field, String(i)].join('.')} must cite the statement's own article`, [
        ...field,
        String(i),
        'articleId',
      ]);
    }
    const problem = findCitationProblem(citation, byId.get(citation.articleId.toHexString()));
    if (problem) refuse('EVIDENCE_MISMATCH', `${[...field, String(i)].join('.')}: ${problem}`, [...field, String(i)]);
  });
  return { citations: parsed, articles: byId };
}

export async function checkedCitations(
  collections: Collections,
  citations: CitationInput[],
  field: string[],
  onlyArticle?: ObjectId,
): Promise<CitationDocument[]> {
  return (await checkedCitationsWithArticles(collections, citations, field, onlyArticle)).citations;
}
