/**
 * Rejects operations too deep, too wide or too costly before they execute, so a hostile query costs
 * no database command at all. Defaults follow graphql-armor's (depth 6, aliases 15, directives 50,
 * cost 5000); the token limit (1000) is enforced by the parser itself (Apollo's `parseOptions`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, type OperationDefinitionNode } from 'graphql';
import { measure } from './query-shape.js';

export interface QueryLimits {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  tokens: number;
}

export const DEFAULT_LIMITS: QueryLimits = { depth: 6, aliases: 15, directives: 50, cost: 5000, tokens: 1000 };

export function rejection(limit: keyof QueryLimits, actual: number, max: number): GraphQLError {
  return new GraphQLError(`Query ${limit} ${actual} exceeds the limit of ${max}`, {
    extensions: { code: 'BAD_USER_INPUT', limit, actual, max, http: { status: 400 } },
  });
}

/** The first limit the operation exceeds with these variables, as [limit, actual, max]; undefined within all. */
export function exceededLimit(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): [keyof QueryLimits, number, number] | undefined {
  const shape = measure(document, operation, variables);
  for (const limit of ['depth', 'aliases', 'directives', 'cost'] as const) {
    if (shape[limit] > limits[limit]) return [limit, shape[limit], limits[limit]];
  }
  return undefined;
}

export function queryLimitsPlugin<TContext extends object>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const exceeded = exceededLimit(document, operation, request.variables ?? {}, limits);
          if (exceeded) throw rejection(...exceeded);
        },
      };
    },
  };
}
