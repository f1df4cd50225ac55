/**
 * Pages of related documents for many parents in one round trip — "the first 10 statements of
 * each of these 100 people" is one aggregate ($match on all parents, $sort, $group per parent,
 * $slice to the page size), so the command count does not grow with the number of parents.
 */
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import {
  and,
  type Connection,
  memoize,
  type PageArgs,
  pageFilter,
  readOrder,
  readPage,
  type SortOrder,
  toConnection,
} from './connection.js';

export interface RelationSpec {
  /** The field of the child that holds the parent's id. */
  parentField: string;
  /** True when that field is an array of ids (e.g. `aboutIds`). */
  many: boolean;
}

const PARENT = '__parent';

function groupStages(relation: RelationSpec, parentIds: ObjectId[]): Document[] {
  if (!relation.many) return [];
  return [
    { $addFields: { [PARENT]: `$${relation.parentField}` } },
    { $unwind: `$${PARENT}` },
    { $match: { [PARENT]: { $in: parentIds } } },
  ];
}

const groupKey = (relation: RelationSpec) => (relation.many ? `$${PARENT}` : `$${relation.parentField}`);

export async function relatedConnections<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  relation: RelationSpec,
  parentIds: ObjectId[],
  filter: Filter<Document>,
  sort: SortOrder,
  args: PageArgs,
): Promise<Map<string, Connection<T>>> {
  const page = readPage(args, sort);
  const parentMatch = { [relation.parentField]: { $in: parentIds } };
  const counts = memoize(async () => {
    const rows = await collection
      .aggregate<{ _id: ObjectId; n: number }>([
        { $match: and(parentMatch, filter) },
        ...groupStages(relation, parentIds),
        { $group: { _id: groupKey(relation), n: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(rows.map((row) => [row._id.toHexString(), row.n]));
  });
  const rows =
    page.size === 0
      ? []
      : await collection
          .aggregate<{ _id: ObjectId; docs: T[] }>([
            { $match: and(parentMatch, filter, ...pageFilter(sort, page)) },
            { $sort: readOrder(sort, page) },
            ...groupStages(relation, parentIds),
            { $group: { _id: groupKey(relation), docs: { $push: '$$ROOT' } } },
            { $project: { docs: { $slice: ['$docs', page.size + 1] } } },
          ])
          .toArray();
  const docsByParent = new Map<string, T[]>();
  for (const row of rows) {
    const docs = relation.many ? row.docs.map(({ [PARENT]: _parent, ...doc }) => doc as T) : row.docs;
    docsByParent.set(row._id.toHexString(), docs);
  }
  const result = new Map<string, Connection<T>>();
  for (const parentId of parentIds) {
    const hex = parentId.toHexString();
    result.set(
      hex,
      toConnection(docsByParent.get(hex) ?? [], sort, page, async () => (await counts()).get(hex) ?? 0),
    );
  }
  return result;
}
