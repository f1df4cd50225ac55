/**
 * Query execution compiled by graphql-jit, with graphql-js as the reference and fallback.
 *
 * graphql-js interprets a document anew for every request: it collects fields, looks up resolvers
 * and coerces arguments field by field, and wraps every value in its own promise bookkeeping.
 * graphql-jit turns a validated document into a JavaScript function once; Apollo Server's document
 * store hands back the same DocumentNode for a repeated query, so the compiled function is kept
 * beside it (a WeakMap: it goes when Apollo evicts the document).
 *
 * It is the default executor (NEWSGRAPH_BENCH_INTERPRETED=true runs graphql-js, for the benchmark's
 * comparison). Measured first behind Apollo's whole pipeline it saved nothing; once known queries
 * were answered without that pipeline (direct-answers.ts), it saved 13 % of the article reader's
 * server CPU and 5 % of the people page's (BENCHMARKS.md, 2026-12-06).
 *
 * Only queries are compiled. Mutations (whose fields must run one after another) and any document
 * graphql-jit cannot compile run through graphql-js. Variables graphql-jit refuses are refused by
 * graphql-js too, and its error (the message clients see today) is the one returned: no resolver has
 * run at that point, so running graphql-js after graphql-jit costs nothing but time. Everything else
 * (errors, nulls, abstract types, custom scalars) is graphql-jit's own, and
 * tests/api/compiled-execution.test.ts runs every README example and benchmark query through both
 * executors and compares the results.
 */
import {
  type DocumentNode,
  defaultFieldResolver,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  isObjectType,
  type OperationDefinitionNode,
  type SourceLocation,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

export interface Operation {
  document: DocumentNode;
  /** The operation Apollo resolved from the document and the request's operation name, if any. */
  operation: OperationDefinitionNode | undefined;
  /** As the request gave it (graphql-js words a missing or unknown one in its errors). */
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  contextValue: unknown;
}

export type Executor = (operation: Operation) => Promise<ExecutionResult>;

/** graphql-js, as Apollo Server runs it when no executor is given. */
export function interpretedExecutor(schema: GraphQLSchema): Executor {
  return async ({ document, operationName, variables, contextValue }) =>
    execute({ schema, document, operationName, variableValues: variables, contextValue });
}

/**
 * Compiles each (document, operation) pair once; queries run compiled, the rest through graphql-js.
 * The schema's fields without a resolver get graphql-js's default one (see `resolvingThunks`).
 */
export function compiledExecutor(schema: GraphQLSchema): Executor {
  resolvingThunks(schema);
  const interpreted = interpretedExecutor(schema);
  /** Per document, per operation name ('' for an anonymous one): the compiled query, or null to interpret. */
  const compiledByDocument = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode): CompiledQuery | null => {
    let byOperation = compiledByDocument.get(document);
    if (!byOperation) {
      byOperation = new Map();
      compiledByDocument.set(document, byOperation);
    }
    const name = operation.name?.value ?? '';
    let compiled = byOperation.get(name);
    if (compiled === undefined) {
      compiled = compile(schema, document, operation.name?.value);
      byOperation.set(name, compiled);
    }
    return compiled;
  };

  return async (request) => {
    const { document, operation, variables, contextValue } = request;
    if (operation?.operation !== 'query') return interpreted(request);
    const compiled = compiledFor(document, operation);
    if (!compiled) return interpreted(request);
    const result = await compiled.query(undefined, contextValue, variables ?? {});
    if (!result.errors?.length) return result;
    // No data at all means the variables were refused before anything ran: graphql-js words it.
    if (result.data === undefined) return interpreted(request);
    return { ...result, errors: result.errors.map((error) => asGraphQLError(error, document)) };
  };
}

/**
 * graphql-jit reports a field's error with a lighter object than graphql-js's GraphQLError (no
 * `extensions` unless the thrown error had some, no source positions); Apollo and our error
 * formatting expect graphql-js's. The same error built by graphql-js: message, path, the thrown
 * error as `originalError` (its extensions with it) and the field's position in the document.
 */
function asGraphQLError(error: GraphQLError, document: DocumentNode): GraphQLError {
  const source = document.loc?.source;
  const positions = source && error.locations ? error.locations.map((location) => offsetOf(source.body, location)) : undefined;
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** The character offset of a 1-based line and column, counting line breaks as graphql-js does. */
function offsetOf(body: string, { line, column }: SourceLocation): number {
  let offset = 0;
  for (let at = 1; at < line; at++) {
    const next = body.slice(offset).search(/\r\n|[\n\r]/);
    if (next < 0) break;
    offset += next + (body.startsWith('\r\n', offset + next) ? 2 : 1);
  }
  return offset + column - 1;
}

/**
 * The fields whose values newsgraph hands to GraphQL as thunks, called only when a client selects
 * them: a connection counts on demand (`totalCount` in repositories/connection.ts, search.ts and
 * timeline/timeline.ts). tests/api/thunk-fields.test.ts checks that no other field holds a function.
 */
export const THUNK_FIELDS: ReadonlySet<string> = new Set(['totalCount']);

/**
 * graphql-js's default resolver calls a property that holds a function; graphql-jit reads a field
 * without a resolver as a plain property. The thunk fields get graphql-js's default resolver, which
 * keeps graphql-js's meaning there (for graphql-js itself nothing changes: it is the resolver it
 * uses when there is none). Every other field is left to graphql-jit's plain read: a resolver call
 * per field (the article reader has about a hundred: each paragraph's and each statement's) is
 * work saved, though over HTTP the saving was within the machine's noise (BENCHMARKS.md, session 14).
 */
function resolvingThunks(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) if (THUNK_FIELDS.has(field.name)) field.resolve ??= defaultFieldResolver;
  }
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName);
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    // A construct graphql-jit does not support: graphql-js runs it.
    return null;
  }
}
