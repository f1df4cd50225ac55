/**
 * The subscription benchmarks' database: an embedded server in its own process (as `npm run db`
 * runs it), one database dropped and filled with the seed, and its statements handle with the
 * write concern the API's writes use (majority, journaled), for the benchmark's inserts.
 */
import { MongoClient } from 'mongodb';
import { seedDatabase } from '../seed/seed-database.js';
import { ensureIndexes } from '../src/db/collections.js';
import { start } from './harness.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

export async function seededDatabase(name: string) {
  const uri = await start(['src/embedded-mongo/cli.ts', '--port', '0'], {}, /^(mongodb:\/\/\S+)$/m, SERVER_NODE_FLAGS);
  const mongo = await new MongoClient(uri).connect();
  const db = mongo.db(name);
  await db.dropDatabase();
  await ensureIndexes(db);
  await seedDatabase(db);
  const statements = db.collection('statements', { writeConcern: { w: 'majority', j: true } });
  return { uri, mongo, db, statements };
}
