/**
 * GraphQL over WebSocket (graphql-ws's `graphql-transport-ws` protocol) on the HTTP server's own port
 * and path, `/graphql`. graphql-ws speaks the protocol — its close codes for malformed messages, a
 * missing or repeated init, a duplicate id — and this module adds newsgraph's rules: the same
 * credentials as HTTP (in `connectionParams.Authorization`), the same query limits, a cap on
 * operations per connection and connections per address, and errors formatted as HTTP formats them.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  type DocumentNode,
  type GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { Context as ProtocolContext } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { authenticate } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { makeContext } from '../context.js';
import type { ReadWriteCollections } from '../db/collections.js';
import { formatError } from '../errors.js';
import { rejection } from '../limits/query-limits.js';
import { measure } from '../limits/query-shape.js';
import { resolvers } from '../resolvers/index.js';
import { typeDefs } from '../schema.js';
import { subscribeWithEventLoaders } from './execute-each-event.js';
import { LiveEvents, type LiveEventsStats } from './live-events.js';
import { attachLiveSession } from './live-session.js';
import { CloseCodes, SUBSCRIPTION_ERROR_CODES, tooManySubscriptions, withCode } from './subscription-errors.js';

export type WebSocketConfig = Pick<
  Config,
  'production' | 'introspection' | 'limits' | 'apiKeys' | 'jwtSecret' | 'batching' | 'projections' | 'bodyLimitBytes' | 'subscriptions'
>;

export interface WebSocketDeps {
  http: HttpServer;
  collections: ReadWriteCollections;
  admin: Db;
  config: WebSocketConfig;
  logger: Logger;
}

export interface SubscriptionServer {
  stats(): LiveEventsStats & { connections: number };
  /** Closes every connection with 1001 (going away) and the change streams. */
  dispose(): Promise<void>;
}

/** Added to graphql-ws's per-connection `extra` (the socket and upgrade request): who authenticated. */
type Authenticated = { viewer: Viewer };

const WEBSOCKET_PATH = '/graphql';
const SLOW_CONSUMER_GRACE_MS = 5000;

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.Authorization ?? params?.authorization;
  return typeof value === 'string' ? value : undefined;
}

export function attachSubscriptionServer({ http, collections, admin, config, logger }: WebSocketDeps): SubscriptionServer {
  // The same SDL and resolvers Apollo serves; graphql-ws needs the executable schema itself.
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  const limits = config.subscriptions;
  const events = new LiveEvents({ reads: collections.reads, admin, queueLimit: limits.queueLimit, batching: config.batching, logger });
  const websockets = new WebSocketServer({ noServer: true, maxPayload: config.bodyLimitBytes });
  const connectionsByAddress = new Map<string, number>();
  const rules = config.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const format = (error: GraphQLError) =>
    SUBSCRIPTION_ERROR_CODES.has(error.extensions.code)
      ? error.toJSON()
      : formatError(error.toJSON(), error, { maskInternal: config.production });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== WEBSOCKET_PATH) return refuseUpgrade(socket, '404 Not Found');
    const address = request.socket.remoteAddress ?? 'unknown';
    const open = connectionsByAddress.get(address) ?? 0;
    if (open >= limits.maxConnectionsPerIp) return refuseUpgrade(socket, '429 Too Many Requests');
    connectionsByAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (connectionsByAddress.get(address) ?? 1) - 1;
      if (left > 0) connectionsByAddress.set(address, left);
      else connectionsByAddress.delete(address);
    });
    websockets.handleUpgrade(request, socket, head, (websocket) => websockets.emit('connection', websocket, request));
  });

  const protocol = useServer<Record<string, unknown>, Authenticated>(
    {
      schema,
      subscribe: subscribeWithEventLoaders,
      onConnect: async (ctx: ProtocolContext<Record<string, unknown>, Extra & Partial<Authenticated>>) => {
        const viewer = await authenticate(authorizationOf(ctx.connectionParams), config);
        if (viewer.kind === 'rejected') {
          // graphql-ws would close with a bare "Forbidden"; say why (the second close is a no-op).
          ctx.extra.socket.close(4403, `Forbidden: the Authorization in connectionParams is ${viewer.reason}`);
          return false;
        }
        ctx.extra.viewer = viewer;
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        if (Object.keys(ctx.subscriptions).length > limits.maxPerConnection) return [tooManySubscriptions(limits.maxPerConnection)];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.tokens });
        } catch (error) {
          return withCode([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return withCode(invalid, 'GRAPHQL_VALIDATION_FAILED');
        const operation = getOperationAST(document, payload.operationName);
        if (operation) {
          const shape = measure(document, operation, payload.variables ?? {});
          for (const limit of ['depth', 'aliases', 'directives', 'cost'] as const) {
            if (shape[limit] > config.limits[limit]) return [rejection(limit, shape[limit], config.limits[limit])];
          }
        }
        const { socket } = ctx.extra;
        const context = makeContext(collections, {
          viewer: ctx.extra.viewer ?? { kind: 'anonymous' },
          requestId: randomUUID(),
          batching: config.batching,
          projections: config.projections,
        });
        attachLiveSession(context, {
          events,
          cutOff: () => {
            socket.close(CloseCodes.SlowConsumer, `Slow consumer: more than ${limits.queueLimit} events were waiting to be sent`);
            // The close frame waits behind everything already buffered: a client that still reads gets
            // it; one that does not is dropped after a grace period rather than kept with its buffers.
            setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
          },
        });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: context,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    websockets,
    limits.keepAliveMs > 0 ? limits.keepAliveMs : Number.POSITIVE_INFINITY,
  );

  return {
    stats: () => ({ ...events.stats(), connections: websockets.clients.size }),
    async dispose() {
      // graphql-ws's dispose closes every client with 1001 "Going away", then the WebSocket server.
      await protocol.dispose();
      await events.close();
    },
  };
}
