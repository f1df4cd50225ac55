/**
 * What a cascading delete does to the documents that refer to the deleted one. The rule: no fact
 * is left without a source. References are removed; a role or release whose last citation goes is
 * removed with it; a statement or exchange left with no citation at all is deleted. Each document
 * is rewritten by a version-checked write (re-read and recomputed if someone changed it meanwhile),
 * so the report names exactly the documents the cascade deleted and modified.
 */
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import type { CitationDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../db/documents.js';
import { globalId, type NodeType } from '../db/ids.js';
import { changed } from './audit.js';

export class CascadeReport {
  readonly deleted = new Set<string>();
  readonly modified = new Set<string>();
}

type Rewrite<T> = (doc: T) => Partial<T> | 'delete' | undefined;

const MAX_ATTEMPTS = 5;

/** Applies `rewrite` to every document matching `filter`, each write conditional on the version read. */
async function rewriteEach<T extends Document & { _id: ObjectId; version: number }>(
  collection: Collection<T>,
  type: NodeType,
  filter: Filter<T>,
  rewrite: Rewrite<T>,
  writer: Writer,
  report: CascadeReport,
): Promise<void> {
  const untyped = collection as unknown as Collection<Document>;
  for (let doc of (await collection.find(filter).toArray()) as T[]) {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const next = rewrite(doc);
      if (next === undefined) break;
      const current = { _id: doc._id, version: doc.version };
      if (next === 'delete') {
        if ((await untyped.deleteOne(current)).deletedCount === 1) {
          report.deleted.add(globalId(type, doc._id));
          break;
        }
      } else {
        const stamp = changed(writer);
        if ((await untyped.updateOne(current, { $set: { ...next, ...stamp.$set }, $inc: stamp.$inc })).matchedCount === 1) {
          report.modified.add(globalId(type, doc._id));
          break;
        }
      }
      const fresh = (await collection.findOne({ _id: doc._id } as Filter<T>)) as T | null;
      if (!fresh) break;
      doc = fresh;
    }
  }
}

const citesOther = (articleId: ObjectId) => (c: CitationDocument) => !c.articleId.equals(articleId);

function withoutArticleCitations(person: PersonDocument, articleId: ObjectId): Partial<PersonDocument> | undefined {
  if (!person.roles.some((r) => r.evidence.some((c) => c.articleId.equals(articleId)))) return undefined;
  const roles = person.roles
    .map((role) => ({ ...role, evidence: role.evidence.filter(citesOther(articleId)) }))
    .filter((role) => role.evidence.length > 0);
  return { roles };
}

/** An exchange's releases and citations, rebuilt; deleted when nothing cites it any more. */
function rebuiltExchange(next: Pick<ExchangeDocument, 'releases' | 'evidence' | 'articleIds'>): Partial<ExchangeDocument> | 'delete' {
  const releases = next.releases.filter((r) => r.evidence.length > 0);
  if (releases.length === 0 && next.evidence.length === 0) return 'delete';
  const personIds = [...new Map(releases.map((r) => [r.personId.toHexString(), r.personId])).values()];
  return { releases, personIds, evidence: next.evidence, articleIds: next.articleIds };
}

/** Removes every reference to and citation of `articleId`, except the statements it reports (deleted first). */
export async function cascadeArticle(c: Collections, articleId: ObjectId, writer: Writer, report: CascadeReport): Promise<void> {
  await rewriteEach(c.statements, 'Statement', { articleId }, () => 'delete', writer, report);
  await rewriteEach(
    c.statements,
    'Statement',
    { 'evidence.articleId': articleId },
    (s: StatementDocument) => {
      const evidence = s.evidence.filter(citesOther(articleId));
      return evidence.length === 0 ? 'delete' : { evidence };
    },
    writer,
    report,
  );
  await rewriteEach(
    c.people,
    'Person',
    { 'roles.evidence.articleId': articleId },
    (p) => withoutArticleCitations(p, articleId),
    writer,
    report,
  );
  await rewriteEach(
    c.exchanges,
    'Exchange',
    { $or: [{ articleIds: articleId }, { 'evidence.articleId': articleId }, { 'releases.evidence.articleId': articleId }] },
    (x) =>
      rebuiltExchange({
        articleIds: x.articleIds.filter((id) => !id.equals(articleId)),
        evidence: x.evidence.filter(citesOther(articleId)),
        releases: x.releases.map((r) => ({ ...r, evidence: r.evidence.filter(citesOther(articleId)) })),
      }),
    writer,
    report,
  );
}

/** Deletes a person's statements and removes every reference to them. */
export async function cascadePerson(c: Collections, personId: ObjectId, writer: Writer, report: CascadeReport): Promise<void> {
  await rewriteEach(c.statements, 'Statement', { speakerId: personId }, () => 'delete', writer, report);
  await rewriteEach(
    c.statements,
    'Statement',
    { aboutIds: personId },
    (s) => ({ aboutIds: s.aboutIds.filter((id) => !id.equals(personId)) }),
    writer,
    report,
  );
  await rewriteEach(
    c.articles,
    'Article',
    { personIds: personId },
    (a) => ({ personIds: a.personIds.filter((id) => !id.equals(personId)) }),
    writer,
    report,
  );
  await rewriteEach(
    c.exchanges,
    'Exchange',
    { personIds: personId },
    (x) => rebuiltExchange({ ...x, releases: x.releases.filter((r) => !r.personId.equals(personId)) }),
    writer,
    report,
  );
}
