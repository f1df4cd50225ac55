/**
 * Builds the HTTP server — GraphQL at /graphql (POST and GET), /healthz, /readyz — around Apollo
 * Server, without listening. Apollo is driven through `executeHTTPGraphQLRequest` on node:http
 * directly: no web framework sits between the socket and GraphQL.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { MongoClient } from 'mongodb';
import { authenticate } from './auth/authenticate.js';
import type { Config } from './config.js';
import { type Context, makeContext } from './context.js';
import { collections as collectionsOf } from './db/collections.js';
import { formatError } from './errors.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { resolvers } from './resolvers/index.js';
import { typeDefs } from './schema.js';

export interface ServerDeps {
  config: Pick<Config, 'production' | 'databaseName' | 'bodyLimitBytes' | 'apiKeys' | 'jwtSecret' | 'writeConcern'>;
  client: MongoClient;
}

export interface NewsgraphServer {
  http: Server;
  apollo: ApolloServer<Context>;
  /** Starts Apollo; call before `http.listen`. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export function createServer({ config, client }: ServerDeps): NewsgraphServer {
  // Every write inherits the configured write concern (majority + journal by default).
  const db = client.db(config.databaseName, { writeConcern: config.writeConcern });
  const collections = collectionsOf(db);
  const http = createHttpServer();
  const apollo = new ApolloServer<Context>({
    typeDefs,
    resolvers,
    introspection: true,
    includeStacktraceInErrorResponses: !config.production,
    formatError: (formatted, error) => formatError(formatted, error, { maskInternal: config.production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, document: EXAMPLE_QUERY, footer: false }),
    ],
  });

  const handleGraphQL = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    let body: unknown;
    if (request.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(request, config.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge)
          return sendJson(response, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST' } }] });
        throw error;
      }
      const isJson = (request.headers['content-type'] ?? '').toLowerCase().includes('json');
      if (raw.length > 0 && isJson) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else body = raw;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: async () => makeContext(collections, await authenticate(request.headers.authorization, config)),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = async () => {
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        try {
          await db.command({ ping: 1 }, { timeoutMS: 2000 });
          return sendJson(response, 200, { status: 'ready' });
        } catch {
          return sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
        }
      }
      if (url.pathname === '/graphql' || url.pathname === '/') return handleGraphQL(request, response, url);
      return sendJson(response, 404, { error: 'Not found' });
    };
    route().catch(() => {
      if (!response.headersSent)
        sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.destroy();
    });
  });

  return {
    http,
    apollo,
    start: () => apollo.start(),
    async stop() {
      await apollo.stop();
    },
  };
}
