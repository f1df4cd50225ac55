/**
 * Per-request bookkeeping shared by logging and metrics: a request id and the number of MongoDB
 * commands the request caused, attributed through AsyncLocalStorage.
 *
 * Commands are counted where the driver takes a connection for one: every command it sends (find,
 * aggregate, getMore, insert, …) checks a connection out of the server's pool first, and the pool
 * announces `connectionCheckOutStarted` synchronously, in the async context of the operation. This
 * needs no command monitoring (`monitorCommands`), which would build an event with copies of every
 * command and fully decode every reply just to be counted. Connections pinned to a session (only in
 * load-balanced deployments, which newsgraph does not use) would skip the pool and go uncounted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MongoClient } from 'mongodb';

export interface RequestTrace {
  requestId: string;
  databaseCommands: number;
  /** When the request arrived (process.hrtime.bigint()), for the request line's duration. */
  started: bigint;
}

export const requestTraces = new AsyncLocalStorage<RequestTrace>();

const counted = new WeakSet<MongoClient>();

/** Counts the client's commands into the current request's trace. */
export function countCommands(client: MongoClient): void {
  if (counted.has(client)) return;
  counted.add(client);
  client.on('connectionCheckOutStarted', () => {
    const trace = requestTraces.getStore();
    if (trace) trace.databaseCommands++;
  });
}
