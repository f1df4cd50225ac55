/**
 * One MongoClient per process. Short timeouts make a missing database an answer (DATABASE_UNAVAILABLE
 * within ~2 s), not a hang; a 2 s heartbeat notices its return quickly, so service resumes by itself.
 */
import { MongoClient } from 'mongodb';

export async function connectClient(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    heartbeatFrequencyMS: 2000,
    monitorCommands: true,
    appName: 'newsgraph',
  });
  await client.connect();
  return client;
}
