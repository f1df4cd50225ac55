/**
 * graphql-ws clients over real sockets for the subscription tests: a protocol client that collects a
 * subscription's results, and a raw `ws` socket for what a well-behaved client would never send.
 */
import { once } from 'node:events';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export const wsUrl = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

export interface Closed {
  code: number;
  reason: string;
}

export interface TestClient {
  client: Client;
  /** Resolves with the first close of the underlying socket. */
  closed: Promise<Closed>;
  /** Resolves once the server acknowledged the connection. */
  connected: Promise<void>;
}

export function connect(httpUrl: string, connectionParams?: Record<string, unknown>): TestClient {
  let onClosed!: (closed: Closed) => void;
  let onConnected!: () => void;
  const closed = new Promise<Closed>((resolve) => {
    onClosed = resolve;
  });
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return { client, closed, connected };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface Subscription<T> {
  results: GraphQLResult<T>[];
  /** Protocol-level error (an `error` message or a closed socket), if any. */
  error: unknown;
  /** Resolves when the operation completes or errors. */
  done: Promise<void>;
  /** Resolves once `count` results have arrived. */
  received(count: number): Promise<GraphQLResult<T>[]>;
  stop(): void;
}

export function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Subscription<T> {
  const results: GraphQLResult<T>[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const subscription: Subscription<T> = {
    results,
    error: undefined,
    done,
    received(count) {
      if (results.length >= count) return Promise.resolve(results.slice(0, count));
      return new Promise((resolve, reject) => {
        waiters.push({ count, resolve: () => resolve(results.slice(0, count)) });
        void done.then(() => {
          if (results.length < count)
            reject(new Error(`subscription ended after ${results.length} of ${count} results: ${JSON.stringify(subscription.error)}`));
        });
      });
    },
    stop: () => stop(),
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as GraphQLResult<T>);
        for (const waiter of waiters.filter((w) => results.length >= w.count)) waiter.resolve();
      },
      error: (error) => {
        subscription.error = error;
        finish();
      },
      complete: () => finish(),
    },
  );
  return subscription;
}

/** A raw socket speaking (or not) the protocol; collects messages and the close. */
export async function rawSocket(httpUrl: string, protocol: string | undefined = 'graphql-transport-ws') {
  const socket = new WebSocket(wsUrl(httpUrl), protocol ? [protocol] : []);
  const messages: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await once(socket, 'open');
  return {
    socket,
    messages,
    closed,
    send: (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async nextMessage(): Promise<Record<string, unknown>> {
      const count = messages.length;
      while (messages.length === count) await once(socket, 'message');
      return messages[count];
    },
  };
}
