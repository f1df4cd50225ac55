/**
 * One MongoClient per process. Short timeouts make a missing database an answer (DATABASE_UNAVAILABLE
 * within ~1.5 s), not a hang; a 2 s heartbeat notices its return quickly, so service resumes by itself
 * (and the heartbeat watchdog gets it out of the driver's one known stuck state).
 */
import { MongoClient } from 'mongodb';
import { watchHeartbeats } from './heartbeat-watchdog.js';

const TIMINGS = { heartbeatFrequencyMS: 2000, connectTimeoutMS: 1500 };

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
