import type { Document, Filter } from 'mongodb';
import type { PersonFilter, PersonOrder } from '../__generated__/resolvers-types.js';
import type { Collections } from '../db/collections.js';
import type { PersonDocument } from '../db/documents.js';
import { badUserInput } from '../errors.js';
import { type Connection, findConnection, type PageArgs, type SortOrder } from './connection.js';
import { countryCode, escapeRegex } from './input-checks.js';
import { reviewStatusFilter } from './review-status.js';

const SORT_FIELDS = { NAME: 'name', SLUG: 'slug' } as const;

export function personSort(order?: PersonOrder | null): SortOrder {
  if (!order) return { field: 'name', direction: 1 };
  return { field: SORT_FIELDS[order.field], direction: order.direction === 'ASC' ? 1 : -1 };
}

export function personFilter(filter?: PersonFilter | null): Filter<Document> {
  // People are listed whatever their review state unless asked: a PENDING person is a name the article gives.
  const query: Filter<Document> = filter?.status ? reviewStatusFilter(filter.status) : {};
  if (!filter) return query;
  if (filter.name) {
    if (filter.name.length > 100) throw badUserInput('filter.name must be at most 100 characters', 'filter.name');
    const pattern = new RegExp(escapeRegex(filter.name), 'i');
    query.$or = [{ name: pattern }, { aliases: pattern }];
  }
  if (filter.nationality) query.nationalities = countryCode(filter.nationality, 'filter.nationality');
  if (filter.organization) query['roles.organization'] = filter.organization;
  return query;
}

export function personRepository({ people }: Collections) {
  return {
    list(
      filter: PersonFilter | null | undefined,
      orderBy: PersonOrder | null | undefined,
      page: PageArgs,
    ): Promise<Connection<PersonDocument>> {
      return findConnection(people, personFilter(filter) as Filter<PersonDocument>, personSort(orderBy), page);
    },
    bySlug(slug: string): Promise<PersonDocument | null> {
      return people.findOne({ slug });
    },
  };
}
