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
import { createApollo, createExecution, requestContext } from './apollo.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { readWriteCollections } from './db/collections.js';
import { directAnswers } from './execution/direct-answers.js';
import { sendBody } from './http/compressed-body.js';
import { applyCors } from './http/cors.js';
import { serveLinkedData } from './http/linked-data-routes.js';
import { publicOrigin } from './http/public-origin.js';
import { servePublicRoute } from './http/public-routes.js';
import { createWebApp } from './http/web-app.js';
import { countCommands, type RequestTrace, requestTraces } from './plugins/request-context.js';
import { writesPlainRequestLines } from './plugins/request-log.js';
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
  /** How many GraphQL requests were answered without Apollo's pipeline (src/execution/direct-answers.ts). */
  answeredDirectly(): number;
  /** Starts Apollo; call before `http.listen`. */
  start(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish, then stops Apollo. */
  stop(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** The body as text; listeners rather than an async iterator, which cost a promise per chunk and per request. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        request.off('data', onData);
        // Stop reading: the rest is not wanted, and the answer (413) goes out now.
        request.pause();
        reject(new BodyTooLarge());
      }
    };
    request.on('data', onData);
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
    // A client that goes away mid-body ends in 'aborted'/'close' without 'end'.
    request.once('close', () => {
      if (!request.complete) reject(new Error('request closed before its body was complete'));
    });
  });
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

/** Request lines gathered into one write of at least this many bytes… */
const LOG_BATCH_BYTES = 4096;
/** …or written after at most this long, so a quiet server's lines are never held back for long. */
const LOG_FLUSH_MS = 200;

/**
 * The default logger writes stdout in batches: a line written as it comes is a system call (and, on
 * a pipe, a wake-up of the reader) for every request, about as costly as one database command's
 * write; gathered, twenty lines share one, off the event loop. pino flushes what is pending when the
 * process exits, crash included; only a SIGKILL can lose the last LOG_FLUSH_MS of lines.
 */
function stdoutLogger(level: string): Logger {
  return writesPlainRequestLines(
    pino({ level }, pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS })),
  );
}

export function createServer({ config, client, logger = stdoutLogger(config.logLevel) }: ServerDeps): NewsgraphServer {
  // Every write inherits the configured write concern (majority + journal by default); reads go
  // through handles without one (see readWriteCollections).
  const collections = readWriteCollections(client, config.databaseName, config.writeConcern);
  const db = client.db(config.databaseName);
  const tracing = logger.isLevelEnabled('info');
  if (tracing) countCommands(client);
  const http = createHttpServer();
  const contextFor = requestContext(collections, config);
  const execution = createExecution(config);
  const apollo = createApollo({ config, logger, http, execution });
  const subscriptions = attachSubscriptionServer({ http, collections, admin: client.db('admin'), config, logger });
  const originOf = (request: IncomingMessage) => publicOrigin(request, config.publicUrl, request.socket.localPort);
  const webApp = createWebApp({ explorer: config.explorer });

  // Known queries are answered without Apollo's pipeline (src/execution/direct-answers.ts), only
  // while Apollo is running: before start and from stop on, Apollo's own answers apply.
  const direct = config.documentCache
    ? directAnswers({
        queries: execution.queries,
        execute: execution.execute,
        limits: config.limits,
        contextFor: (request, trace) => contextFor(request.headers.authorization, trace.requestId, originOf(request), trace),
        logger,
        slowRequestMs: config.slowRequestMs,
        publicCacheMaxAge: config.publicCacheMaxAge,
      })
    : undefined;
  let apolloRunning = false;

  // Apollo's requests are counted from the connection pool's events, attributed to their request
  // through an AsyncLocalStorage context (src/plugins/request-context.ts). While enabled, that
  // context costs a hook on every promise the process makes, for every request: so it is enabled
  // only while a request is inside Apollo, and only when the request line that reports it is written.
  let tracedInFlight = 0;
  const traced = async <T>(trace: RequestTrace, work: () => Promise<T>): Promise<T> => {
    if (!tracing) return work();
    tracedInFlight++;
    try {
      return await requestTraces.run(trace, work);
    } finally {
      if (--tracedInFlight === 0) requestTraces.disable();
    }
  };

  const handleGraphQL = async (request: IncomingMessage, response: ServerResponse, search: string, trace: RequestTrace) => {
    const { requestId } = trace;
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
    let carrying: Context | undefined;
    if (direct && apolloRunning && request.method === 'POST') {
      const outcome = await direct.answer(request, response, body, trace);
      if (outcome.answered) return;
      carrying = outcome.carrying;
    }
    const headers = new HeaderMap();
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await traced(trace, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search, body },
        context: async () => carrying ?? contextFor(request.headers.authorization, requestId, originOf(request)),
      }),
    );
    if (direct && request.method === 'POST' && (result.status ?? 200) === 200)
      direct.learnContentType(request.headers.accept, result.headers.get('content-type'));
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

  const route = async (request: IncomingMessage, response: ServerResponse, trace: RequestTrace) => {
    if (applyCors(request, response, config.corsOrigins)) return;
    // Most requests are POSTs to exactly /graphql, which no route before the API's claims: they go
    // there without parsing the address (a URL costs about 9 µs, near 1 % of an article's request).
    if (request.method === 'POST' && request.url === '/graphql') return handleGraphQL(request, response, '', trace);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      try {
        await db.command({ ping: 1 }, { timeoutMS: 1000 });
        return sendJson(response, 200, { status: 'ready' });
      } catch {
        return sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
      }
    }
    // Only GET and HEAD have public routes: a POST (every mutation and most queries) skips the await.
    if ((request.method === 'GET' || request.method === 'HEAD') && (await servePublicRoute(request, response, url, config))) return;
    if (url.pathname === '/graphql') return handleGraphQL(request, response, url.search, trace);
    if (await serveLinkedData(collections.reads, request, response, url, originOf(request))) return;
    // The reader app: / and any page address a browser asks for (after the API's own routes).
    if (webApp.handle(request, response, url)) return;
    if (url.pathname === '/') return handleGraphQL(request, response, url.search, trace);
    return sendJson(response, 404, { error: 'Not found' });
  };

  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = requestIdOf(request);
    response.setHeader('x-request-id', requestId);
    const trace: RequestTrace = { requestId, databaseCommands: 0, started: process.hrtime.bigint() };
    route(request, response, trace).catch((error: unknown) => {
      logger.error({ requestId, err: error }, 'request failed outside GraphQL');
      if (!response.headersSent)
        sendJson(response, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
        });
      else response.destroy();
    });
  });

  return {
    http,
    apollo,
    subscriptions,
    webAppBuilt: webApp.built,
    answeredDirectly: () => direct?.answered ?? 0,
    start: async () => {
      await apollo.start();
      apolloRunning = true;
    },
    // WebSocket clients first get 1001 (going away) and reconnect elsewhere; then HTTP drains.
    stop: async () => {
      apolloRunning = false;
      await subscriptions.dispose();
      await apollo.stop();
    },
  };
}
