/**
 * Deletes. A person or article that others refer to is kept, and the refusal lists who refers to it —
 * unless `cascade`, which first rewrites what refers to it (see cascade.ts: no fact is left without
 * a source) and deletes it last, so that no step of a crash-interrupted cascade can leave a
 * reference to something already deleted. The result names every document deleted or modified.
 */
import type { Collection, Document, ObjectId } from 'mongodb';
import type { DeleteInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import { globalId, type NodeType } from '../db/ids.js';
import { countOut, TALLIED_FIELDS } from '../db/statement-tallies.js';
import { CascadeReport, cascadeArticle, cascadePerson } from './cascade.js';
import { inputId } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

export interface DeleteResult {
  deletedId: string;
  /** Other documents the cascade deleted. */
  cascadedIds: string[];
  /** Documents the cascade changed and kept. */
  modifiedIds: string[];
}

/** Refuses before any cascade step when the target is gone or at another version. */
async function requireCurrent(
  collection: Collection<Document>,
  id: ObjectId,
  expectedVersion: number | null | undefined,
  type: NodeType,
): Promise<void> {
  const current = await collection.findOne({ _id: id }, { projection: { version: 1 } });
  if (!current) refuse('NOT_FOUND', `No ${type} with this id`, ['input', 'id']);
  if (expectedVersion != null && current.version !== expectedVersion)
    refuse('STALE_VERSION', `${type} is at version ${current.version}, not ${expectedVersion}`, ['input', 'expectedVersion']);
}

function resultOf(type: NodeType, id: ObjectId, report: CascadeReport): DeleteResult {
  return { deletedId: globalId(type, id), cascadedIds: [...report.deleted], modifiedIds: [...report.modified] };
}

async function deleteOne(
  collection: Collection<Document>,
  id: ObjectId,
  expectedVersion: number | null | undefined,
  type: NodeType,
): Promise<void> {
  const filter: Document = expectedVersion == null ? { _id: id } : { _id: id, version: expectedVersion };
  const { deletedCount } = await collection.deleteOne(filter);
  if (deletedCount === 1) return;
  const current = await collection.findOne({ _id: id }, { projection: { version: 1 } });
  if (!current) refuse('NOT_FOUND', `No ${type} with this id`, ['input', 'id']);
  refuse('STALE_VERSION', `${type} is at version ${current.version}, not ${expectedVersion}`, ['input', 'expectedVersion']);
}

function describe(counts: Array<[number, string]>): string {
  return counts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** Those of `statements` the cascade deleted. */
const deletedOf = <T extends { _id: ObjectId }>(statements: T[], report: CascadeReport) =>
  statements.filter((s) => report.deleted.has(globalId('Statement', s._id)));

async function simpleDelete(collection: Collection<Document>, input: DeleteInput, type: NodeType): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, type, ['input', 'id']);
  await deleteOne(collection, id, data.expectedVersion, type);
  return { deletedId: globalId(type, id), cascadedIds: [], modifiedIds: [] };
}

export async function deleteStatement(c: Collections, _writer: Writer, input: DeleteInput): Promise<DeleteResult> {
  const id = inputId(validate(schemas.delete, input).id, 'Statement', ['input', 'id']);
  const statement = await c.statements.findOne({ _id: id }, { projection: TALLIED_FIELDS });
  const result = await simpleDelete(c.statements as unknown as Collection<Document>, input, 'Statement');
  if (statement) await countOut(c, [statement]);
  return result;
}

export const deleteExchange = (c: Collections, _writer: Writer, input: DeleteInput) =>
  simpleDelete(c.exchanges as unknown as Collection<Document>, input, 'Exchange');

export async function deletePerson(c: Collections, writer: Writer, input: DeleteInput): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, 'Person', ['input', 'id']);
  await requireCurrent(c.people as unknown as Collection<Document>, id, data.expectedVersion, 'Person');
  const [spoken, about, articles, exchanges] = await Promise.all([
    c.statements.countDocuments({ speakerId: id }),
    c.statements.countDocuments({ aboutIds: id, speakerId: { $ne: id } }),
    c.articles.countDocuments({ personIds: id }),
    c.exchanges.countDocuments({ personIds: id }),
  ]);
  const references = describe([
    [spoken, 'statement(s) by them'],
    [about, 'statement(s) about them'],
    [articles, 'article(s)'],
    [exchanges, 'exchange(s)'],
  ]);
  if (references && !data.cascade)
    refuse('REFERENCED', `Person is referred to by ${references}; delete those first or pass cascade: true`, ['input', 'id']);
  const spokenByThem = await c.statements.find({ speakerId: id }, { projection: TALLIED_FIELDS }).toArray();
  const report = new CascadeReport();
  await cascadePerson(c, id, writer, report);
  await deleteOne(c.people as unknown as Collection<Document>, id, data.expectedVersion, 'Person');
  await countOut(c, deletedOf(spokenByThem, report));
  return resultOf('Person', id, report);
}

export async function deleteArticle(c: Collections, writer: Writer, input: DeleteInput): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, 'Article', ['input', 'id']);
  await requireCurrent(c.articles as unknown as Collection<Document>, id, data.expectedVersion, 'Article');
  const cited = { 'evidence.articleId': id };
  const [statements, people, exchanges] = await Promise.all([
    c.statements.countDocuments({ $or: [{ articleId: id }, cited] }),
    c.people.countDocuments({ 'roles.evidence.articleId': id }),
    c.exchanges.countDocuments({ $or: [{ articleIds: id }, cited, { 'releases.evidence.articleId': id }] }),
  ]);
  const references = describe([
    [statements, 'statement(s)'],
    [people, 'person role citation(s)'],
    [exchanges, 'exchange(s)'],
  ]);
  if (references && !data.cascade)
    refuse('REFERENCED', `Article is referred to by ${references}; delete those first or pass cascade: true`, ['input', 'id']);
  // The cascade may delete statements reported by or citing the article: they are counted out.
  const mayGo = await c.statements.find({ $or: [{ articleId: id }, cited] }, { projection: TALLIED_FIELDS }).toArray();
  const report = new CascadeReport();
  await cascadeArticle(c, id, writer, report);
  await countOut(c, deletedOf(mayGo, report));
  await deleteOne(c.articles as unknown as Collection<Document>, id, data.expectedVersion, 'Article');
  return resultOf('Article', id, report);
}
