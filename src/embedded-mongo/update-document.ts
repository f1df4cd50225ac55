/**
 * Applies one update specification to one document, as mongod's update stage does: operator
 * updates through mingo (on a copy, never the stored document), replacements, and pipeline
 * updates; plus what mingo leaves out — `$setOnInsert`, timestamp `$currentDate`, numeric checks
 * for `$inc`/`$mul`, `_id` immutability and the 16 MiB limit — and the seed document of an upsert.
 */
import { calculateObjectSize, ObjectId, Timestamp } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { update as mingoUpdate } from 'mingo/updater';
import { type Doc, isPlainObject, typeRank, valuesEqual } from './bson-values.js';
import { MongoCommandError } from './errors.js';
import { restoreDoubles, withPlainNumbers } from './exact-numbers.js';
import { filterOptions, mingoOptions } from './mingo-options.js';
import { idFirst } from './projection.js';

export const MAX_DOCUMENT_SIZE = 16 * 1024 * 1024;

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
  '$currentDate',
  '$setOnInsert',
]);

/** Copies plain objects and arrays; BSON values (ObjectId, Date, Long…) are shared, never mutated. */
export function cloneDoc<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDoc) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const [key, field] of Object.entries(value)) out[key] = cloneDoc(field);
    return out as T;
  }
  return value;
}

export type UpdateSpec = Doc | Doc[];

export function isOperatorUpdate(u: UpdateSpec): u is Doc {
  return !Array.isArray(u) && Object.keys(u).some((key) => key.startsWith('$'));
}

export function checkDocumentSize(doc: Doc): void {
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_SIZE) {
    throw new MongoCommandError(
      'BSONObjectTooLarge',
      `BSONObj size: ${size} (0x${size.toString(16)}) is invalid. Size must be between 0 and 16793600(16MB)`,
    );
  }
}

export function validateUpdateSpec(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    if (!u.every(isPlainObject)) throw new MongoCommandError('FailedToParse', 'pipeline update stages must be objects');
    return u as Doc[];
  }
  if (!isPlainObject(u)) throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  if (keys.some((key) => key.startsWith('$'))) {
    for (const key of keys) {
      if (!UPDATE_OPERATORS.has(key)) {
        throw new MongoCommandError(
          'FailedToParse',
          `Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`,
        );
      }
      if (!isPlainObject(u[key]))
        throw new MongoCommandError(
          'FailedToParse',
          `Modifiers operate on fields but we found type ${typeof u[key]} instead. For example: {$mod: {<field>: ...}} not {${key}: ${JSON.stringify(u[key])}}`,
        );
    }
  }
  return u;
}

function getPlain(doc: unknown, path: string): unknown {
  let value = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}

function checkArithmetic(doc: Doc, operator: '$inc' | '$mul', fields: Doc): void {
  const verb = operator === '$inc' ? 'increment' : 'multiply';
  for (const [path, amount] of Object.entries(fields)) {
    if (typeRank(amount) !== 3) {
      throw new MongoCommandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${JSON.stringify(amount)}}`);
    }
    if (path.includes('$')) continue;
    const current = getPlain(doc, path);
    if (current !== undefined && typeRank(current) !== 3) {
      throw new MongoCommandError(
        'TypeMismatch',
        `Cannot apply ${operator} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof current}`,
      );
    }
  }
}

function translateMingoError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = (error as Error).message ?? String(error);
  if (/conflict/i.test(message)) return new MongoCommandError('ConflictingUpdateOperators', message);
  if (/immutable/i.test(message)) return new MongoCommandError('ImmutableField', message);
  return new MongoCommandError('BadValue', message);
}

function assertSameId(before: Doc, after: Doc): void {
  if ('_id' in before && !valuesEqual(before._id, after._id)) {
    throw new MongoCommandError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(after._id)}`,
    );
  }
}

export interface ApplyOptions {
  arrayFilters?: Doc[];
  /** The query, for the positional `$` operator. */
  query?: Doc;
  /** True when an upsert is inserting: `$setOnInsert` applies. */
  inserting?: boolean;
  variables?: Doc;
}

/** The updated copy of `doc`, or `doc` itself when the update changes nothing. */
export function applyUpdate(doc: Doc, u: UpdateSpec, options: ApplyOptions = {}): Doc {
  let next: Doc;
  if (Array.isArray(u)) {
    try {
      const [result] = new Aggregator(u, mingoOptions({ variables: options.variables })).run(withPlainNumbers([doc])) as Doc[];
      next = result ?? {};
      // A pipeline that drops `_id` ($unset, $project, $replaceWith) keeps the document's own, as in mongod.
      if (!('_id' in next) && '_id' in doc) next = { _id: doc._id, ...next };
      [next] = restoreDoubles([next], [doc]);
    } catch (error) {
      throw translateMingoError(error);
    }
  } else if (isOperatorUpdate(u)) {
    const { $setOnInsert, $currentDate, ...rest } = u;
    const modifier: Doc = { ...rest };
    if (options.inserting && isPlainObject($setOnInsert)) modifier.$set = { ...(modifier.$set as Doc), ...$setOnInsert };
    if (isPlainObject($currentDate)) {
      const dates: Doc = {};
      const now = new Date();
      for (const [path, spec] of Object.entries($currentDate)) {
        dates[path] =
          isPlainObject(spec) && spec.$type === 'timestamp' ? new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 }) : now;
      }
      modifier.$set = { ...(modifier.$set as Doc), ...dates };
    }
    // mingo refuses any write to `_id`; on a document that has none yet (an upsert), choosing it is allowed.
    let chosenId: unknown;
    if (!('_id' in doc) && isPlainObject(modifier.$set) && '_id' in modifier.$set) {
      const { _id, ...otherSets } = modifier.$set;
      chosenId = _id;
      modifier.$set = otherSets;
    }
    if (isPlainObject(modifier.$inc)) checkArithmetic(doc, '$inc', modifier.$inc);
    if (isPlainObject(modifier.$mul)) checkArithmetic(doc, '$mul', modifier.$mul);
    for (const key of Object.keys(modifier))
      if (isPlainObject(modifier[key]) && Object.keys(modifier[key]).length === 0) delete modifier[key];
    next = cloneDoc(doc);
    let changed: string[] = [];
    if (Object.keys(modifier).length > 0) {
      try {
        // The query operators alone, unless something evaluates expressions: mingo copies the whole
        // context into every update, which had been a tenth of the database's time in a create.
        const queryOptions = filterOptions({ modifier, arrayFilters: options.arrayFilters, query: options.query });
        changed = mingoUpdate(next, modifier, options.arrayFilters, options.query, { cloneMode: 'deep', queryOptions });
      } catch (error) {
        throw translateMingoError(error);
      }
    }
    if (chosenId !== undefined) next = { _id: chosenId, ...next };
    else if (changed.length === 0) return doc;
  } else {
    next = { ...('_id' in doc ? { _id: doc._id } : {}), ...cloneDoc(u as Doc) };
  }
  assertSameId(doc, next);
  next = idFirst(next);
  checkDocumentSize(next);
  return next;
}

/** The document an upsert starts from: the equality conditions of its query, dotted paths nested. */
export function upsertSeed(query: Doc): Doc {
  const seed: Doc = {};
  const visit = (clause: Doc) => {
    for (const [field, value] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(value)) {
        for (const part of value) if (isPlainObject(part)) visit(part);
        continue;
      }
      if (field.startsWith('$')) continue;
      let equal: unknown;
      if (isPlainObject(value)) {
        if (!('$eq' in value)) {
          if (Object.keys(value).some((k) => k.startsWith('$'))) continue;
          equal = value;
        } else equal = value.$eq;
      } else if (value instanceof RegExp) continue;
      else equal = value;
      setPath(seed, field, cloneDoc(equal));
    }
  };
  visit(query);
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Doc;
  }
  target[parts[parts.length - 1]] = value;
}

/** The document an upsert inserts. A replacement keeps only the query's `_id`. */
export function upsertDocument(query: Doc, u: UpdateSpec, options: ApplyOptions): Doc {
  const seed = upsertSeed(query);
  let doc: Doc;
  if (!Array.isArray(u) && !isOperatorUpdate(u)) {
    const replacement: Doc = u;
    if ('_id' in replacement && '_id' in seed && !valuesEqual(replacement._id, seed._id)) {
      throw new MongoCommandError('ImmutableField', 'The _id field cannot be changed');
    }
    doc = { ...('_id' in seed ? { _id: seed._id } : {}), ...cloneDoc(replacement) };
  } else {
    // _id is generated after the update, so that `$set`/`$setOnInsert` of `_id` can choose it.
    doc = applyUpdate(seed, u, { ...options, inserting: true });
    if (doc === seed) doc = cloneDoc(seed);
  }
  if (!('_id' in doc)) doc = { _id: new ObjectId(), ...doc };
  if (Array.isArray(doc._id)) throw new MongoCommandError('InvalidIdField', "The '_id' value cannot be of type array");
  const result = idFirst(doc);
  checkDocumentSize(result);
  return result;
}
