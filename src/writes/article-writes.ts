import { ObjectId } from 'mongodb';
import type { CreateArticleInput, UpdateArticleInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, CitationDocument, ParagraphDocument } from '../db/documents.js';
import { globalId } from '../db/ids.js';
import { created } from './audit.js';
import { findCitationProblem, findQuoteProblem } from './evidence.js';
import { conflictOnDuplicate, guardedUpdate } from './guarded-update.js';
import { inputId, requireExisting } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

function toParagraphs(paragraphs: Array<{ text: string; section?: string | null }>): ParagraphDocument[] {
  return paragraphs.map((p, index) => ({ index, text: p.text, section: p.section ?? null }));
}

async function checkedPersonIds(c: Collections, ids: string[]): Promise<ObjectId[]> {
  const parsed = ids.map((id, i) => inputId(id, 'Person', ['input', 'personIds', String(i)]));
  await requireExisting(c.people, parsed, 'Person', ['input', 'personIds']);
  return parsed;
}

export async function createArticle(c: Collections, writer: Writer, input: CreateArticleInput): Promise<ArticleDocument> {
  const data = validate(schemas.createArticle, input);
  const doc: ArticleDocument = {
    _id: new ObjectId(),
    slug: data.slug,
    headline: data.headline,
    publishedAt: data.publishedAt,
    dateline: data.dateline ?? null,
    paragraphs: toParagraphs(data.paragraphs),
    topics: data.topics ?? [],
    personIds: await checkedPersonIds(c, data.personIds ?? []),
    sourceFile: null,
    ...created(writer),
  };
  try {
    await c.articles.insertOne(doc);
  } catch (error) {
    conflictOnDuplicate(error, 'An article');
  }
  return doc;
}

/**
 * Everything in other documents that `paragraphs` would stop supporting: citations pointing into
 * the article whose excerpt would no longer be found, and quotes the article reports whose words
 * would no longer be in their paragraph. Named by public id or slug, for the refusal message.
 */
async function unsupportedBy(c: Collections, articleId: ObjectId, draft: Pick<ArticleDocument, 'paragraphs'>): Promise<string[]> {
  const cited = { 'evidence.articleId': articleId };
  const [statements, people, exchanges] = await Promise.all([
    c.statements.find({ $or: [{ articleId }, cited] }, { projection: { articleId: 1, kind: 1, text: 1, evidence: 1 } }).toArray(),
    c.people.find({ 'roles.evidence.articleId': articleId }, { projection: { slug: 1, roles: 1 } }).toArray(),
    c.exchanges
      .find({ $or: [cited, { 'releases.evidence.articleId': articleId }] }, { projection: { slug: 1, evidence: 1, releases: 1 } })
      .toArray(),
  ]);
  const citations: Array<[string, CitationDocument]> = [
    ...statements.flatMap((s) => s.evidence.map((e): [string, CitationDocument] => [`statement ${globalId('Statement', s._id)}`, e])),
    ...people.flatMap((p) => p.roles.flatMap((r) => r.evidence.map((e): [string, CitationDocument] => [`person ${p.slug}`, e]))),
    ...exchanges.flatMap((x) =>
      [...x.evidence, ...x.releases.flatMap((r) => r.evidence)].map((e): [string, CitationDocument] => [`exchange ${x.slug}`, e]),
    ),
  ];
  const broken = citations.filter(([, e]) => e.articleId.equals(articleId) && findCitationProblem(e, draft)).map(([owner]) => owner);
  const unquoted = statements
    .filter((s) => s.articleId.equals(articleId) && findQuoteProblem(s, draft))
    .map((s) => `statement ${globalId('Statement', s._id)} (its quoted words)`);
  return [...broken, ...unquoted];
}

export async function updateArticle(c: Collections, writer: Writer, input: UpdateArticleInput): Promise<ArticleDocument> {
  const data = validate(schemas.updateArticle, input);
  const id = inputId(data.id, 'Article', ['input', 'id']);
  const set: Partial<ArticleDocument> = {};
  if (data.slug != null) set.slug = data.slug;
  if (data.headline != null) set.headline = data.headline;
  if (data.publishedAt != null) set.publishedAt = data.publishedAt;
  if (data.dateline !== undefined) set.dateline = data.dateline;
  if (data.topics != null) set.topics = data.topics;
  if (data.personIds != null) set.personIds = await checkedPersonIds(c, data.personIds);
  if (data.paragraphs != null) {
    const paragraphs = toParagraphs(data.paragraphs);
    const broken = await unsupportedBy(c, id, { paragraphs });
    if (broken.length > 0) {
      const owners = [...new Set(broken)];
      refuse('EVIDENCE_MISMATCH', `input.paragraphs would break ${broken.length} citation(s) or quote(s) of ${owners.join(', ')}`, [
        'input',
        'paragraphs',
      ]);
    }
    set.paragraphs = paragraphs;
  }
  return guardedUpdate(c.articles, id, data.expectedVersion, { $set: set }, writer, 'Article');
}
