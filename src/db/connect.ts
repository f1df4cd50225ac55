/**
 * One MongoClient per process. Short timeouts make a missing database an answer (DATABASE_UNAVAILABLE
 * within ~1.5 s), not a hang; a 2 s heartbeat notices its return quickly, so service resumes by itself
 * (and the heartbeat watchdog gets it out of the driver's one known stuck state).
 *
 * A database that is there but busy is not missing. The driver times a heartbeat out after
 * connectTimeoutMS (plus the heartbeat interval) and then marks the server unknown and fails every
 * request in flight; the embedded database answers heartbeats on the same thread as queries, so with
 * 1.5 s a queue of heavy aggregations (statement stats on 100× the synthetic data, 10 at a time) made
 * it "unavailable" while it was working. A stopped or unreachable database refuses or resets
 * connections at once, which is noticed as fast as before; the watchdog, sized from these timings,
 * waits correspondingly longer (24 s) before it calls a heartbeat stuck.
 */
import { MongoClient } from 'mongodb';
import { watchHeartbeats } from './heartbeat-watchdog.js';

const TIMINGS = { heartbeatFrequencyMS: 2000, connectTimeoutMS: 10_000 };

/**
 * `monitorCommands` makes the driver build an event (with copies of command and reply) for every
 * command; the server never needs it (request logs count commands from pool events), tests may.
 */
export async function connectClient(uri: string, { monitorCommands = false }: { monitorCommands?: boolean } = {}): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 1500,
    ...TIMINGS,
    monitorCommands,
    appName: 'newsgraph',
  });
  await client.connect();
  watchHeartbeats(client, TIMINGS);
  return client;
}
