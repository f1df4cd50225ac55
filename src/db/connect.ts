/**
 * One MongoClient per process. A short server-selection timeout makes a missing database an answer
 * (DATABASE_UNAVAILABLE within ~1.5 s), not a hang; a 2 s heartbeat notices its return quickly, so
 * service resumes by itself. A database that is there but busy is not missing: the driver times its
 * heartbeat out after connectTimeoutMS (plus the heartbeat interval), and a timed-out heartbeat marks
 * the server unknown and fails every request in flight. The embedded database answers heartbeats on
 * the same thread as queries, so with 1.5 s a queue of heavy aggregations (statement stats at 100×
 * the synthetic data, 10 at a time) made it "unavailable" while it was working. A stopped or
 * unreachable database refuses or resets connections at once, which is noticed just as fast as before.
 */
import { MongoClient } from 'mongodb';

/**
 * `monitorCommands` makes the driver build an event (with copies of command and reply) for every
 * command; the server never needs it (request logs count commands from pool events), tests may.
 */
export async function connectClient(uri: string, { monitorCommands = false }: { monitorCommands?: boolean } = {}): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 10_000,
    heartbeatFrequencyMS: 2000,
    monitorCommands,
    appName: 'newsgraph',
  });
  await client.connect();
  return client;
}
