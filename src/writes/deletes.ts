/**
 * Deletes. A person or article that others refer to is kept, and the refusal lists who refers to it —
 * unless `cascade`, which removes the dependents first (statements of the person or article) and then
 * strips remaining references (ids in arrays, citations), so that no step of a crash-interrupted
 * cascade can leave a reference to something already deleted.
 */
import type { Collection, Document, ObjectId } from 'mongodb';
import type { DeleteInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import { globalId, type NodeType } from '../db/ids.js';
import { changed } from './audit.js';
import { inputId } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

export interface DeleteResult {
  deletedId: string;
  cascadedIds: string[];
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

async function simpleDelete(collection: Collection<Document>, input: DeleteInput, type: NodeType): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, type, ['input', 'id']);
  await deleteOne(collection, id, data.expectedVersion, type);
  return { deletedId: globalId(type, id), cascadedIds: [] };
}

export const deleteStatement = (c: Collections, _writer: Writer, input: DeleteInput) =>
  simpleDelete(c.statements as unknown as Collection<Document>, input, 'Statement');

export const deleteExchange = (c: Collections, _writer: Writer, input: DeleteInput) =>
  simpleDelete(c.exchanges as unknown as Collection<Document>, input, 'Exchange');

export async function deletePerson(c: Collections, writer: Writer, input: DeleteInput): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, 'Person', ['input', 'id']);
  if (!(await c.people.findOne({ _id: id }, { projection: { _id: 1 } }))) refuse('NOT_FOUND', 'No Person with this id', ['input', 'id']);
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
  const stamp = changed(writer);
  const dependents = await c.statements.find({ speakerId: id }, { projection: { _id: 1 } }).toArray();
  await c.statements.deleteMany({ speakerId: id });
  await c.statements.updateMany({ aboutIds: id }, { $pull: { aboutIds: id }, ...stamp });
  await c.articles.updateMany({ personIds: id }, { $pull: { personIds: id }, ...stamp });
  await c.exchanges.updateMany({ personIds: id }, { $pull: { personIds: id, releases: { personId: id } }, ...stamp });
  await deleteOne(c.people as unknown as Collection<Document>, id, data.expectedVersion, 'Person');
  return { deletedId: globalId('Person', id), cascadedIds: dependents.map((s) => globalId('Statement', s._id)) };
}

export async function deleteArticle(c: Collections, writer: Writer, input: DeleteInput): Promise<DeleteResult> {
  const data = validate(schemas.delete, input);
  const id = inputId(data.id, 'Article', ['input', 'id']);
  if (!(await c.articles.findOne({ _id: id }, { projection: { _id: 1 } }))) refuse('NOT_FOUND', 'No Article with this id', ['input', 'id']);
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
  const stamp = changed(writer);
  const dependents = await c.statements.find({ articleId: id }, { projection: { _id: 1 } }).toArray();
  await c.statements.deleteMany({ articleId: id });
  await c.statements.updateMany(cited, { $pull: { evidence: { articleId: id } }, ...stamp });
  // Roles and releases whose only evidence was this article go with it: every fact keeps a source.
  await c.people.updateMany({ 'roles.evidence.articleId': id }, { $pull: { 'roles.$[].evidence': { articleId: id } }, ...stamp });
  await c.people.updateMany({ 'roles.evidence': { $size: 0 } }, { $pull: { roles: { evidence: { $size: 0 } } } });
  await c.exchanges.updateMany(
    { $or: [{ articleIds: id }, cited, { 'releases.evidence.articleId': id }] },
    { $pull: { articleIds: id, evidence: { articleId: id }, 'releases.$[].evidence': { articleId: id } }, ...stamp },
  );
  await c.exchanges.updateMany({ 'releases.evidence': { $size: 0 } }, { $pull: { releases: { evidence: { $size: 0 } } } });
  await deleteOne(c.articles as unknown as Collection<Document>, id, data.expectedVersion, 'Article');
  return { deletedId: globalId('Article', id), cascadedIds: dependents.map((s) => globalId('Statement', s._id)) };
}
