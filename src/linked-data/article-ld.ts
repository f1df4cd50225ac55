/** An article as a schema.org NewsArticle. */
import type { NewsArticleLeaf, WithContext } from 'schema-dts';
import type { ArticleDocument } from '../db/documents.js';
import type { LinkedDataLookup } from './linked-data-lookup.js';
import { articleLdUrl } from './linked-data-urls.js';
import { personReference } from './references.js';

export async function articleLd(article: ArticleDocument, lookup: LinkedDataLookup): Promise<WithContext<NewsArticleLeaf>> {
  const people = await lookup.people(article.personIds);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': articleLdUrl(lookup.origin, article.slug),
    identifier: article.slug,
    headline: article.headline,
    datePublished: article.publishedAt.toISOString(),
    dateModified: article.updatedAt.toISOString(),
    ...(article.dateline ? { dateline: article.dateline } : {}),
    articleBody: article.paragraphs.map((paragraph) => paragraph.text).join('\n\n'),
    about: article.topics.map((topic) => ({ '@type': 'Thing', name: topic })),
    mentions: people.map((person) => personReference(lookup.origin, person)),
  };
}
