/**
 * Find projections through mingo's `$project`, with the two things mingo does not do as mongod:
 * `{$meta: "textScore"}` (read from the hidden score field) and `_id` kept as the first field.
 */
import { Query } from 'mingo';
import { type Doc, isPlainObject, TEXT_SCORE_FIELD } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { mingoOptions } from './mingo-options.js';
import { withoutTextScore } from './select.js';

export function rewriteMeta(spec: Doc): Doc {
  const out: Doc = {};
  for (const [field, value] of Object.entries(spec)) {
    out[field] = isPlainObject(value) && value.$meta === 'textScore' ? `$${TEXT_SCORE_FIELD}` : value;
  }
  return out;
}

export function idFirst(doc: Doc): Doc {
  if (!('_id' in doc)) return doc;
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

const isMeta = (value: unknown) => isPlainObject(value) && value.$meta === 'textScore';

/**
 * The top-level fields a projection only excludes (`{a: 0, b: false}`), or undefined when it does
 * anything else; those need no mingo query, just a copy without the fields.
 */
function plainExclusions(spec: Doc): string[] | undefined {
  const fields = Object.keys(spec);
  const plain = fields.every((field) => !field.includes('.') && !field.startsWith('$') && (spec[field] === 0 || spec[field] === false));
  return plain ? fields : undefined;
}

function without(doc: Doc, fields: string[]): Doc {
  const out: Doc = {};
  for (const key in doc) if (!fields.includes(key)) out[key] = doc[key];
  return out;
}

/** Applies a find projection; `$meta` fields are added on top, as they count as neither inclusion nor exclusion. */
export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  const metaFields = Object.keys(projection ?? {}).filter((field) => isMeta(projection?.[field]));
  const rest = Object.fromEntries(Object.entries(projection ?? {}).filter(([, value]) => !isMeta(value)));
  let projected = docs;
  const excluded = plainExclusions(rest);
  if (excluded && excluded.length > 0) projected = docs.map((doc) => without(doc, excluded));
  else if (Object.keys(rest).length > 0) {
    try {
      projected = new Query({}, mingoOptions()).find<Doc>(docs, rest).all().map(idFirst);
    } catch (error) {
      throw new MongoCommandError('BadValue', (error as Error).message);
    }
  }
  return projected.map((doc, i) => {
    const out = metaFields.length > 0 ? { ...withoutTextScore(doc) } : withoutTextScore(doc);
    for (const field of metaFields) out[field] = docs[i][TEXT_SCORE_FIELD];
    return out;
  });
}
