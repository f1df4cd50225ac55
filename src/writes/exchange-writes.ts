import { ObjectId } from 'mongodb';
import type { AddReleaseInput, CreateExchangeInput, RemoveReleaseInput, UpdateExchangeInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import type { ExchangeDocument, ReleaseDocument } from '../db/documents.js';
import { created } from './audit.js';
import { type CitationInput, checkedCitations } from './evidence.js';
import { conflictOnDuplicate, guardedUpdate } from './guarded-update.js';
import { inputId, requireExisting } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

interface ReleaseData {
  personId: string;
  releasedBy: string;
  releasedTo: string;
  detail?: string | null;
  evidence: CitationInput[];
}

async function checkedRelease(c: Collections, release: ReleaseData, field: string[]): Promise<ReleaseDocument> {
  const personId = inputId(release.personId, 'Person', [...field, 'personId']);
  await requireExisting(c.people, [personId], 'Person', [...field, 'personId']);
  if (release.releasedBy === release.releasedTo)
    refuse('VALIDATION', `${field.join('.')}.releasedTo must differ from releasedBy`, [...field, 'releasedTo']);
  return {
    personId,
    releasedBy: release.releasedBy,
    releasedTo: release.releasedTo,
    detail: release.detail ?? null,
    evidence: await checkedCitations(c, release.evidence, [...field, 'evidence']),
  };
}

async function checkedArticleIds(c: Collections, ids: string[]): Promise<ObjectId[]> {
  const parsed = ids.map((id, i) => inputId(id, 'Article', ['input', 'articleIds', String(i)]));
  await requireExisting(c.articles, parsed, 'Article', ['input', 'articleIds']);
  return parsed;
}

export async function createExchange(c: Collections, writer: Writer, input: CreateExchangeInput): Promise<ExchangeDocument> {
  const data = validate(schemas.createExchange, input);
  const releases: ReleaseDocument[] = [];
  for (const [i, release] of (data.releases ?? []).entries())
    releases.push(await checkedRelease(c, release, ['input', 'releases', String(i)]));
  const doc: ExchangeDocument = {
    _id: new ObjectId(),
    slug: data.slug,
    date: data.date,
    description: data.description,
    countries: data.countries,
    releases,
    personIds: releases.map((r) => r.personId),
    articleIds: await checkedArticleIds(c, data.articleIds ?? []),
    evidence: await checkedCitations(c, data.evidence ?? [], ['input', 'evidence']),
    ...created(writer),
  };
  try {
    await c.exchanges.insertOne(doc);
  } catch (error) {
    conflictOnDuplicate(error, 'An exchange');
  }
  return doc;
}

export async function updateExchange(c: Collections, writer: Writer, input: UpdateExchangeInput): Promise<ExchangeDocument> {
  const data = validate(schemas.updateExchange, input);
  const id = inputId(data.id, 'Exchange', ['input', 'id']);
  const set: Partial<ExchangeDocument> = {};
  if (data.slug != null) set.slug = data.slug;
  if (data.date != null) set.date = data.date;
  if (data.description != null) set.description = data.description;
  if (data.countries != null) set.countries = data.countries;
  if (data.articleIds != null) set.articleIds = await checkedArticleIds(c, data.articleIds);
  if (data.evidence != null) set.evidence = await checkedCitations(c, data.evidence, ['input', 'evidence']);
  return guardedUpdate(c.exchanges, id, data.expectedVersion, { $set: set }, writer, 'Exchange');
}

export async function addRelease(c: Collections, writer: Writer, input: AddReleaseInput): Promise<ExchangeDocument> {
  const data = validate(schemas.addRelease, input);
  const id = inputId(data.exchangeId, 'Exchange', ['input', 'exchangeId']);
  const release = await checkedRelease(c, data.release, ['input', 'release']);
  return guardedUpdate(
    c.exchanges,
    id,
    data.expectedVersion,
    { $push: { releases: release, personIds: release.personId } },
    writer,
    'Exchange',
  );
}

export async function removeRelease(c: Collections, writer: Writer, input: RemoveReleaseInput): Promise<ExchangeDocument> {
  const data = validate(schemas.removeRelease, input);
  const id = inputId(data.exchangeId, 'Exchange', ['input', 'exchangeId']);
  const current = await c.exchanges.findOne({ _id: id });
  if (!current) return refuse('NOT_FOUND', 'No exchange with this id', ['input', 'exchangeId']);
  if (data.index >= current.releases.length)
    refuse('VALIDATION', `input.index must be below ${current.releases.length}`, ['input', 'index']);
  const releases = current.releases.filter((_, i) => i !== data.index);
  return guardedUpdate(
    c.exchanges,
    id,
    data.expectedVersion,
    { $set: { releases, personIds: releases.map((r) => r.personId) } },
    writer,
    'Exchange',
  );
}
