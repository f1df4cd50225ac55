/** One MongoClient per process, with short timeouts so a missing database is reported, not waited on. */
import { MongoClient } from 'mongodb';

export async function connectClient(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    appName: 'newsgraph',
  });
  await client.connect();
  return client;
}
