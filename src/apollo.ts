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
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
import type { Config } from './config.js';
import { type Context, makeContext } from './context.js';
import type { ReadWriteCollections } from './db/collections.js';
import { formatError } from './errors.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { executorGateway } from './execution/apollo-gateway.js';
import { compiledExecutor } from './execution/compiled-execution.js';
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

export function createApollo({ config, logger, http }: { config: ApolloConfig; logger: Logger; http: Server }): ApolloServer<Context> {
  // Compiled queries need a cached document to be worth compiling (the compiled form lives beside it).
  const compiled = config.compiledExecution && config.documentCache;
  const schema = compiled ? makeExecutableSchema({ typeDefs, resolvers }) : undefined;
  return new ApolloServer<Context>({
    ...(schema ? { gateway: executorGateway(schema, compiledExecutor(schema)) } : { typeDefs, resolvers }),
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
    ],
  });
}

/** Builds a request's context from its Authorization header: the caller, fresh loaders, the request id. */
export function requestContext(collections: ReadWriteCollections, config: ApolloConfig) {
  return async (authorization: string | undefined, requestId: string, origin?: string): Promise<Context> =>
    makeContext(collections, {
      origin,
      viewer: await authenticate(authorization, config),
      requestId,
      batching: config.batching,
      projections: config.projections,
    });
}
