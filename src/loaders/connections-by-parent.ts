/**
 * Loaders for paginated reverse relations, e.g. `statementsBySpeakerId`: every parent asked for
 * with the same arguments in one request shares one aggregate (see related-connections.ts).
 */
import DataLoader from 'dataloader';
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import type { Connection, PageArgs, SortOrder } from '../repositories/connection.js';
import { type RelationSpec, relatedConnections } from '../repositories/related-connections.js';
import { dataLoaderArguments, type LoaderOptions } from './batch-schedule.js';

/** One parent's page, with the arguments it was asked for. */
export class ConnectionKey {
  private group: string | undefined;

  constructor(
    readonly parentId: ObjectId,
    readonly filter: Filter<Document>,
    readonly sort: SortOrder,
    readonly page: PageArgs,
    /** The client selected `totalCount`: count in the same round trip as the page. */
    readonly count: boolean,
  ) {}

  /** The same for every parent asked with the same arguments; computed once (DataLoader and the batch both ask). */
  get arguments(): string {
    this.group ??= JSON.stringify([this.filter, this.sort, this.page, this.count]);
    return this.group;
  }
}

export function connectionsByParent<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  relation: RelationSpec,
  options: LoaderOptions = {},
): DataLoader<ConnectionKey, Connection<T>, string> {
  return new DataLoader<ConnectionKey, Connection<T>, string>(
    ...dataLoaderArguments<ConnectionKey, Connection<T>, string>(
      async (keys) => {
        const groups = new Map<string, ConnectionKey[]>();
        for (const key of keys) {
          const members = groups.get(key.arguments);
          if (members) members.push(key);
          else groups.set(key.arguments, [key]);
        }
        const results = new Map<ConnectionKey, Connection<T> | Error>();
        await Promise.all(
          [...groups.values()].map(async (members) => {
            const { filter, sort, page, count } = members[0];
            try {
              const parentIds = members.map((m) => m.parentId);
              const connections = await relatedConnections(collection, relation, parentIds, filter, sort, page, count);
              for (const member of members)
                results.set(member, connections.get(member.parentId.toHexString()) ?? new Error('missing connection'));
            } catch (error) {
              for (const member of members) results.set(member, error as Error);
            }
          }),
        );
        return keys.map((key) => results.get(key) ?? new Error('missing connection'));
      },
      (key) => `${key.arguments}|${key.parentId.toHexString()}`,
      options,
    ),
  );
}
