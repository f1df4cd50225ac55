/**
 * A prisoner exchange as a schema.org Event: the people released attend it, it is about the
 * countries involved, and it is the subject of the articles that describe it.
 */
import type { EventLeaf, WithContext } from 'schema-dts';
import type { ExchangeDocument } from '../db/documents.js';
import type { LinkedDataLookup } from './linked-data-lookup.js';
import { exchangeLdUrl } from './linked-data-urls.js';
import { articleReference, country, countryName, personReference } from './references.js';

export async function exchangeLd(exchange: ExchangeDocument, lookup: LinkedDataLookup): Promise<WithContext<EventLeaf>> {
  const [people, articles] = await Promise.all([lookup.people(exchange.personIds), lookup.articles(exchange.articleIds)]);
  const { origin } = lookup;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': exchangeLdUrl(origin, exchange.slug),
    identifier: exchange.slug,
    name: `Prisoner exchange between ${exchange.countries.map(countryName).join(' and ')}`,
    description: exchange.description,
    startDate: exchange.date,
    endDate: exchange.date,
    attendee: people.map((person) => personReference(origin, person)),
    about: exchange.countries.map(country),
    subjectOf: articles.map((article) => articleReference(origin, article)),
  };
}
