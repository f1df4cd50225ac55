/** A person as a schema.org Person: roles become job titles, occupations and affiliations. */
import type { Occupation, Organization, PersonLeaf, WithContext } from 'schema-dts';
import type { PersonDocument } from '../db/documents.js';
import type { LinkedDataLookup } from './linked-data-lookup.js';
import { personLdUrl } from './linked-data-urls.js';
import { country } from './references.js';

export function personLd(person: PersonDocument, lookup: Pick<LinkedDataLookup, 'origin'>): WithContext<PersonLeaf> {
  const occupations: Occupation[] = person.roles.map((role) => ({
    '@type': 'Occupation',
    name: role.title,
    ...(role.country ? { occupationLocation: country(role.country) } : {}),
  }));
  const affiliations: Organization[] = person.roles
    .filter((role) => role.organization !== null)
    .map((role) => ({ '@type': 'Organization', name: role.organization as string }));
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    '@id': personLdUrl(lookup.origin, person.slug),
    identifier: person.slug,
    name: person.name,
    ...(person.aliases.length > 0 ? { alternateName: person.aliases } : {}),
    ...(person.description ? { description: person.description } : {}),
    nationality: person.nationalities.map(country),
    jobTitle: person.roles.map((role) => role.title),
    hasOccupation: occupations,
    ...(affiliations.length > 0 ? { affiliation: affiliations } : {}),
  };
}
