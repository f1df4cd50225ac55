/**
 * The durability promise of the embedded server's data directory: a write acknowledged to the
 * driver survives `kill -9`. These tests always run the embedded server (in a child process), since
 * its journal is what they test; they hold whichever database the rest of the suite uses.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { killHard, spawnEmbeddedServer } from '../helpers/child-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'newsgraph-journal-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withServer<T>(work: (client: MongoClient) => Promise<T>, kill: 'hard' | 'gentle'): Promise<T> {
  const { child, uri } = await spawnEmbeddedServer(['--port', '0', '--data-dir', dataDir]);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    if (kill === 'hard') await killHard(child);
    await client.close(true).catch(() => {});
    if (kill === 'gentle') {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

describe('persistence with a data directory', () => {
  it('keeps every acknowledged write across kill -9, including concurrent ones', async () => {
    await withServer(async (client) => {
      const coll = client.db('durable').collection('events');
      await coll.createIndex({ seq: 1 }, { unique: true });
      await coll.insertMany(Array.from({ length: 500 }, (_, i) => ({ seq: i })));
      await Promise.all(Array.from({ length: 50 }, (_, i) => coll.insertOne({ seq: 1000 + i })));
      await coll.updateMany({ seq: { $lt: 10 } }, { $set: { touched: true } });
      await coll.deleteOne({ seq: 499 });
    }, 'hard');

    await withServer(async (client) => {
      const coll = client.db('durable').collection('events');
      expect(await coll.countDocuments()).toBe(549);
      expect(await coll.countDocuments({ touched: true })).toBe(10);
      expect(await coll.findOne({ seq: 499 })).toBeNull();
      const indexes = await coll.listIndexes().toArray();
      expect(indexes.map((i) => i.name)).toContain('seq_1');
      const dup = await coll.insertOne({ seq: 1 }).catch((e: unknown) => e);
      expect((dup as { code?: number }).code).toBe(11000);
    }, 'hard');
  });

  it('drops a torn final journal record instead of half-applying it', async () => {
    // A crash in the middle of an append leaves a partial record at the end of the journal.
    appendFileSync(join(dataDir, 'journal.log'), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
    await withServer(async (client) => {
      expect(await client.db('durable').collection('events').countDocuments()).toBe(549);
      await client.db('durable').collection('events').insertOne({ seq: 5000 });
    }, 'gentle');
    await withServer(async (client) => {
      expect(await client.db('durable').collection('events').countDocuments()).toBe(550);
    }, 'hard');
  });
});
