/** Reads: find (with cursors), getMore, killCursors, count and distinct. */
import { Long } from 'bson';
import { compareValues, type Doc, parseSortSpec, pathValues } from '../bson-values.js';
import { effectiveCollation, parseCollation } from '../collation.js';
import { collectionName, nonNegative, optionalDoc, optionalNumber } from '../command-args.js';
import { applyMinMax, checkFindOptions, checkHint } from '../command-options.js';
import { MongoCommandError } from '../errors.js';
import { letVariables } from '../let-variables.js';
import { project } from '../projection.js';
import { countDocuments, selectDocuments } from '../select.js';
import type { CommandContext, CommandHandler } from '../server-state.js';
import { resolveView } from '../views.js';
import { runOnCollection } from './aggregate.js';

/**
 * A read of a view: its pipeline, then the read's own `$match` (and any stages given), run as an
 * aggregation over the collection the view is defined on; undefined when `name` is not a view.
 */
function readView(context: CommandContext, command: Doc, name: string, filter: Doc, stages: () => Doc[] = () => []): Doc[] | undefined {
  if (!resolveView(context.state.catalog, context.db, name)) return undefined;
  const pipeline = [...(Object.keys(filter).length > 0 ? [{ $match: filter }] : []), ...stages()];
  return runOnCollection(name, pipeline, context, letVariables(command), parseCollation(command.collation));
}

const find: CommandHandler = (context, command) => {
  const { state, db } = context;
  state.opcounters.query++;
  const name = collectionName(command, 'find');
  const filter = optionalDoc(command, 'filter') ?? {};
  const limit = optionalNumber(command, 'limit');
  const batchSize = nonNegative(command, 'batchSize');
  const singleBatch = command.singleBatch === true || (limit !== undefined && limit < 0);
  const sort = optionalDoc(command, 'sort');
  const skip = nonNegative(command, 'skip');
  checkFindOptions(command);
  const noTimeout = command.noCursorTimeout === true;
  const viewed = readView(context, command, name, filter, () => [
    ...(sort && Object.keys(sort).length > 0 ? [{ $sort: sort }] : []),
    ...(skip ? [{ $skip: skip }] : []),
    ...(limit ? [{ $limit: Math.abs(limit) }] : []),
  ]);
  if (viewed) {
    return state.cursors.firstBatch(
      `${db}.${name}`,
      project(viewed, optionalDoc(command, 'projection')),
      batchSize,
      singleBatch,
      noTimeout,
    );
  }
  const collection = state.catalog.collection(db, name);
  const hinted = checkHint(collection, command.hint);
  const bounded = command.min !== undefined || command.max !== undefined;
  const selectOptions = {
    sort: parseSortSpec(sort),
    skip: bounded ? undefined : skip,
    limit: bounded || limit === undefined ? undefined : Math.abs(limit),
    variables: letVariables(command),
    collation: effectiveCollation(command.collation, collection?.options.collation),
  };
  let docs = selectDocuments(collection, filter, selectOptions);
  if (bounded) {
    docs = applyMinMax(docs, command, hinted).slice(skip ?? 0);
    if (limit) docs = docs.slice(0, Math.abs(limit));
  }
  const projected = project(docs, optionalDoc(command, 'projection'));
  return state.cursors.firstBatch(`${db}.${name}`, projected, batchSize, singleBatch, noTimeout);
};

const getMore: CommandHandler = ({ state }, command) => {
  state.opcounters.getmore++;
  const id = command.getMore;
  if (typeof id !== 'number' && !(id instanceof Long)) {
    throw new MongoCommandError('TypeMismatch', "Field 'getMore' must be of type long");
  }
  return state.cursors.getMore(Long.fromValue(id as Long), String(command.collection ?? ''), nonNegative(command, 'batchSize'));
};

const killCursors: CommandHandler = ({ state }, command) => {
  const ids = Array.isArray(command.cursors) ? (command.cursors as Long[]) : [];
  return state.cursors.kill(ids);
};

const count: CommandHandler = (context, command) => {
  const { state, db } = context;
  const name = collectionName(command, 'count');
  const collection = state.catalog.collection(db, name);
  const query = optionalDoc(command, 'query') ?? {};
  const skip = nonNegative(command, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0);
  checkHint(collection, command.hint);
  const viewed = readView(context, command, name, query);
  if (viewed) {
    const n = Math.max(0, viewed.length - skip);
    return { n: limit ? Math.min(n, limit) : n, ok: 1 };
  }
  const collation = effectiveCollation(command.collation, collection?.options.collation);
  return { n: countDocuments(collection, query, { skip, limit, collation }), ok: 1 };
};

const distinct: CommandHandler = (context, command) => {
  const { state, db } = context;
  const name = collectionName(command, 'distinct');
  if (typeof command.key !== 'string') throw new MongoCommandError('TypeMismatch', "BSON field 'distinct.key' is missing or not a string");
  const collection = state.catalog.collection(db, name);
  const collation = effectiveCollation(command.collation, collection?.options.collation);
  const query = optionalDoc(command, 'query') ?? {};
  const docs = readView(context, command, name, query) ?? selectDocuments(collection, query, { collation });
  const strings = collation?.compareStrings;
  const values: unknown[] = [];
  for (const doc of docs) {
    for (const value of pathValues(doc, command.key)) {
      if (Array.isArray(value) && value.length === 0) continue;
      values.push(value);
    }
  }
  // Values equal under the collation count once (mongod keeps the first it meets).
  values.sort((a, b) => compareValues(a, b, strings));
  const unique = values.filter((value, i) => i === 0 || compareValues(values[i - 1], value, strings) !== 0);
  return { values: unique, ok: 1 };
};

export const findCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct };

export type { Doc };
