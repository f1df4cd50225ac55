/**
 * explain for find, count and aggregate: reports the plan the query planner chose, in the shape of
 * mongod's queryPlanner section (an IXSCAN under a FETCH when an index is used, else COLLSCAN).
 */
import { type Doc, isPlainObject, parseSortSpec } from '../bson-values.js';
import { effectiveCollation } from '../collation.js';
import { MongoCommandError } from '../errors.js';
import { plan } from '../query-planner.js';
import type { CommandHandler } from '../server-state.js';

function filterOf(command: Doc): { collection: string; filter: Doc; sort: Doc | undefined } {
  if (typeof command.find === 'string')
    return { collection: command.find, filter: (command.filter as Doc) ?? {}, sort: command.sort as Doc | undefined };
  if (typeof command.count === 'string') return { collection: command.count, filter: (command.query as Doc) ?? {}, sort: undefined };
  if (typeof command.aggregate === 'string' && Array.isArray(command.pipeline)) {
    const [first, second] = command.pipeline as Doc[];
    const filter = first && isPlainObject(first.$match) ? (first.$match as Doc) : {};
    const sort = second && isPlainObject(second.$sort) ? (second.$sort as Doc) : undefined;
    return { collection: command.aggregate, filter, sort };
  }
  throw new MongoCommandError('BadValue', 'explain supports find, count and aggregate');
}

const explain: CommandHandler = ({ state, db }, command) => {
  if (!isPlainObject(command.explain)) throw new MongoCommandError('BadValue', 'explain needs a command document');
  const { collection: name, filter, sort } = filterOf(command.explain);
  const collection = state.catalog.collection(db, name);
  const collation = collection ? effectiveCollation(command.explain.collation, collection.options.collation) : undefined;
  const chosen = collection && !('$text' in filter) ? plan(collection, filter, parseSortSpec(sort), collation?.key) : undefined;
  const index = chosen?.index ? collection?.indexes.find((i) => i.name === chosen.index) : undefined;
  const winningPlan = index
    ? { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: index.name, keyPattern: index.spec.key, isMultiKey: index.multikey } }
    : { stage: 'COLLSCAN' };
  return { queryPlanner: { namespace: `${db}.${name}`, parsedQuery: filter, winningPlan, rejectedPlans: [] }, ok: 1 };
};

export const explainCommands: Record<string, CommandHandler> = { explain };
