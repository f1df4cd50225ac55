/**
 * Builds the HTTP server — GraphQL at /graphql (POST and GET), /healthz, /readyz — around Apollo
 * Server, without listening. Apollo is driven through `executeHTTPGraphQLRequest` on node:http
 * directly: no web framework sits between the socket and GraphQL.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import type { MongoClient } from 'mongodb';
import pino, { type Logger } from 'pino';
import { createApollo, requestContext } from './apollo.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { readWriteCollections } from './db/collections.js';
import { sendBody } from './http/compressed-body.js';
import { applyCors } from './http/cors.js';
import { serveLinkedData } from './http/linked-data-routes.js';
import { publicOrigin } from './http/public-origin.js';
import { servePublicRoute } from './http/public-routes.js';
import { createWebApp } from './http/web-app.js';
import { countCommands, requestTraces } from './plugins/request-context.js';
import { attachSubscriptionServer, type SubscriptionServer } from './subscriptions/websocket-server.js';

export type ServerConfig = Pick<
  Config,
  | 'production'
  | 'databaseName'
  | 'bodyLimitBytes'
  | 'apiKeys'
  | 'jwtSecret'
  | 'writeConcern'
  | 'limits'
  | 'introspection'
  | 'corsOrigins'
  | 'logLevel'
  | 'slowRequestMs'
  | 'batching'
  | 'documentCache'
  | 'compiledExecution'
  | 'projections'
  | 'publicCacheMaxAge'
  | 'sandboxTelemetry'
  | 'subscriptions'
  | 'publicUrl'
  | 'explorer'
>;

export interface ServerDeps {
  config: ServerConfig;
  client: MongoClient;
  logger?: Logger;
}

export interface NewsgraphServer {
  http: Server;
  /** Whether the reader app (web/dist) is built and served at /. */
  webAppBuilt: boolean;
  apollo: ApolloServer<Context>;
  /** GraphQL over WebSocket on the same port and path (src/subscriptions/). */
  subscriptions: SubscriptionServer;
  /** Starts Apollo; call before `http.listen`. */
  start(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish, then stops Apollo. */
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
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

const requestError = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });

/** A client-supplied request id is echoed only if it is short and plain; otherwise we make one. */
function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export function createServer({ config, client, logger = pino({ level: config.logLevel }) }: ServerDeps): NewsgraphServer {
  // Every write inherits the configured write concern (majority + journal by default); reads go
  // through handles without one (see readWriteCollections).
  const collections = readWriteCollections(client, config.databaseName, config.writeConcern);
  const db = client.db(config.databaseName);
  const tracing = logger.isLevelEnabled('info');
  if (tracing) countCommands(client);
  const http = createHttpServer();
  const contextFor = requestContext(collections, config);
  const apollo = createApollo({ config, logger, http });
  const subscriptions = attachSubscriptionServer({ http, collections, admin: client.db('admin'), config, logger });
  const originOf = (request: IncomingMessage) => publicOrigin(request, config.publicUrl, request.socket.localPort);
  const webApp = createWebApp({ explorer: config.explorer });

  const handleGraphQL = async (request: IncomingMessage, response: ServerResponse, url: URL, requestId: string) => {
    let body: unknown;
    if (request.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(request, config.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendJson(response, 413, requestError('Request body too large'));
        // Nobody is left to answer: the client's own doing, so not an error of ours.
        if (request.destroyed) {
          logger.debug({ requestId, err: error }, 'client went away before sending its whole body');
          return;
        }
        throw error;
      }
      const isJson = (request.headers['content-type'] ?? '').toLowerCase().includes('json');
      if (raw.length > 0 && isJson) {
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(response, 400, requestError('Request body is not valid JSON'));
        }
      } else body = raw;
    }
    const headers = new HeaderMap();
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => contextFor(request.headers.authorization, requestId, originOf(request)),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      // Anonymous GETs are the cacheable answers (queries only: Apollo refuses mutations over GET).
      const cacheable = request.method === 'GET' && request.headers.authorization === undefined;
      return sendBody(request, response, result.body.string, { cacheable });
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  const route = async (request: IncomingMessage, response: ServerResponse, requestId: string) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (applyCors(request, response, config.corsOrigins)) return;
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      try {
        await db.command({ ping: 1 }, { timeoutMS: 1000 });
        return sendJson(response, 200, { status: 'ready' });
      } catch {
        return sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
      }
    }
    if (await servePublicRoute(request, response, url, config)) return;
    if (url.pathname === '/graphql') return handleGraphQL(request, response, url, requestId);
    if (await serveLinkedData(collections.reads, request, response, url, originOf(request))) return;
    // The reader app: / and any page address a browser asks for (after the API's own routes).
    if (webApp.handle(request, response, url)) return;
    if (url.pathname === '/') return handleGraphQL(request, response, url, requestId);
    return sendJson(response, 404, { error: 'Not found' });
  };

  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = requestIdOf(request);
    response.setHeader('x-request-id', requestId);
    const handle = () =>
      route(request, response, requestId).catch((error: unknown) => {
        logger.error({ requestId, err: error }, 'request failed outside GraphQL');
        if (!response.headersSent)
          sendJson(response, 500, {
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
          });
        else response.destroy();
      });
    // Attributing database commands to requests costs an AsyncLocalStorage context on every promise;
    // only pay it when the per-request log line that reports them is written.
    if (tracing) requestTraces.run({ requestId, databaseCommands: 0 }, handle);
    else void handle();
  });

  return {
    http,
    apollo,
    subscriptions,
    webAppBuilt: webApp.built,
    start: () => apollo.start(),
    // WebSocket clients first get 1001 (going away) and reconnect elsewhere; then HTTP drains.
    stop: async () => {
      await subscriptions.dispose();
      await apollo.stop();
    },
  };
}
