/**
 * Options the driver can send on CRUD commands that change what mongod does, checked here so that
 * each is honoured or refused with mongod's error — never silently ignored:
 * - `hint` must name an existing index (by name or key pattern) or `$natural`, else BadValue (2);
 * - `min`/`max` need a `hint` (51173) and bound the hinted index's keys (min inclusive, max exclusive);
 * - `tailable`/`awaitData` need a capped collection, which the embedded server does not offer (2);
 * - `returnKey` and `showRecordId` expose storage internals the embedded server does not have: refused (2).
 */
import { compareValues, type Doc, isPlainObject, sortKey } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import type { Collection } from './storage.js';

function sameKey(a: unknown, b: unknown): boolean {
  return (
    isPlainObject(a) &&
    isPlainObject(b) &&
    JSON.stringify(Object.entries(a).map(([k, v]) => [k, Number(v) || v])) ===
      JSON.stringify(Object.entries(b).map(([k, v]) => [k, Number(v) || v]))
  );
}

/** The key pattern of the index a hint names; undefined for no hint or `$natural`. Throws for an unknown index. */
export function checkHint(collection: Collection | undefined, hint: unknown): Doc | undefined {
  if (hint === undefined || hint === null || !collection) return undefined;
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return undefined;
  if (isPlainObject(hint) && '$natural' in hint) return undefined;
  for (const spec of collection.indexSpecs()) {
    if (typeof hint === 'string' ? spec.name === hint : sameKey(spec.key, hint)) return spec.key as Doc;
  }
  if (typeof hint !== 'string' && !isPlainObject(hint)) throw new MongoCommandError('FailedToParse', 'hint must be a string or an object');
  throw new MongoCommandError('BadValue', 'hint provided does not correspond to an existing index');
}

/** Refuses find options the embedded server cannot honour, as mongod refuses them where it can't either. */
export function checkFindOptions(command: Doc): void {
  if (command.tailable === true || command.awaitData === true) {
    throw new MongoCommandError('BadValue', 'error processing query: tailable cursor requested on non capped collection');
  }
  if (command.returnKey === true) throw new MongoCommandError('BadValue', 'returnKey is not supported by the embedded server');
  if (command.showRecordId === true) throw new MongoCommandError('BadValue', 'showRecordId is not supported by the embedded server');
}

/** Applies `min`/`max` of a find to its matches, over the hinted index's key pattern. */
export function applyMinMax(docs: Doc[], command: Doc, keyPattern: Doc | undefined): Doc[] {
  const min = command.min;
  const max = command.max;
  if (min === undefined && max === undefined) return docs;
  if (!keyPattern) throw new MongoCommandError('Location51173', 'When using min()/max() a hint of which index to use must be provided');
  const fields = Object.keys(keyPattern);
  const directions = fields.map((field) => (Number(keyPattern[field]) < 0 ? -1 : 1));
  for (const bound of [min, max]) {
    if (bound !== undefined && (!isPlainObject(bound) || JSON.stringify(Object.keys(bound)) !== JSON.stringify(fields))) {
      throw new MongoCommandError('Location51174', 'The index chosen is not equal to the index used for min()/max()');
    }
  }
  const compareTo = (doc: Doc, bound: Doc) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(sortKey(doc, fields[i], directions[i]), bound[fields[i]]) * directions[i];
      if (c !== 0) return c;
    }
    return 0;
  };
  return docs.filter(
    (doc) => (min === undefined || compareTo(doc, min as Doc) >= 0) && (max === undefined || compareTo(doc, max as Doc) < 0),
  );
}
