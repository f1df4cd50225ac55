/**
 * The embedded MongoDB-compatible server: `startEmbeddedMongo()` listens on loopback and returns a
 * URI the official driver connects to unchanged. With `dataDir` it is durable (see journal.ts).
 * This module imports only bson, mingo and Node built-ins, never the GraphQL code.
 */
import { createServer, type Socket } from 'node:net';
import { serveConnection } from './connection.js';
import { CursorRegistry } from './cursors.js';
import { Journal } from './journal.js';
import { newOpCounters, type ServerState } from './server-state.js';
import { Catalog } from './storage.js';

export interface EmbeddedMongoOptions {
  port?: number;
  host?: string;
  dataDir?: string;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedMongo({ port = 0, host = '127.0.0.1', dataDir }: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const catalog = new Catalog();
  const journal = dataDir ? await Journal.open(dataDir, catalog) : undefined;
  const state: ServerState = {
    catalog,
    cursors: new CursorRegistry(),
    opcounters: newOpCounters(),
    connections: { current: 0, totalCreated: 0 },
    startedAt: new Date(),
  };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, state, journal);
  });
  server.maxConnections = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://${host}:${boundPort}/?directConnection=true`,
    port: boundPort,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        state.cursors.close();
        await journal?.close();
      })();
      return stopped;
    },
  };
}
