/** Short JSON-LD nodes that point at another document's own `@id`, with a name to show. */

import type { Country, NewsArticle, Person } from 'schema-dts';
import type { ArticleDocument, PersonDocument } from '../db/documents.js';
import { articleLdUrl, personLdUrl } from './linked-data-urls.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function personReference(origin: string, person: PersonDocument): Person {
  return { '@type': 'Person', '@id': personLdUrl(origin, person.slug), name: person.name };
}

export function articleReference(origin: string, article: ArticleDocument): NewsArticle {
  return { '@type': 'NewsArticle', '@id': articleLdUrl(origin, article.slug), headline: article.headline };
}

export function countryName(code: string): string {
  return regionNames.of(code) ?? code;
}

/** A country by its ISO 3166 alpha-2 code, named in English. */
export function country(code: string): Country {
  return { '@type': 'Country', identifier: code, name: countryName(code) };
}
