/**
 * Counted collections (src/db/counted-collections.ts) count what the driver sends: for each read a
 * direct answer can make — a find or aggregate read to the end in several batches, findOne,
 * countDocuments, estimatedDocumentCount, distinct — the count equals the commands a client with
 * command monitoring sees, getMores included.
 */
import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collections, collections, readWriteCollections } from '../../src/db/collections.js';
import { type CommandCount, countedCollections } from '../../src/db/counted-collections.js';
import { startTestDatabase, type TestDatabase, testDatabaseName } from '../helpers/test-database.js';

const IGNORED = new Set(['hello', 'ismaster', 'isMaster', 'endSessions', 'ping']);

let database: TestDatabase;
let monitored: MongoClient;
let sent: string[] = [];
let reads: Collections;
let count: CommandCount;

beforeAll(async () => {
  database = await startTestDatabase('counted');
  monitored = await database.connect({ monitorCommands: true });
  monitored.on('commandStarted', (event) => {
    if (!IGNORED.has(event.commandName)) sent.push(event.commandName);
  });
  const name = testDatabaseName('counted');
  const people = collections(monitored.db(name)).people;
  await people.insertMany(Array.from({ length: 7 }, (_, i) => ({ slug: `p${i}`, name: `Person ${i}` }) as never));
  count = { databaseCommands: 0 };
  reads = countedCollections(readWriteCollections(monitored, name, { w: 1 }), count).reads;
});
afterAll(() => database.stop());

/** Runs a read with both counts at zero; returns what was counted and what was sent. */
async function measured(read: () => Promise<unknown>) {
  sent = [];
  count.databaseCommands = 0;
  await read();
  return { counted: count.databaseCommands, sent };
}

describe('counted collections', () => {
  it('count a find read in several batches: the find and every getMore', async () => {
    const { counted, sent } = await measured(() => reads.people.find({}, { batchSize: 2 }).toArray());
    expect(sent).toEqual(['find', 'getMore', 'getMore', 'getMore']);
    expect(counted).toBe(sent.length);
  });

  it('count an aggregate read in batches, and one read in a single batch', async () => {
    const batched = await measured(() => reads.people.aggregate([{ $match: {} }], { batchSize: 3 }).toArray());
    expect(batched.sent).toEqual(['aggregate', 'getMore', 'getMore']);
    expect(batched.counted).toBe(3);
    const single = await measured(() => reads.people.find({}).toArray());
    expect(single).toEqual({ counted: 1, sent: ['find'] });
  });

  it('count findOne, countDocuments, estimatedDocumentCount and distinct once each', async () => {
    expect(await measured(() => reads.people.findOne({ slug: 'p3' }))).toEqual({ counted: 1, sent: ['find'] });
    expect(await measured(() => reads.people.countDocuments({}))).toEqual({ counted: 1, sent: ['aggregate'] });
    expect(await measured(() => reads.people.estimatedDocumentCount())).toEqual({ counted: 1, sent: ['count'] });
    expect(await measured(() => reads.people.distinct('slug'))).toEqual({ counted: 1, sent: ['distinct'] });
  });

  it('read the same documents as the driver’s own collection', async () => {
    const plain = await collections(monitored.db(reads.people.dbName)).people.find({}, { batchSize: 2 }).toArray();
    expect(await reads.people.find({}, { batchSize: 2 }).toArray()).toEqual(plain);
  });
});
