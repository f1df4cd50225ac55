/**
 * The documents a negated filter leaves out, read from an index: `{f: {$nin: [a, b]}}` leaves out
 * exactly what `{f: {$in: [a, b]}}` matches, and `{f: {$ne: a}}` what `{f: a}` matches. A `$text`
 * count with such a filter (search leaves out statements awaiting review) then counts the matches
 * and takes back the few left out, instead of reading every match to test the filter.
 */
import { type Doc, isPlainObject } from './bson-values.js';
import { plan } from './query-planner.js';
import type { Collection } from './storage.js';

/** Values whose equality an index answers exactly in binary order (no null: it also stands for missing). */
const plainValue = (value: unknown) =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/** What `filter` leaves out, when it is one field's `$nin`/`$ne` of plain values and an index holds that field; else undefined. */
export function leftOutThroughIndex(collection: Collection, filter: Doc): Iterable<Doc> | undefined {
  const fields = Object.keys(filter);
  if (fields.length !== 1 || fields[0].startsWith('$')) return undefined;
  const condition = filter[fields[0]];
  if (!isPlainObject(condition) || Object.keys(condition).length !== 1) return undefined;
  const values = Array.isArray(condition.$nin) ? condition.$nin : '$ne' in condition ? [condition.$ne] : undefined;
  if (!values?.every(plainValue)) return undefined;
  const chosen = plan(collection, { [fields[0]]: { $in: values } }, []);
  return chosen.docs && Object.keys(chosen.residual).length === 0 ? chosen.docs : undefined;
}
