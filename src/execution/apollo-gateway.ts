/**
 * Plugs an executor into Apollo Server. Apollo's only seam for replacing graphql-js's `execute` is
 * its gateway interface: a gateway supplies the schema once and then executes every operation Apollo
 * has parsed, validated and passed through its plugins. Nothing federated happens here; the schema
 * is newsgraph's own, and Apollo keeps everything around execution (document cache, validation,
 * limits, CSRF, plugins, error formatting, HTTP).
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Executor } from './compiled-execution.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

export function executorGateway(schema: GraphQLSchema, executor: Executor): Gateway {
  return {
    onSchemaLoadOrUpdate(callback) {
      // The schema never changes after start; no SDL is reported anywhere.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: (request) =>
          executor({
            document: request.document,
            operation: request.operation,
            operationName: request.request.operationName,
            variables: request.request.variables,
            contextValue: request.context,
          }),
      };
    },
    async stop() {},
  };
}
