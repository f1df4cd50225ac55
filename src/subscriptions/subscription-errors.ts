/**
 * The errors and close codes particular to subscriptions. Protocol violations use graphql-ws's own
 * codes (4400 bad request, 4403 forbidden, 4406 subprotocol, 4408 init timeout, 4409 duplicate id,
 * 4429 repeated init); the two below are WebSocket's standard ones for what the protocol leaves open.
 */
import { GraphQLError } from 'graphql';

export const SUBSCRIPTIONS_UNAVAILABLE = 'SUBSCRIPTIONS_UNAVAILABLE';
export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';
/** Codes of errors written for clients here, shown as they are (formatError would mask unknown codes). */
export const SUBSCRIPTION_ERROR_CODES: ReadonlySet<unknown> = new Set([SUBSCRIPTIONS_UNAVAILABLE, TOO_MANY_SUBSCRIPTIONS]);

export const CloseCodes = {
  /** RFC 6455 "going away": the server is shutting down; reconnect (to another instance). */
  GoingAway: 1001,
  /** RFC 6455 "policy violation": the client did not read its events fast enough. */
  SlowConsumer: 1008,
} as const;

export function subscriptionsUnavailable(): GraphQLError {
  return new GraphQLError(
    'Subscriptions need MongoDB change streams, which this deployment does not have: it is a standalone server. ' +
      'Run MongoDB as a replica set (a single node is enough) or a sharded cluster.',
    { extensions: { code: SUBSCRIPTIONS_UNAVAILABLE } },
  );
}

export function tooManySubscriptions(max: number): GraphQLError {
  return new GraphQLError(`This connection already has ${max} subscriptions, the most allowed; complete one first`, {
    extensions: { code: TOO_MANY_SUBSCRIPTIONS, max },
  });
}

/** Parse and validation errors carry the codes Apollo gives them over HTTP. */
export function withCode(errors: readonly GraphQLError[], code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        originalError: error.originalError,
        extensions: { ...error.extensions, code },
      }),
  );
}
