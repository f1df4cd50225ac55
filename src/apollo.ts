/**
 * The Apollo Server newsgraph runs — schema, error formatting, limits and plugins — and the
 * per-request context, apart from the HTTP layer that drives them (src/server.ts uses node:http;
 * bench/http-integration-server.ts drives the same server through Express 5 and Fastify to compare).
 */
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
import type { Viewer } from './auth/viewer.js';
import type { Config } from './config.js';
import { type Context, makeContext } from './context.js';
import type { ReadWriteCollections } from './db/collections.js';
import { type CommandCount, countedCollections } from './db/counted-collections.js';
import { formatError } from './errors.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { executorGateway } from './execution/apollo-gateway.js';
import { compiledExecutor, type Executor, interpretedExecutor } from './execution/compiled-execution.js';
import { KnownQueries } from './execution/known-queries.js';
import { replayingExecutor } from './execution/replayed-results.js';
import { queryLimitsPlugin } from './limits/query-limits.js';
import { asTokenLimitError } from './limits/token-limit.js';
import { databaseUnavailableStatusPlugin } from './plugins/http-status.js';
import { operationTransportPlugin } from './plugins/operation-transport.js';
import { publicCachePlugin } from './plugins/public-cache.js';
import { requestIdOnErrorsPlugin } from './plugins/request-id.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';

export type ApolloConfig = Pick<
  Config,
  | 'production'
  | 'introspection'
  | 'limits'
  | 'slowRequestMs'
  | 'publicCacheMaxAge'
  | 'apiKeys'
  | 'jwtSecret'
  | 'batching'
  | 'documentCache'
  | 'compiledExecution'
  | 'projections'
  | 'sandboxTelemetry'
>;

/** What executes operations: Apollo's gateway seam, and the direct answers (src/execution/direct-answers.ts). */
export interface Execution {
  schema: GraphQLSchema;
  /** graphql-jit for queries, graphql-js for the rest (compiled-execution.ts); returns a carried result first. */
  execute: Executor;
  /** The query documents Apollo has validated, for direct answers. */
  queries: KnownQueries;
}

export function createExecution(config: Pick<ApolloConfig, 'compiledExecution' | 'documentCache'>): Execution {
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  // Compiled queries need a cached document to be worth compiling (the compiled form lives beside it).
  const compiled = config.compiledExecution && config.documentCache;
  const execute = replayingExecutor(compiled ? compiledExecutor(schema) : interpretedExecutor(schema));
  return { schema, execute, queries: new KnownQueries() };
}

export function createApollo({
  config,
  logger,
  http,
  execution = createExecution(config),
}: {
  config: ApolloConfig;
  logger: Logger;
  http: Server;
  execution?: Execution;
}): ApolloServer<Context> {
  return new ApolloServer<Context>({
    gateway: executorGateway(execution.schema, execution.execute),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    parseOptions: { maxTokens: config.limits.tokens },
    // null: parse and validate every request again (the benchmark's comparison only).
    ...(config.documentCache ? {} : { documentStore: null }),
    formatError: (formatted, error) => formatError(asTokenLimitError(formatted) ?? formatted, error, { maskInternal: config.production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      // Per-field cache-policy bookkeeping wraps every resolver; we set no cache hints, so it is pure cost.
      ApolloServerPluginCacheControlDisabled(),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({
            // No Apollo telemetry from the Sandbox unless asked for (SANDBOX_TELEMETRY=true).
            embed: { runTelemetry: config.sandboxTelemetry },
            document: EXAMPLE_QUERY,
            footer: false,
          }),
      operationTransportPlugin(),
      queryLimitsPlugin(config.limits),
      databaseUnavailableStatusPlugin(),
      requestLogPlugin(logger, config.slowRequestMs),
      requestIdOnErrorsPlugin(),
      publicCachePlugin(config.publicCacheMaxAge),
      // Learns the documents direct answers may execute; off with the document cache (the benchmark's comparison).
      ...(config.documentCache ? [execution.queries.plugin<Context>()] : []),
    ],
  });
}

/**
 * Builds a request's context from its Authorization header: the caller, fresh loaders, the request id.
 * Given a `count`, its collections count the commands they send into it (src/db/counted-collections.ts).
 */
export function requestContext(collections: ReadWriteCollections, config: ApolloConfig) {
  return (authorization: string | undefined, requestId: string, origin?: string, count?: CommandCount): Promise<Context> => {
    const build = (viewer: Viewer) =>
      makeContext(count ? countedCollections(collections, count) : collections, {
        origin,
        viewer,
        requestId,
        batching: config.batching,
        projections: config.projections,
      });
    // Most readers send no credentials: their context is built at once, without waiting a turn.
    return authorization === undefined ? Promise.resolve(build({ kind: 'anonymous' })) : authenticate(authorization, config).then(build);
  };
}
