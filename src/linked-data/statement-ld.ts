/**
 * A statement as a schema.org Quotation: spoken by its speaker, part of the article that reports
 * it, citing the paragraphs (with the exact words) where the article says so.
 */
import type { CreativeWork, QuotationLeaf, WithContext } from 'schema-dts';
import type { StatementDocument } from '../db/documents.js';
import { globalId } from '../db/ids.js';
import type { LinkedDataLookup } from './linked-data-lookup.js';
import { paragraphLdUrl, statementLdUrl } from './linked-data-urls.js';
import { partialDate } from './partial-date.js';
import { articleReference, personReference } from './references.js';

export async function statementLd(statement: StatementDocument, lookup: LinkedDataLookup): Promise<WithContext<QuotationLeaf>> {
  const [speakers, about, articles] = await Promise.all([
    lookup.people(statement.speakerId ? [statement.speakerId] : []),
    lookup.people(statement.aboutIds),
    lookup.articles([statement.articleId, ...statement.evidence.map((citation) => citation.articleId)]),
  ]);
  const { origin } = lookup;
  const speaker = speakers[0] ? personReference(origin, speakers[0]) : undefined;
  const article = articles.find((a) => a._id.equals(statement.articleId));
  const citations: CreativeWork[] = statement.evidence.flatMap((citation) => {
    const cited = articles.find((a) => a._id.equals(citation.articleId));
    if (!cited) return [];
    return [
      {
        '@type': 'CreativeWork',
        '@id': paragraphLdUrl(origin, cited.slug, citation.paragraphIndex),
        position: citation.paragraphIndex,
        text: citation.excerpt,
        isPartOf: articleReference(origin, cited),
      },
    ];
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'Quotation',
    '@id': statementLdUrl(origin, statement._id),
    identifier: globalId('Statement', statement._id),
    text: statement.text,
    ...(speaker ? { spokenByCharacter: speaker, creator: speaker } : {}),
    ...(article ? { isPartOf: articleReference(origin, article) } : {}),
    ...(statement.saidOn ? { dateCreated: partialDate(statement.saidOn, statement.saidOnPrecision) } : {}),
    ...(statement.context ? { description: statement.context } : {}),
    ...(about.length > 0 ? { about: about.map((person) => personReference(origin, person)) } : {}),
    citation: citations,
  };
}
