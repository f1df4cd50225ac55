/**
 * One MongoClient per process. Short timeouts make a missing database an answer (DATABASE_UNAVAILABLE
 * within ~1.5 s), not a hang; a 2 s heartbeat notices its return quickly, so service resumes by itself.
 */
import { MongoClient } from 'mongodb';

/**
 * `monitorCommands` makes the driver build an event (with copies of command and reply) for every
 * command; the server never needs it (request logs count commands from pool events), tests may.
 */
export async function connectClient(uri: string, { monitorCommands = false }: { monitorCommands?: boolean } = {}): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
    heartbeatFrequencyMS: 2000,
    monitorCommands,
    appName: 'newsgraph',
  });
  await client.connect();
  return client;
}
