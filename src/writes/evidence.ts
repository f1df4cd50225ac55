/**
 * Citations must hold: the article exists, the paragraph exists, and the excerpt occurs in it
 * verbatim. Checked on every write that sets evidence, reading each cited article once.
 */
import type { ObjectId } from 'mongodb';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, CitationDocument } from '../db/documents.js';
import { globalId } from '../db/ids.js';
import { inputId } from './references.js';
import { refuse } from './user-errors.js';

export interface CitationInput {
  articleId: string;
  paragraphIndex: number;
  excerpt: string;
}

export function findCitationProblem(citation: CitationDocument, article: ArticleDocument | undefined): string | undefined {
  if (!article) return `no Article with id ${globalId('Article', citation.articleId)}`;
  const paragraph = article.paragraphs.find((p) => p.index === citation.paragraphIndex);
  if (!paragraph) return `the article has no paragraph ${citation.paragraphIndex}`;
  if (!paragraph.text.includes(citation.excerpt)) return `"${citation.excerpt}" is not in paragraph ${citation.paragraphIndex}`;
  return undefined;
}

/** Parses and checks citations; `onlyArticle` restricts them to one article (a statement's own). */
export async function checkedCitations(
  { articles }: Collections,
  citations: CitationInput[],
  field: string[],
  onlyArticle?: ObjectId,
): Promise<CitationDocument[]> {
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
  return parsed;
}
