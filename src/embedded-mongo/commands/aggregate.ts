/**
 * aggregate: mingo runs the stages, with these taken over here — a leading `$match` (with `$text`,
 * `$sort`, `$skip` and `$limit` behind it) goes through the query planner so indexes are used;
 * `$sort` uses BSON order; `$out` and `$merge` write into real collections with their unique
 * indexes enforced; `{$meta: "textScore"}` reads the hidden score.
 */
import { Aggregator } from 'mingo/aggregator';
import * as mingoStages from 'mingo/operators/pipeline';
import { type Doc, isPlainObject, parseSortSpec, type SortSpec, sortBySpec, TEXT_SCORE_FIELD } from '../bson-values.js';
import { collatedGroup, collatedLookup, isFieldLookup } from '../collated-stages.js';
import { type Collation, effectiveCollation } from '../collation.js';
import { collectionName, docArray, optionalDoc } from '../command-args.js';
import { checkHint } from '../command-options.js';
import { MongoCommandError } from '../errors.js';
import { restoreDoubles, withPlainNumbers } from '../exact-numbers.js';
import { nativeGroup, runNativeGroup } from '../group-stage.js';
import { letVariables } from '../let-variables.js';
import { listLocalSessions } from '../local-sessions.js';
import { mingoOptions } from '../mingo-options.js';
import { plainProjectStage, rewriteMeta } from '../projection.js';
import { countDocuments, type SelectOptions, selectDocuments, withoutTextScore } from '../select.js';
import type { CommandContext, CommandHandler } from '../server-state.js';
import { Collection } from '../storage.js';
import { cloneDoc } from '../update-document.js';
import { enforceValidator } from '../validation.js';
import { resolveView } from '../views.js';
import { prepareInsert } from '../write-checks.js';

const UNSUPPORTED_STAGES: Record<string, [name: 'ChangeStreamNotSupported' | 'UnknownPipelineStage', message: string]> = {
  $changeStream: ['ChangeStreamNotSupported', 'The $changeStream stage is only supported on replica sets'],
  $geoNear: ['UnknownPipelineStage', '$geoNear is not supported by the embedded server'],
  $search: ['UnknownPipelineStage', '$search is only available on Atlas'],
};

const KNOWN_STAGES = new Set([...Object.keys(mingoStages), '$out', '$merge', '$sort', '$listLocalSessions']);

function stageName(stage: Doc): string {
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw new MongoCommandError('BadValue', 'A pipeline stage specification object must contain exactly one field.');
  return keys[0];
}

function checkStage(stage: Doc): void {
  const name = stageName(stage);
  const unsupported = UNSUPPORTED_STAGES[name];
  if (unsupported) throw new MongoCommandError(unsupported[0], unsupported[1]);
  if (!KNOWN_STAGES.has(name)) throw new MongoCommandError('UnknownPipelineStage', `Unrecognized pipeline stage name: '${name}'`);
}

/** Rewrites `{$meta: "textScore"}` in the stages that accept expressions at their top level. */
function rewriteStage(stage: Doc): Doc {
  const name = stageName(stage);
  if ((name === '$project' || name === '$addFields' || name === '$set') && isPlainObject(stage[name])) {
    return { [name]: rewriteMeta(stage[name] as Doc) };
  }
  return stage;
}

/**
 * Stages that build new documents and never write into their input: a segment made only of these
 * can read the stored documents without mingo's deep copy of each (a count over thousands of rows
 * copied every row before).
 */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$count', '$limit', '$skip', '$sortByCount']);

function runMingo(stages: Doc[], input: Doc[], context: CommandContext, variables?: Doc): Doc[] {
  if (stages.length === 0) return input;
  const resolveCollection = (name: string) =>
    withPlainNumbers([...(context.state.catalog.collection(context.db, name)?.docs.values() ?? [])]);
  const cloneInput = !stages.every((stage) => READ_ONLY_STAGES.has(stageName(stage)));
  try {
    const output = new Aggregator(stages, mingoOptions({ resolveCollection, variables, cloneInput })).run(withPlainNumbers(input)) as Doc[];
    return restoreDoubles(output, input);
  } catch (error) {
    const message = (error as Error).message;
    if (/unknown|not (supported|registered)/i.test(message) && /operator|stage/i.test(message)) {
      throw new MongoCommandError('UnknownPipelineStage', message);
    }
    throw new MongoCommandError('BadValue', message);
  }
}

/** Runs a pipeline over a collection (or view) of this database, its leading stages through the planner. */
export function runOnCollection(name: string, pipeline: Doc[], context: CommandContext, variables?: Doc, collation?: Collation): Doc[] {
  const view = resolveView(context.state.catalog, context.db, name);
  if (view) return runOnCollection(view.source, [...view.pipeline, ...pipeline], context, variables, collation);
  const { filter, options, rest } = leadingSelection(pipeline);
  const input = selectDocuments(context.state.catalog.collection(context.db, name), filter, { ...options, variables, collation });
  return runStages(rest, input, context, variables, collation).map(withoutTextScore);
}

/**
 * The value of an aggregation expression that is a constant — `{$literal: x}`, a number, boolean,
 * null, date, ObjectId or a string that is not a `$path` — wrapped, or undefined for anything that
 * must be evaluated.
 */
function constantOf(expression: unknown): { value: unknown } | undefined {
  if (isPlainObject(expression))
    return Object.keys(expression).length === 1 && '$literal' in expression ? { value: expression.$literal } : undefined;
  if (expression === null || typeof expression === 'number' || typeof expression === 'boolean') return { value: expression };
  if (typeof expression === 'string') return expression.startsWith('$') ? undefined : { value: expression };
  if (expression instanceof Date || (expression as { _bsontype?: string } | undefined)?._bsontype === 'ObjectId')
    return { value: expression };
  return undefined;
}

/**
 * The fields of an `$addFields`/`$set` that only sets top-level fields to constants, or undefined.
 * Those need no mingo aggregator: drivers and ORMs tag rows this way (newsgraph's per-parent pages
 * do), often once per `$unionWith` branch.
 */
function constantFields(stage: Doc): Array<[string, unknown]> | undefined {
  const spec = stage.$addFields ?? stage.$set;
  if (!isPlainObject(spec)) return undefined;
  const fields: Array<[string, unknown]> = [];
  for (const [field, expression] of Object.entries(spec)) {
    const constant = field.includes('.') || field.startsWith('$') ? undefined : constantOf(expression);
    if (!constant) return undefined;
    fields.push([field, constant.value]);
  }
  return fields;
}

/** Sets the fields on a copy of each document: an existing field keeps its place, a new one goes last. */
function addConstantFields(docs: Doc[], fields: Array<[string, unknown]>): Doc[] {
  return docs.map((doc) => {
    const out: Doc = { ...doc };
    for (const [field, value] of fields) out[field] = value;
    return out;
  });
}

/**
 * Runs the stages, doing each `$sort` with BSON ordering, each `$unionWith` through the planner
 * (so its sub-pipeline reads an index, as mongod's does), constant `$addFields` and counting
 * `$group`s (group-stage.ts) directly, between mingo segments.
 */
function runStages(stages: Doc[], input: Doc[], context: CommandContext, variables?: Doc, collation?: Collation): Doc[] {
  let docs = input;
  let segment: Doc[] = [];
  for (let at = 0; at < stages.length; at++) {
    const stage = stages[at];
    const union = stage.$unionWith;
    if (union !== undefined) {
      docs = runMingo(segment, docs, context, variables);
      segment = [];
      const spec = isPlainObject(union) ? union : { coll: union };
      const pipeline = Array.isArray(spec.pipeline) ? (spec.pipeline as Doc[]) : [];
      for (const inner of pipeline) checkStage(inner);
      docs = docs.concat(
        spec.coll === undefined
          ? runStages(pipeline, [], context, variables, collation)
          : runOnCollection(String(spec.coll), pipeline, context, variables, collation),
      );
      continue;
    }
    const constants = constantFields(stage);
    if (constants) {
      docs = addConstantFields(runMingo(segment, docs, context, variables), constants);
      segment = [];
      continue;
    }
    if (stageName(stage) === '$count') {
      // mingo answers {count: 0} over no documents; mongod's $count (a $group) outputs nothing.
      docs = runMingo(segment, docs, context, variables);
      segment = [];
      const field = countField(stage.$count);
      docs = docs.length === 0 ? [] : [{ [field]: docs.length }];
      continue;
    }
    if (collation && (stage.$group !== undefined || (stage.$lookup !== undefined && isFieldLookup(stage)))) {
      docs = runMingo(segment, docs, context, variables);
      segment = [];
      const run = (inner: Doc[], over: Doc[]) => runMingo(inner, over, context, variables);
      if (stage.$group !== undefined) docs = collatedGroup(stage, docs, collation, run);
      else {
        const from = String((stage.$lookup as Doc).from);
        docs = collatedLookup(stage, docs, [...(context.state.catalog.collection(context.db, from)?.docs.values() ?? [])], collation);
      }
      continue;
    }
    const grouping = collation ? undefined : stage.$group !== undefined ? nativeGroup(stage.$group) : undefined;
    if (grouping) {
      docs = runMingo(segment, docs, context, variables);
      segment = [];
      docs = runNativeGroup(grouping, docs) ?? runMingo([stage], docs, context, variables);
      continue;
    }
    const projection = plainProjectStage(stage);
    if (projection) {
      docs = runMingo(segment, docs, context, variables).map(projection);
      segment = [];
    } else if (stageName(stage) === '$sort') {
      docs = runMingo(segment, docs, context, variables);
      segment = [];
      const spec = parseSortSpec(stage.$sort);
      if (spec.length === 0) throw new MongoCommandError('BadValue', '$sort stage must have at least one sort key');
      // A $limit right behind keeps only the top (mongod coalesces the two the same way); the $limit still runs.
      const limit = stages[at + 1]?.$limit;
      docs = sortBySpec(
        docs,
        spec,
        collation?.compareStrings,
        Number.isInteger(limit) && (limit as number) > 0 ? (limit as number) : Infinity,
      );
    } else segment.push(rewriteStage(stage));
  }
  return runMingo(segment, docs, context, variables);
}

function countField(name: unknown): string {
  if (typeof name !== 'string') throw new MongoCommandError('Location40156', 'the count field must be a non-empty string');
  if (name.length === 0) throw new MongoCommandError('Location40157', 'the count field must be a non-empty string');
  if (name.startsWith('$')) throw new MongoCommandError('Location40158', 'the count field cannot be a $-prefixed path');
  if (name.includes('.')) throw new MongoCommandError('Location40160', "the count field cannot contain '.'");
  return name;
}

/**
 * The sort of `$sort` (at `pipeline[at + 1]`) over the fields a stage at `at` adds, as a sort by the
 * hidden text score, when it sorts only by fields that stage sets to `{$meta: "textScore"}` and by an
 * `_id` the stage leaves alone; undefined otherwise.
 */
function sortByScoreField(pipeline: Doc[], at: number): SortSpec | undefined {
  const stage = pipeline[at];
  const sort = pipeline[at + 1]?.$sort;
  const fields = stage && (stage.$project ?? stage.$addFields ?? stage.$set);
  if (!isPlainObject(fields) || !isPlainObject(sort) || Object.keys(stage).length !== 1) return undefined;
  const idKept = '$project' in stage ? fields._id === undefined || fields._id === 1 || fields._id === true : !('_id' in fields);
  const spec: SortSpec = [];
  for (const [field, direction] of Object.entries(sort)) {
    if (direction !== 1 && direction !== -1) return undefined;
    const value = fields[field];
    if (isPlainObject(value) && value.$meta === 'textScore') spec.push([TEXT_SCORE_FIELD, direction]);
    else if (field === '_id' && idKept) spec.push(['_id', direction]);
    else return undefined;
  }
  return spec;
}

/**
 * Takes a leading `$match` and the `$sort`/`$skip`/`$limit` right behind it into one indexed read.
 * A `$text` match whose score a `$project`/`$addFields` names, sorted by that name and limited, is
 * read as a top-k by score, and the stage runs after the limit: a search page over thousands of
 * matches had copied and sorted every one of them.
 */
function leadingSelection(pipeline: Doc[]): { filter: Doc; options: SelectOptions; rest: Doc[] } {
  let i = 0;
  let filter: Doc = {};
  const options: SelectOptions = {};
  if (pipeline[0] && isPlainObject(pipeline[0].$match)) {
    filter = pipeline[0].$match as Doc;
    i = 1;
    const byScore = '$text' in filter ? sortByScoreField(pipeline, 1) : undefined;
    const limit = pipeline[3]?.$limit;
    if (byScore && Number.isInteger(limit) && (limit as number) > 0) {
      return { filter, options: { sort: byScore, limit: limit as number }, rest: [pipeline[1], ...pipeline.slice(4)] };
    }
    if (pipeline[i] && isPlainObject(pipeline[i].$sort)) options.sort = parseSortSpec(pipeline[i++].$sort);
    if (pipeline[i] && typeof pipeline[i].$skip === 'number') options.skip = pipeline[i++].$skip as number;
    if (pipeline[i] && typeof pipeline[i].$limit === 'number') {
      options.limit = pipeline[i++].$limit as number;
    }
  }
  return { filter, options, rest: pipeline.slice(i) };
}

function writeOut(context: CommandContext, stage: Doc, docs: Doc[], bypassValidation: boolean): void {
  const spec = stage.$out;
  const db = isPlainObject(spec) ? String(spec.db ?? context.db) : context.db;
  const name = isPlainObject(spec) ? String(spec.coll) : String(spec);
  const existing = context.state.catalog.collection(db, name);
  const prepared = docs.map((doc) => prepareInsert(cloneDoc(doc)));
  // The target keeps its options, validator included, and every document must pass it (mongod 4.4+).
  if (existing && !bypassValidation) for (const doc of prepared) enforceValidator(existing.options, doc);
  // Build the result aside first: a unique-index violation must leave the target untouched.
  const trial = new Collection(db, name, {}, () => {});
  for (const index of existing?.indexSpecs().slice(1) ?? []) trial.createIndex(index);
  for (const doc of prepared) trial.insert(doc);
  const target = context.state.catalog.ensureCollection(db, name);
  for (const doc of [...target.docs.values()]) target.remove(doc);
  for (const doc of prepared) target.insert(doc);
}

function writeMerge(context: CommandContext, stage: Doc, docs: Doc[], bypassValidation: boolean): void {
  const spec = isPlainObject(stage.$merge) ? stage.$merge : { into: stage.$merge };
  const into = spec.into;
  const db = isPlainObject(into) ? String(into.db ?? context.db) : context.db;
  const name = isPlainObject(into) ? String(into.coll) : String(into);
  const on = spec.on === undefined ? ['_id'] : Array.isArray(spec.on) ? spec.on.map(String) : [String(spec.on)];
  const whenMatched = spec.whenMatched ?? 'merge';
  const whenNotMatched = spec.whenNotMatched ?? 'insert';
  const target = context.state.catalog.ensureCollection(db, name);
  for (const doc of docs) {
    const match: Doc = {};
    for (const field of on) match[field] = doc[field] ?? null;
    const [existing] = selectDocuments(target, match, { limit: 1 });
    if (!existing) {
      if (whenNotMatched === 'discard') continue;
      if (whenNotMatched === 'fail')
        throw new MongoCommandError('BadValue', '$merge could not find a matching document in the target collection');
      const inserted = prepareInsert(cloneDoc(doc));
      if (!bypassValidation) enforceValidator(target.options, inserted);
      target.insert(inserted);
      continue;
    }
    if (whenMatched === 'keepExisting') continue;
    if (whenMatched === 'fail') throw existingMatchError(target.ns, existing._id);
    let next: Doc;
    if (whenMatched === 'replace') next = { ...cloneDoc(doc), _id: existing._id };
    else if (Array.isArray(whenMatched)) next = runMingo(whenMatched as Doc[], [existing], context, { new: doc })[0] ?? existing;
    else next = { ...existing, ...cloneDoc(doc), _id: existing._id };
    const merged = prepareInsert(next);
    if (!bypassValidation) enforceValidator(target.options, merged, existing);
    target.replace(existing, merged);
  }
}

function existingMatchError(ns: string, id: unknown): MongoCommandError {
  return new MongoCommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
    {
      keyPattern: { _id: 1 },
      keyValue: { _id: id },
    },
  );
}

/**
 * `{$group: {_id: <constant>, <field>: {$sum: 1}}}` — the counting stage the drivers'
 * `countDocuments` sends — as [the _id, the field name]; undefined for any other stage.
 */
function countingGroup(stage: Doc | undefined): [id: unknown, field: string] | undefined {
  const group = stage?.$group;
  if (!isPlainObject(group) || Object.keys(stage as Doc).length !== 1) return undefined;
  const { _id, ...fields } = group;
  const names = Object.keys(fields);
  const id = constantOf(_id);
  if (!id || names.length !== 1) return undefined;
  const sum = fields[names[0]];
  return isPlainObject(sum) && Object.keys(sum).length === 1 && sum.$sum === 1 ? [id.value, names[0]] : undefined;
}

const aggregate: CommandHandler = (context, command) => {
  context.state.opcounters.command++;
  const { state, db } = context;
  const pipeline = docArray(command, 'pipeline');
  for (const stage of pipeline) checkStage(stage);
  const cursorSpec = optionalDoc(command, 'cursor');
  if (!cursorSpec && !command.explain)
    throw new MongoCommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  const variables = letVariables(command);

  let input: Doc[];
  let stages: Doc[];
  let ns: string;
  let collation: Collation | undefined;
  const sessionsAt = pipeline.findIndex((stage) => '$listLocalSessions' in stage);
  if (sessionsAt > 0 || (sessionsAt === 0 && command.aggregate !== 1)) {
    throw new MongoCommandError('Location40602', '$listLocalSessions is only valid as the first stage in a pipeline on a database');
  }
  if (command.aggregate === 1) {
    ns = `${db}.$cmd.aggregate`;
    input = sessionsAt === 0 ? listLocalSessions(pipeline[0].$listLocalSessions, state.replication.sessions) : [];
    stages = sessionsAt === 0 ? pipeline.slice(1) : pipeline;
  } else {
    const name = collectionName(command, 'aggregate');
    ns = `${db}.${name}`;
    const view = resolveView(state.catalog, db, name);
    const collection = state.catalog.collection(db, view ? view.source : name);
    collation = effectiveCollation(command.collation, collection?.options.collation);
    checkHint(collection, command.hint);
    const { filter, options, rest } = leadingSelection(view ? [...view.pipeline, ...pipeline] : pipeline);
    const counting = rest.length === 1 && !options.sort ? countingGroup(rest[0]) : undefined;
    if (counting) {
      // A count needs no documents: mongod answers it from the index too (COUNT_SCAN).
      const n = countDocuments(collection, filter, { ...options, variables, collation });
      return state.cursors.firstBatch(
        ns,
        n > 0 ? [{ _id: counting[0], [counting[1]]: n }] : [],
        cursorSpec?.batchSize as number | undefined,
      );
    }
    input = selectDocuments(collection, filter, { ...options, variables, collation });
    stages = rest;
  }
  const last = stages[stages.length - 1];
  const writer = last && ('$out' in last ? writeOut : '$merge' in last ? writeMerge : undefined);
  if (writer) stages = stages.slice(0, -1);
  const output = runStages(stages, input, context, variables, collation).map(withoutTextScore);
  if (writer && last) {
    writer(context, last, output, command.bypassDocumentValidation === true);
    return state.cursors.firstBatch(ns, [], 0, true);
  }
  return state.cursors.firstBatch(ns, output, cursorSpec?.batchSize as number | undefined);
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
