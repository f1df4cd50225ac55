import { ObjectId } from 'mongodb';
import type { Writer } from '../../auth/require-role.js';
import type { Collections } from '../../db/collections.js';
import type { PersonDocument } from '../../db/documents.js';
import { created } from '../../writes/audit.js';
import { isDuplicateKey } from '../../writes/guarded-update.js';
import type { ExtractedPerson } from '../extraction/types.js';
import { asciiSlug } from './ascii-slug.js';

/**
 * The people of an ingested article: matched to people already in the database by name or alias,
 * otherwise added as PENDING with the roles and evidence the article gives. Matching by name makes
 * a second ingest find the people the first one added, so it adds none.
 */
export interface MatchedPeople {
  idByName: Map<string, ObjectId>;
  docs: Map<string, PersonDocument>;
  created: PersonDocument[];
}

async function findExisting(c: Collections, person: ExtractedPerson): Promise<PersonDocument | null> {
  return (await c.people.findOne({ name: person.name })) ?? (await c.people.findOne({ aliases: person.name }));
}

async function insertWithFreeSlug(c: Collections, doc: PersonDocument): Promise<PersonDocument> {
  const base = doc.slug;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const candidate = { ...doc, slug: attempt === 1 ? base : `${base}-${attempt}` };
    try {
      await c.people.insertOne(candidate);
      return candidate;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The same name inserted meanwhile (a concurrent ingest): use that person.
      const same = await c.people.findOne({ name: doc.name });
      if (same) return same;
    }
  }
  throw new Error(`no free slug for ${doc.name}`);
}

export async function matchPeople(
  c: Collections,
  writer: Writer,
  people: ExtractedPerson[],
  articleId: ObjectId,
  extractedBy: string,
): Promise<MatchedPeople> {
  const idByName = new Map<string, ObjectId>();
  const docs = new Map<string, PersonDocument>();
  const added: PersonDocument[] = [];
  for (const person of people) {
    let doc = await findExisting(c, person);
    if (!doc) {
      const evidence = person.evidence.slice(0, 1).map((e) => ({ articleId, paragraphIndex: e.paragraphIndex, excerpt: e.excerpt }));
      const fresh: PersonDocument = {
        _id: new ObjectId(),
        slug: asciiSlug(person.name),
        name: person.name,
        aliases: person.aliases.filter((a) => a !== person.name).slice(0, 50),
        description: null,
        nationalities: [],
        roles: person.roles.slice(0, 20).map((title) => ({ title: title.slice(0, 200), organization: null, country: null, evidence })),
        status: 'PENDING',
        extractedBy,
        ...created(writer),
      };
      doc = await insertWithFreeSlug(c, fresh);
      if (doc._id.equals(fresh._id)) added.push(doc);
    }
    idByName.set(person.name, doc._id);
    docs.set(person.name, doc);
  }
  return { idByName, docs, created: added };
}
