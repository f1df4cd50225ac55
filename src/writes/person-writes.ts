import { ObjectId } from 'mongodb';
import type { AddRoleInput, CreatePersonInput, RemoveRoleInput, UpdatePersonInput } from '../__generated__/resolvers-types.js';
import type { Writer } from '../auth/require-role.js';
import type { Collections } from '../db/collections.js';
import type { PersonDocument, RoleDocument } from '../db/documents.js';
import { created } from './audit.js';
import { type CitationInput, checkedCitations } from './evidence.js';
import { conflictOnDuplicate, guardedUpdate } from './guarded-update.js';
import { inputId } from './references.js';
import { refuse } from './user-errors.js';
import { schemas, validate } from './validation.js';

interface RoleData {
  title: string;
  organization?: string | null;
  country?: string | null;
  evidence: CitationInput[];
}

async function checkedRole(c: Collections, role: RoleData, field: string[]): Promise<RoleDocument> {
  return {
    title: role.title,
    organization: role.organization ?? null,
    country: role.country ?? null,
    evidence: await checkedCitations(c, role.evidence, [...field, 'evidence']),
  };
}

export async function createPerson(c: Collections, writer: Writer, input: CreatePersonInput): Promise<PersonDocument> {
  const data = validate(schemas.createPerson, input);
  const roles: RoleDocument[] = [];
  for (const [i, role] of (data.roles ?? []).entries()) roles.push(await checkedRole(c, role, ['input', 'roles', String(i)]));
  const doc: PersonDocument = {
    _id: new ObjectId(),
    slug: data.slug,
    name: data.name,
    aliases: data.aliases ?? [],
    description: data.description ?? null,
    nationalities: data.nationalities ?? [],
    roles,
    ...created(writer),
  };
  try {
    await c.people.insertOne(doc);
  } catch (error) {
    conflictOnDuplicate(error, 'A person');
  }
  return doc;
}

export async function updatePerson(c: Collections, writer: Writer, input: UpdatePersonInput): Promise<PersonDocument> {
  const data = validate(schemas.updatePerson, input);
  const id = inputId(data.id, 'Person', ['input', 'id']);
  const set: Partial<PersonDocument> = {};
  if (data.slug != null) set.slug = data.slug;
  if (data.name != null) set.name = data.name;
  if (data.aliases != null) set.aliases = data.aliases;
  if (data.description !== undefined) set.description = data.description;
  if (data.nationalities != null) set.nationalities = data.nationalities;
  const person = await guardedUpdate(c.people, id, data.expectedVersion, { $set: set }, writer, 'Person');
  // Statements carry their speaker's nationalities (for the nationality filter); keep them in step.
  if (set.nationalities) {
    await c.statements.updateMany({ speakerId: id }, { $set: { speakerNationalities: set.nationalities } });
    await c.statementTallies.updateMany({ speakerId: id }, { $set: { speakerNationalities: set.nationalities } });
  }
  return person;
}

export async function addRole(c: Collections, writer: Writer, input: AddRoleInput): Promise<PersonDocument> {
  const data = validate(schemas.addRole, input);
  const id = inputId(data.personId, 'Person', ['input', 'personId']);
  const role = await checkedRole(c, data.role, ['input', 'role']);
  return guardedUpdate(c.people, id, data.expectedVersion, { $push: { roles: role } }, writer, 'Person');
}

export async function removeRole(c: Collections, writer: Writer, input: RemoveRoleInput): Promise<PersonDocument> {
  const data = validate(schemas.removeRole, input);
  const id = inputId(data.personId, 'Person', ['input', 'personId']);
  const current = await c.people.findOne({ _id: id });
  if (!current) return refuse('NOT_FOUND', 'No person with this id', ['input', 'personId']);
  if (data.index >= current.roles.length) refuse('VALIDATION', `input.index must be below ${current.roles.length}`, ['input', 'index']);
  const roles = current.roles.filter((_, i) => i !== data.index);
  // The version guard makes the read-modify-write safe: a concurrent change makes this one stale.
  return guardedUpdate(c.people, id, data.expectedVersion, { $set: { roles } }, writer, 'Person');
}
