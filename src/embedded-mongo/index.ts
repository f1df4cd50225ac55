/**
 * The embedded MongoDB-compatible server: `startEmbeddedMongo()` listens on loopback and returns a
 * URI the official driver connects to unchanged. By default it is a one-node replica set (`rs0`)
 * with sessions, transactions, retryable writes and change streams; `standalone: true` makes it a
 * standalone mongod. With `dataDir` it is durable (see journal.ts). This module imports only bson,
 * mingo and Node built-ins, never the GraphQL code.
 */
import { createServer, type Socket } from 'node:net';
import { serveConnection } from './connection.js';
import { CursorRegistry } from './cursors.js';
import { Journal } from './journal.js';
import { Replication } from './replication.js';
import { newOpCounters, type ServerState } from './server-state.js';
import { Catalog } from './storage.js';

export interface EmbeddedMongoOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  /** The replica set's name (default `rs0`). */
  replicaSet?: string;
  /** Run as a standalone: no transactions, no change streams (as before replica-set support). */
  standalone?: boolean;
  /** The host name put in `hosts`/`me` and the URI, when clients reach the server by another name than `host`. */
  advertisedHost?: string;
  /** `configureFailPoint` and other test-only commands, as mongod's `enableTestCommands`. */
  enableTestCommands?: boolean;
  /** The oplog's size cap (default 64 MiB); older entries are dropped and cannot be resumed from. */
  oplogSizeBytes?: number;
}

export interface EmbeddedMongo {
  uri: string;
  port: number;
  /** The replica set's name, or undefined for a standalone. */
  replicaSet: string | undefined;
  stop(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const { port = 0, host = '127.0.0.1', dataDir } = options;
  const setName = options.standalone ? undefined : (options.replicaSet ?? 'rs0');
  const catalog = new Catalog();
  const replication = new Replication(catalog, {
    setName,
    enableTestCommands: options.enableTestCommands === true,
    oplogSizeBytes: options.oplogSizeBytes ?? 64 * 1024 * 1024,
  });
  const journal = dataDir ? await Journal.open(dataDir, catalog, replication.journalHistory()) : undefined;
  replication.journal = journal;
  replication.attach();
  const state: ServerState = {
    catalog,
    cursors: new CursorRegistry(),
    opcounters: newOpCounters(),
    connections: { current: 0, totalCreated: 0 },
    startedAt: new Date(),
    replication,
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
  const advertised = `${options.advertisedHost ?? host}:${boundPort}`;
  if (replication.identity) replication.identity.address = advertised;
  let stopped: Promise<void> | undefined;
  return {
    uri: setName ? `mongodb://${advertised}/?replicaSet=${encodeURIComponent(setName)}` : `mongodb://${advertised}/?directConnection=true`,
    port: boundPort,
    replicaSet: setName,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        state.cursors.close();
        replication.close();
        await journal?.close();
      })();
      return stopped;
    },
  };
}
