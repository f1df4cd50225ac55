/**
 * Pages of related documents for many parents in one round trip — "the first 10 statements of
 * each of these 100 people" is one aggregate: one branch per parent ($match on that parent, $sort,
 * $limit n+1), joined with $unionWith. Each branch is an indexed range read bounded by the page
 * size, so neither the command count nor the documents read grow with how much a parent has.
 */
import type { Collection, Document, Filter, ObjectId } from 'mongodb';
import { and, type Connection, memoize, type PageArgs, readPage, type SortOrder, toConnection } from './connection.js';
import { inReadingOrder, pageSegments, SEGMENT, type Segment } from './page-segments.js';

export interface RelationSpec {
  /** The field of the child that holds the parent's id. */
  parentField: string;
  /** True when that field is an array of ids (e.g. `aboutIds`). */
  many: boolean;
}

const PARENT = '__parent';

export async function relatedConnections<T extends Document & { _id: ObjectId }>(
  collection: Collection<T>,
  relation: RelationSpec,
  parentIds: ObjectId[],
  filter: Filter<Document>,
  sort: SortOrder,
  args: PageArgs,
  /** Count each parent's matches alongside the page (the client selected `totalCount`), not on demand. */
  count = false,
): Promise<Map<string, Connection<T>>> {
  const page = readPage(args, sort);
  const parentMatch = { [relation.parentField]: { $in: parentIds } };
  const counts = memoize(async () => {
    const rows = await collection
      .aggregate<{ _id: ObjectId; n: number }>([
        { $match: and(parentMatch, filter) },
        ...(relation.many ? [{ $unwind: `$${relation.parentField}` }, { $match: { [relation.parentField]: { $in: parentIds } } }] : []),
        { $group: { _id: `$${relation.parentField}`, n: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(rows.map((row) => [row._id.toHexString(), row.n]));
  });
  // What every branch shares is built once; a branch adds its parent. An order with nulls last
  // reads two ranges per parent (page-segments.ts), still in the one aggregate.
  const segments = pageSegments(sort, page);
  const limit = page.size + 1;
  const segmentBranch = (parentId: ObjectId, segment: Segment, index: number): Document[] => [
    { $match: and({ [relation.parentField]: parentId }, filter, segment.match) },
    { $sort: segment.order },
    { $limit: limit },
    { $addFields: segments.length > 1 ? { [PARENT]: { $literal: parentId }, [SEGMENT]: index } : { [PARENT]: { $literal: parentId } } },
  ];
  const branches = parentIds.flatMap((parentId) => segments.map((segment, index) => segmentBranch(parentId, segment, index)));
  const [first, ...others] = branches;
  const readRows = async () =>
    page.size === 0 || !first
      ? []
      : await collection
          .aggregate<T & { [PARENT]: ObjectId }>(
            [...first, ...others.map((pipeline) => ({ $unionWith: { coll: collection.collectionName, pipeline } }))],
            { batchSize: branches.length * limit },
          ) // one reply, no getMore
          .toArray();
  // With the count wanted, both aggregates go out together and graphql-js finds plain numbers.
  const [rows, countsByParent] = await Promise.all([readRows(), count ? counts() : undefined]);
  const docsByParent = new Map<string, T[]>();
  // The `__parent` field stays on the row: deleting it would switch V8 to a slow dictionary-mode
  // object for every later field read, and no schema field exposes it. With one parent (an
  // article's statements), every row is its own.
  if (parentIds.length === 1) docsByParent.set(parentIds[0].toHexString(), rows);
  else
    for (const row of rows) {
      const hex = row[PARENT].toHexString();
      const docs = docsByParent.get(hex);
      if (docs) docs.push(row);
      else docsByParent.set(hex, [row]);
    }
  const result = new Map<string, Connection<T>>();
  for (const parentId of parentIds) {
    const hex = parentId.toHexString();
    result.set(
      hex,
      toConnection(
        segments.length > 1 ? inReadingOrder(docsByParent.get(hex) ?? [], limit) : (docsByParent.get(hex) ?? []),
        sort,
        page,
        countsByParent ? () => countsByParent.get(hex) ?? 0 : async () => (await counts()).get(hex) ?? 0,
      ),
    );
  }
  return result;
}
