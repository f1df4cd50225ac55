/**
 * Loaders for paginated reverse relations, e.g. `statementsBySpeakerId`: every parent asked for
 * with the same arguments in one request shares one aggregate (see related-connections.ts).
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import type { Connection, PageArgs, SortOrder } from '../repositories/connection.js';
import { type RelationSpec, relatedConnections } from '../repositories/related-connections.js';
import type { LoaderOptions } from './documents-by-id.js';

export interface ConnectionKey {
  parentId: ObjectId;
  filter: Filter<Document>;
  sort: SortOrder;
  page: PageArgs;
  /** The client selected `totalCount`: count in the same round trip as the page. */
  count?: boolean;
}

const argumentsKey = (key: ConnectionKey) => JSON.stringify([key.filter, key.sort, key.page, key.count === true]);

export function connectionsByParent<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  relation: RelationSpec,
  options: LoaderOptions = {},
): DataLoader<ConnectionKey, Connection<T>, string> {
  return new DataLoader<ConnectionKey, Connection<T>, string>(
    async (keys) => {
      const groupOf = keys.map(argumentsKey);
      const groups = new Map<string, ConnectionKey[]>();
      keys.forEach((key, i) => {
        const members = groups.get(groupOf[i]);
        if (members) members.push(key);
        else groups.set(groupOf[i], [key]);
      });
      const results = new Map<string, Connection<T> | Error>();
      await Promise.all(
        [...groups.entries()].map(async ([group, members]) => {
          const { filter, sort, page, count } = members[0];
          try {
            const connections = await relatedConnections(
              collection,
              relation,
              members.map((m) => m.parentId),
              filter,
              sort,
              page,
              count === true,
            );
            for (const [hex, connection] of connections) results.set(`${group}|${hex}`, connection);
          } catch (error) {
            for (const member of members) results.set(`${group}|${member.parentId.toHexString()}`, error as Error);
          }
        }),
      );
      return keys.map((key, i) => results.get(`${groupOf[i]}|${key.parentId.toHexString()}`) ?? new Error('missing connection'));
    },
    { cacheKeyFn: (key) => `${argumentsKey(key)}|${key.parentId.toHexString()}`, ...options },
  );
}
