/**
 * The one place mingo is configured. CLONE_INPUT is mandatory: without it `$set`/`$unset` stages
 * on dotted paths mutate the stored documents themselves. Scripts (`$where`, `$function`) stay off,
 * as on a hardened mongod.
 *
 * Callers use mingo's base `Query` and `Aggregator` ('mingo/query', 'mingo/aggregator') with the
 * context below, built once. The package's main entry merges its operator tables with any given
 * context on every construction — hundreds of entries copied per query, which was a fifth of the
 * database's CPU on newsgraph's article page.
 */
import { Context, ProcessingMode } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import { $type } from './bson-type-operator.js';
import type { Doc } from './bson-values.js';
import { COLLATED_QUERY_OPERATORS } from './collated-comparisons.js';
import { $jsonSchema } from './json-schema.js';
import { NUMERIC_QUERY_OPERATORS } from './numeric-comparisons.js';

/** mingo's query operators, with BSON-aware `$type`, numeric and collated comparisons (see the files imported above). */
const QUERY = { ...query, $type, $jsonSchema, ...NUMERIC_QUERY_OPERATORS, ...COLLATED_QUERY_OPERATORS };
const OPERATORS = Context.init({ accumulator, expression, pipeline, projection, query: QUERY, window } as never);

/**
 * Filters need only the query operators, unless they evaluate expressions; mingo copies the
 * context's tables into every query it builds, so a small one is cheaper.
 */
const QUERY_OPERATORS = Context.init({ query: QUERY } as never);
const EXPRESSION_KEYS = new Set(['$expr', '$where', '$function', '$jsonSchema']);

function evaluatesExpressions(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(evaluatesExpressions);
  if (value === null || typeof value !== 'object' || '_bsontype' in value || value instanceof Date || value instanceof RegExp) return false;
  for (const [key, inner] of Object.entries(value)) if (EXPRESSION_KEYS.has(key) || evaluatesExpressions(inner)) return true;
  return false;
}

/** Options for compiling a query filter. */
export function filterOptions(filter: Doc, variables?: Doc, collation?: Doc): Partial<Options> {
  const options = mingoOptions({ variables, collation });
  return evaluatesExpressions(filter) ? options : { ...options, context: QUERY_OPERATORS };
}

export function mingoOptions(
  extra: { resolveCollection?: (name: string) => Doc[]; variables?: Doc; cloneInput?: boolean; collation?: Doc } = {},
): Partial<Options> {
  return {
    idKey: '_id',
    processingMode: extra.cloneInput === false ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
    scriptEnabled: false,
    useStrictMode: true,
    context: OPERATORS,
    ...(extra.resolveCollection ? { collectionResolver: extra.resolveCollection } : {}),
    ...(extra.variables ? { variables: extra.variables } : {}),
    ...(extra.collation ? { collation: extra.collation as unknown as Options['collation'] } : {}),
  };
}
