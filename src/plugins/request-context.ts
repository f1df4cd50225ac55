/**
 * Per-request bookkeeping shared by logging and metrics: a request id and the number of MongoDB
 * commands the request caused, attributed through AsyncLocalStorage (the driver emits
 * `commandStarted` in the async context of the operation that sent it).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MongoClient } from 'mongodb';

export interface RequestTrace {
  requestId: string;
  databaseCommands: number;
}

export const requestTraces = new AsyncLocalStorage<RequestTrace>();

const counted = new WeakSet<MongoClient>();

/** Counts the client's commands into the current request's trace. Needs `monitorCommands: true`. */
export function countCommands(client: MongoClient): void {
  if (counted.has(client)) return;
  counted.add(client);
  client.on('commandStarted', () => {
    const trace = requestTraces.getStore();
    if (trace) trace.databaseCommands++;
  });
}
