/**
 * One error convention: `GraphQLError` with `extensions.code`. Resolvers throw through these
 * helpers; `formatError` is the single place where unexpected errors are masked, so driver messages,
 * index names and stack traces never reach a client in production.
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) } });
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
/** Codes Apollo Server itself assigns to request errors, which are safe to show as they are. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof Error &&
    /MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoTopologyClosedError|MongoNotConnectedError/.test(error.name)
  );
}

/**
 * graphql-js and Apollo each wrap a thrown error in a GraphQLError, and a test runner may load two
 * copies of graphql, so the chain is followed by its `originalError` links, not by `instanceof`.
 */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== null && e !== undefined && chain.length < 10; e = (e as { originalError?: unknown }).originalError)
    chain.push(e);
  return chain;
}

function rootCause(error: unknown): unknown {
  const chain = causeChain(error);
  return chain[chain.length - 1];
}

function causedByBadInput(error: unknown): boolean {
  return causeChain(error).some((e) => (e as { extensions?: { code?: unknown } }).extensions?.code === ErrorCode.BAD_USER_INPUT);
}

/** graphql-js's "Did you mean …?" hints reveal the schema; production strips them. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/, '');
}

/** graphql-js's messages for a literal that does not fit its type (`first: 1e20`, an unknown enum value…). */
const LITERAL_COERCION =
  /^(Int|Float|String|Boolean|ID) cannot represent|^Expected value of type |^Value ".*" does not exist in ".*" enum\./;

/**
 * The code of an error the client caused, when its raiser gave none: Apollo marks some request
 * errors (a persisted-query hash that does not match, an unsupported persisted-query version) only
 * with a 4xx HTTP status; a literal of the wrong type is reported as a validation failure, although
 * the same value in a variable is BAD_USER_INPUT. Undefined for everything else.
 */
export function clientErrorCode(error: unknown, code: unknown): string | undefined {
  if (code === 'GRAPHQL_VALIDATION_FAILED')
    return causeChain(error).some((e) => e instanceof Error && LITERAL_COERCION.test(e.message)) ? ErrorCode.BAD_USER_INPUT : undefined;
  if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) return undefined;
  const status = causeChain(error)
    .map((e) => (e as { extensions?: { http?: { status?: unknown } } }).extensions?.http?.status)
    .find((s) => typeof s === 'number');
  return typeof status === 'number' && status >= 400 && status < 500 ? 'BAD_REQUEST' : undefined;
}

/** True for errors the client caused: they are answered as such and never logged at error level. */
export function isClientError(error: unknown): boolean {
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  if (clientErrorCode(error, code) !== undefined) return true;
  return typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, options: { maskInternal: boolean }): GraphQLFormattedError {
  const original = rootCause(error);
  let code = formatted.extensions?.code;
  const clientCode = clientErrorCode(error, (error as { extensions?: { code?: unknown } }).extensions?.code ?? code);
  if (clientCode !== undefined) {
    code = clientCode;
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  // A scalar literal that fails to parse (a bad Date in the query text) surfaces as a validation
  // error; report it as bad input, the same as the same value passed in a variable.
  if (code !== ErrorCode.BAD_USER_INPUT && causedByBadInput(error)) {
    code = ErrorCode.BAD_USER_INPUT;
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  if (isDatabaseUnavailable(original)) {
    return {
      message: 'The database is unavailable; try again shortly.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
    };
  }
  if (typeof code === 'string' && (KNOWN_CODES.has(code) || APOLLO_REQUEST_CODES.has(code)) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    if (!options.maskInternal) return formatted;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: withoutSuggestions(formatted.message), extensions };
  }
  if (!options.maskInternal) return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
