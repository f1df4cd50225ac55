/**
 * What a data directory promises a replica set: a committed transaction is one journal record, so
 * `kill -9` in the middle of committing 1,000 transactions leaves each one whole or absent (and
 * every acknowledged one present); the oplog is persisted, so a change stream resumes after a
 * restart; it is bounded, so resuming before its oldest entry answers ChangeStreamHistoryLost (286).
 * These tests always run the embedded server, since its journal and oplog are what they test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, MongoClient, type MongoServerError, type ResumeToken } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { killHard, spawnEmbeddedServer } from '../helpers/child-process.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-replset-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a replica set with a data directory', () => {
  it('keeps every acknowledged transaction and tears none when killed -9 while committing 1,000', { timeout: 180_000 }, async () => {
    const dataDir = freshDir();
    const first = await spawnEmbeddedServer(['--port', '0', '--data-dir', dataDir]);
    const client = new MongoClient(first.uri, { serverSelectionTimeoutMS: 5000 });
    const acknowledged = new Set<number>();
    try {
      await client.connect();
      const coll = client.db('durable_txn').collection<{ _id: string; txn: number }>('parts');
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < 1000 && !killed) {
          const txn = next++;
          const session = client.startSession();
          try {
            session.startTransaction();
            await coll.insertOne({ _id: `${txn}-a`, txn }, { session });
            await coll.insertOne({ _id: `${txn}-b`, txn }, { session });
            await session.commitTransaction();
            acknowledged.add(txn);
          } catch {
            if (!killed) throw new Error(`transaction ${txn} failed before the kill`);
          } finally {
            await session.endSession().catch(() => {});
          }
          if (acknowledged.size === 300) {
            killed = true;
            await killHard(first.child);
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      expect(killed).toBe(true);
    } finally {
      await killHard(first.child);
      await client.close(true).catch(() => {});
    }

    const second = await spawnEmbeddedServer(['--port', '0', '--data-dir', dataDir]);
    const after = new MongoClient(second.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      await after.connect();
      const parts = await after.db('durable_txn').collection<{ _id: string; txn: number }>('parts').find({}).toArray();
      const perTxn = new Map<number, number>();
      for (const part of parts) perTxn.set(part.txn, (perTxn.get(part.txn) ?? 0) + 1);
      const torn = [...perTxn].filter(([, count]) => count !== 2);
      expect(torn).toEqual([]);
      const lost = [...acknowledged].filter((txn) => !perTxn.has(txn));
      expect(lost).toEqual([]);
      expect(acknowledged.size).toBeGreaterThanOrEqual(300);
    } finally {
      await after.close();
      await killHard(second.child);
    }
  });

  it('resumes a change stream after a restart from a token taken before it', async () => {
    const dataDir = freshDir();
    let server = await startEmbeddedMongo({ dataDir });
    const port = server.port;
    let client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
    let token: ResumeToken;
    try {
      const coll = client.db('resume_restart').collection('events');
      const stream = coll.watch();
      await stream.tryNext();
      await coll.insertOne({ n: 1 });
      token = (await stream.next())._id;
      await stream.close();
      await coll.insertMany([{ n: 2 }, { n: 3 }]);
      await coll.updateOne({ n: 2 }, { $set: { seen: true } });
    } finally {
      await client.close();
      await server.stop();
    }
    server = await startEmbeddedMongo({ dataDir, port });
    client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const stream = client.db('resume_restart').collection('events').watch<Document>([], { resumeAfter: token });
      const events = [await stream.next(), await stream.next(), await stream.next()];
      expect(events.map((e) => e.operationType)).toEqual(['insert', 'insert', 'update']);
      expect(events.map((e) => ('fullDocument' in e ? e.fullDocument?.n : undefined))).toEqual([2, 3, undefined]);
      await stream.close();
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('answers ChangeStreamHistoryLost (286) when resuming before the oldest entry of a full oplog', async () => {
    const server = await startEmbeddedMongo({ oplogSizeBytes: 16 * 1024 });
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      const coll = client.db('bounded').collection('events');
      const stream = coll.watch();
      await stream.tryNext();
      await coll.insertOne({ n: 0 });
      const token = (await stream.next())._id;
      await stream.close();
      for (let i = 1; i <= 200; i++) await coll.insertOne({ n: i, padding: 'x'.repeat(200) });
      const late = coll.watch([], { resumeAfter: token });
      const error = await late.tryNext().catch((e: unknown) => e);
      expect((error as MongoServerError).code).toBe(286);
      await late.close();
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
