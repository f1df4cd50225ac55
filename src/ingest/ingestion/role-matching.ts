import type { Collections } from '../../db/collections.js';
import type { PersonDocument } from '../../db/documents.js';

/**
 * A speaker the article refers to only by role ("the Kremlin spokesman") matched to the people
 * already in the database who hold that role: every word of the reference must occur in one of a
 * person's roles (its title, organisation or country), and its last word — the role's head, e.g.
 * "spokesman" — in the title. A unique match is the speaker; several are candidates for the editor.
 */
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && w !== 'the' && w !== 'of' && w !== 'for');

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function holdsRole(person: Pick<PersonDocument, 'roles'>, reference: string): boolean {
  const wanted = words(reference);
  const head = wanted[wanted.length - 1];
  if (!head) return false;
  return person.roles.some((role) => {
    const title = words(role.title);
    const all = new Set([...title, ...words(role.organization ?? ''), ...words(role.country ?? '')]);
    return title.includes(head) && wanted.every((w) => all.has(w));
  });
}

export async function peopleByRole(c: Collections, reference: string, limit = 5): Promise<PersonDocument[]> {
  const wanted = words(reference);
  const head = wanted[wanted.length - 1];
  if (!head) return [];
  // The head narrows the read to the few people whose title has that word; the full test runs here.
  const near = await c.people
    .find({ 'roles.title': { $regex: `\\b${escapeRegExp(head)}\\b`, $options: 'i' } })
    .limit(200)
    .toArray();
  return near.filter((p) => p.status !== 'REJECTED' && holdsRole(p, reference)).slice(0, limit);
}
