/**
 * Find projections through mingo's `$project`, with the two things mingo does not do as mongod:
 * `{$meta: "textScore"}` (read from the hidden score field) and `_id` kept as the first field.
 */
import { Query } from 'mingo/query';
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

const topLevel = (field: string) => !field.includes('.') && !field.startsWith('$');
const excludes = (value: unknown) => value === 0 || value === false;
const includes = (value: unknown) => value === 1 || value === true;

/**
 * Projections that only name top-level fields, `{a: 0, b: false}` or `{a: 1, b: true}` (with or
 * without `_id: 0`), need no mingo query: a copy that keeps the stored field order, as mongod does,
 * `_id` first unless excluded. Anything else (paths, expressions, operators) goes to mingo.
 */
function plainProjection(spec: Doc): ((doc: Doc) => Doc) | undefined {
  const fields = Object.keys(spec);
  if (fields.length === 0 || !fields.every(topLevel)) return undefined;
  if (fields.every((field) => excludes(spec[field]))) {
    return (doc) => {
      const out: Doc = {};
      for (const key in doc) if (!Object.hasOwn(spec, key)) out[key] = doc[key];
      return out;
    };
  }
  const named = fields.filter((field) => field !== '_id');
  if (named.length === 0 || !named.every((field) => includes(spec[field]))) return undefined;
  if (Object.hasOwn(spec, '_id') && !includes(spec._id) && !excludes(spec._id)) return undefined;
  const keepId = !excludes(spec._id);
  return (doc) => {
    const out: Doc = {};
    if (keepId && '_id' in doc) out._id = doc._id;
    for (const key in doc) if (key !== '_id' && Object.hasOwn(spec, key)) out[key] = doc[key];
    return out;
  };
}

/**
 * An aggregation `$project` of top-level fields only — inclusions, optionally with
 * `{$meta: "textScore"}` fields, or exclusions — done without mingo's deep copy of every document:
 * named fields in stored order, `_id` first unless excluded, score fields after them, and the hidden
 * score carried on so a later stage can still sort by it. Undefined for anything mingo must evaluate.
 */
export function plainProjectStage(stage: Doc): ((doc: Doc) => Doc) | undefined {
  const spec = stage.$project;
  if (!isPlainObject(spec) || Object.keys(stage).length !== 1) return undefined;
  const scores = Object.keys(spec).filter((field) => isMeta(spec[field]));
  const rest = Object.fromEntries(Object.entries(spec).filter(([, value]) => !isMeta(value)));
  const base = plainProjection(rest);
  if (!base || !scores.every(topLevel)) return undefined;
  const inclusion = Object.keys(rest).some((field) => field !== '_id' && includes(rest[field]));
  if (scores.length > 0 && !inclusion) return undefined;
  return (doc) => {
    const out = base(doc);
    if (!(TEXT_SCORE_FIELD in doc)) return out;
    for (const field of scores) out[field] = doc[TEXT_SCORE_FIELD];
    out[TEXT_SCORE_FIELD] = doc[TEXT_SCORE_FIELD];
    return out;
  };
}

const isSlice = (value: unknown) => isPlainObject(value) && Object.keys(value).length === 1 && '$slice' in value;

function sliced(array: unknown[], spec: unknown): unknown[] {
  if (Array.isArray(spec)) {
    const [skip, limit] = spec.map(Number);
    if (!(limit > 0)) throw new MongoCommandError('BadValue', '$slice limit must be positive');
    const start = skip < 0 ? Math.max(0, array.length + skip) : skip;
    return array.slice(start, start + limit);
  }
  const n = Number(spec);
  if (!Number.isFinite(n)) throw new MongoCommandError('BadValue', '$slice only supports numbers and [skip, limit] arrays');
  return n >= 0 ? array.slice(0, n) : array.slice(Math.max(0, array.length + n));
}

/** Slices the array at `path` in a copy of `doc`, through nested documents and arrays of them. */
function sliceAt(value: unknown, parts: string[], spec: unknown): unknown {
  if (parts.length === 0) return Array.isArray(value) ? sliced(value, spec) : value;
  if (Array.isArray(value)) return value.map((element) => (isPlainObject(element) ? sliceAt(element, parts, spec) : element));
  if (!isPlainObject(value) || !(parts[0] in value)) return value;
  return { ...value, [parts[0]]: sliceAt(value[parts[0]], parts.slice(1), spec) };
}

/**
 * A projection of only `$slice`s (and exclusions) is exclusion-style in mongod: every other field
 * stays, in stored order, and the named arrays are cut.
 */
function sliceProjection(spec: Doc): ((doc: Doc) => Doc) | undefined {
  const fields = Object.keys(spec);
  if (!fields.some((field) => isSlice(spec[field]))) return undefined;
  if (!fields.every((field) => isSlice(spec[field]) || excludes(spec[field]))) return undefined;
  const excluded = fields.filter((field) => excludes(spec[field]));
  const slices = fields.filter((field) => isSlice(spec[field]));
  return (doc) => {
    let out: Doc = { ...doc };
    for (const field of excluded) {
      if (!field.includes('.')) delete out[field];
    }
    for (const field of slices) out = sliceAt(out, field.split('.'), (spec[field] as Doc).$slice) as Doc;
    return out;
  };
}

/** Applies a find projection; `$meta` fields are added on top, as they count as neither inclusion nor exclusion. */
export function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  const metaFields = Object.keys(projection ?? {}).filter((field) => isMeta(projection?.[field]));
  const rest = Object.fromEntries(Object.entries(projection ?? {}).filter(([, value]) => !isMeta(value)));
  let projected = docs;
  const plain = plainProjection(rest) ?? sliceProjection(rest);
  if (plain) projected = docs.map(plain);
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
