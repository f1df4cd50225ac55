/**
 * A page's reads as ranges of the sort order. Most orders are one range: the page's cursors bound
 * one indexed read. An order with `nullsLast` is two: the documents that have a value, ordered by
 * it, then those without, ordered by id (in the same direction) — so undated statements come last
 * whichever way dates are sorted, and cursors still walk every document exactly once. Each range is
 * an indexed read ({field, _id}: a range on the field, or equality on null); the two go out as one
 * command.
 */
import type { Document, Filter, ObjectId } from 'mongodb';
import { and, type Page, pageFilter, readOrder, type SortOrder, strictlyAfter } from './connection.js';

export interface Segment {
  /** Added to the caller's filter. */
  match: Filter<Document>;
  order: Record<string, 1 | -1>;
}

/** Marks which segment a row came from, so rows of several segments can be put back in reading order. */
export const SEGMENT = '__segment';

export function pageSegments(sort: SortOrder, page: Page): Segment[] {
  if (!sort.nullsLast) return [{ match: and(...pageFilter(sort, page)), order: readOrder(sort, page) }];
  const { field, direction } = sort;
  const reading = page.backward ? (-direction as 1 | -1) : direction;
  const idBeyond = (id: ObjectId, d: 1 | -1): Filter<Document> => ({ _id: d === 1 ? { $gt: id } : { $lt: id } });
  const { after, before } = page;
  const segments: Segment[] = [];
  // Documents with a value: excluded entirely when `after` is already among the nulls.
  if (!after || after.value !== null) {
    segments.push({
      match: and(
        { [field]: { $ne: null } },
        after ? strictlyAfter(field, direction, after) : {},
        before && before.value !== null ? strictlyAfter(field, -direction as 1 | -1, before) : {},
      ),
      order: { [field]: reading, _id: reading },
    });
  }
  // Documents without: excluded entirely when `before` is still among the values.
  if (!before || before.value === null) {
    segments.push({
      match: and(
        { [field]: null },
        after && after.value === null ? idBeyond(after.id, direction) : {},
        before ? idBeyond(before.id, -direction as 1 | -1) : {},
      ),
      order: { _id: reading },
    });
  }
  return page.backward ? segments.reverse() : segments;
}

/** Rows of several segments (each in its own order) put in reading order; the sort is stable. */
export function inReadingOrder<T extends Document>(rows: T[], limit: number): T[] {
  return rows.sort((a, b) => (a[SEGMENT] as number) - (b[SEGMENT] as number)).slice(0, limit);
}
