import { ObjectId } from 'mongodb';
import type { CreateStatementInput, UpdateStatementInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import type { ArticleDocument, StatementDocument } from '../db/documents.js';
import { globalId } from '../db/ids.js';
import { recount } from '../db/statement-tallies.js';
import { created } from './audit.js';
import { checkedCitationsWithArticles, requireVerbatimQuote } from './evidence.js';
import { guardedUpdate } from './guarded-update.js';
import { inputId, requireExisting } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

async function speakerOf(c: Collections, speakerId: ObjectId): Promise<{ nationalities: string[] }> {
  const speaker = await c.people.findOne({ _id: speakerId }, { projection: { nationalities: 1 } });
  if (!speaker)
    return refuse('INVALID_REFERENCE', `input.speakerId: no Person with id ${globalId('Person', speakerId)}`, ['input', 'speakerId']);
  return speaker;
}

function personIds(ids: string[], field: string[]): ObjectId[] {
  return ids.map((id, i) => inputId(id, 'Person', [...field, String(i)]));
}

export async function createStatement(c: Collections, writer: Writer, input: CreateStatementInput): Promise<StatementDocument> {
  const data = validate(schemas.createStatement, input);
  const speakerId = inputId(data.speakerId, 'Person', ['input', 'speakerId']);
  const articleId = inputId(data.articleId, 'Article', ['input', 'articleId']);
  const aboutIds = personIds(data.aboutIds ?? [], ['input', 'aboutIds']);
  const speaker = await speakerOf(c, speakerId);
  await requireExisting(c.people, aboutIds, 'Person', ['input', 'aboutIds']);
  await requireExisting(c.articles, [articleId], 'Article', ['input', 'articleId']);
  const checked = await checkedCitationsWithArticles(c, data.evidence, ['input', 'evidence'], articleId);
  const evidence = checked.citations;
  requireVerbatimQuote({ kind: data.kind, text: data.text, evidence }, checked.articles.get(articleId.toHexString()));
  const _id = new ObjectId();
  const doc: StatementDocument = {
    _id,
    slug: `statement-${_id.toHexString()}`,
    text: data.text,
    kind: data.kind,
    speakerId,
    speakerNationalities: speaker.nationalities,
    articleId,
    paragraphIndex: evidence[0].paragraphIndex,
    channel: data.channel ?? null,
    saidOn: data.saidOn ?? null,
    saidOnPrecision: data.saidOnPrecision ?? null,
    aboutIds,
    context: data.context ?? null,
    evidence,
    ...created(writer),
  };
  await c.statements.insertOne(doc);
  // Counted in by the mutation once committed (db/statement-tallies.ts says why).
  return doc;
}

export async function updateStatement(c: Collections, writer: Writer, input: UpdateStatementInput): Promise<StatementDocument> {
  const data = validate(schemas.updateStatement, input);
  const id = inputId(data.id, 'Statement', ['input', 'id']);
  const current = await c.statements.findOne({ _id: id });
  if (!current) return refuse('NOT_FOUND', 'No statement with this id', ['input', 'id']);
  const set: Partial<StatementDocument> = {};
  if (data.text != null) set.text = data.text;
  if (data.kind != null) set.kind = data.kind;
  if (data.channel !== undefined) set.channel = data.channel;
  if (data.context !== undefined) set.context = data.context;
  if (data.saidOn !== undefined) set.saidOn = data.saidOn;
  if (data.saidOnPrecision !== undefined) set.saidOnPrecision = data.saidOnPrecision;
  const saidOn = data.saidOn !== undefined ? data.saidOn : current.saidOn;
  const precision = data.saidOnPrecision !== undefined ? data.saidOnPrecision : current.saidOnPrecision;
  if ((saidOn == null) !== (precision == null))
    refuse('VALIDATION', 'input.saidOnPrecision must be given together with saidOn', ['input', 'saidOnPrecision']);
  if (data.speakerId != null) {
    set.speakerId = inputId(data.speakerId, 'Person', ['input', 'speakerId']);
    set.speakerNationalities = (await speakerOf(c, set.speakerId)).nationalities;
  }
  if (data.aboutIds != null) {
    set.aboutIds = personIds(data.aboutIds, ['input', 'aboutIds']);
    await requireExisting(c.people, set.aboutIds, 'Person', ['input', 'aboutIds']);
  }
  if (data.articleId != null) {
    set.articleId = inputId(data.articleId, 'Article', ['input', 'articleId']);
    await requireExisting(c.articles, [set.articleId], 'Article', ['input', 'articleId']);
    if (!data.evidence && !set.articleId.equals(current.articleId)) {
      refuse('VALIDATION', 'input.evidence must be given when the article changes', ['input', 'evidence']);
    }
  }
  const articleId = set.articleId ?? current.articleId;
  let article: ArticleDocument | null | undefined;
  if (data.evidence) {
    const checked = await checkedCitationsWithArticles(c, data.evidence, ['input', 'evidence'], articleId);
    set.evidence = checked.citations;
    set.paragraphIndex = set.evidence[0].paragraphIndex;
    article = checked.articles.get(articleId.toHexString());
  }
  // New words, a new kind or new evidence: the quote must still be found where it is cited.
  if (set.text !== undefined || set.kind !== undefined || set.evidence !== undefined) {
    const next = { kind: set.kind ?? current.kind, text: set.text ?? current.text, evidence: set.evidence ?? current.evidence };
    if (next.kind !== 'PARAPHRASE') {
      article ??= await c.articles.findOne({ _id: articleId }, { projection: { paragraphs: 1 } });
      requireVerbatimQuote(next, article);
    }
  }
  const updated = await guardedUpdate(c.statements, id, data.expectedVersion, { $set: set }, writer, 'Statement');
  await recount(c, current, updated);
  return updated;
}
