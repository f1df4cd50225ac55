/**
 * Retryable writes and fail points. A write whose connection drops after it ran is retried by the
 * driver with the same session and txnNumber, and the server answers the retry with the stored
 * result instead of writing twice — also after a restart with a data directory. These tests run
 * the embedded server with test commands enabled (mongod needs `enableTestCommands` for them too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandStartedEvent, Long, MongoClient, type MongoServerError } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../src/embedded-mongo/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'newsgraph-retry-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function connect(server: EmbeddedMongo): Promise<{ client: MongoClient; started: CommandStartedEvent[] }> {
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, monitorCommands: true });
  const started: CommandStartedEvent[] = [];
  client.on('commandStarted', (event) => started.push(event));
  await client.connect();
  return { client, started };
}

describe('retryable writes', () => {
  it('applies a write once when the connection drops after it ran and the driver retries it', async () => {
    const server = await startEmbeddedMongo({ enableTestCommands: true });
    const { client, started } = await connect(server);
    try {
      const coll = client.db('retry').collection('counters');
      await coll.insertOne({ _id: 'c', n: 0 } as never);
      for (const command of ['update', 'insert']) {
        await client.db('admin').command({
          configureFailPoint: 'onPrimaryTransactionalWrite',
          mode: { times: 1 },
          data: { closeConnection: true },
        });
        const from = started.length;
        if (command === 'update') await coll.updateOne({ _id: 'c' } as never, { $inc: { n: 1 } });
        else await coll.insertOne({ _id: 'd' } as never);
        const attempts = started.slice(from).filter((event) => event.commandName === command);
        expect(attempts).toHaveLength(2);
        expect(attempts[0].command.txnNumber).toEqual(attempts[1].command.txnNumber);
      }
      expect(await coll.findOne({ _id: 'c' } as never)).toEqual({ _id: 'c', n: 1 });
      expect(await coll.countDocuments()).toBe(2);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('fails commands through failCommand (errorCode, errorLabels, times) and refuses configureFailPoint without test commands', async () => {
    const server = await startEmbeddedMongo({ enableTestCommands: true });
    const { client } = await connect(server);
    try {
      await client.db('admin').command({
        configureFailPoint: 'failCommand',
        mode: { times: 1 },
        data: { failCommands: ['find'], errorCode: 2, errorLabels: ['Special'] },
      });
      const failed = await client
        .db('x')
        .collection('y')
        .findOne({})
        .catch((e: unknown) => e);
      expect((failed as MongoServerError).code).toBe(2);
      expect((failed as MongoServerError).errorLabels).toContain('Special');
      expect(await client.db('x').collection('y').findOne({})).toBeNull();
    } finally {
      await client.close();
      await server.stop();
    }
    const plain = await startEmbeddedMongo();
    const other = await connect(plain);
    try {
      const refused = await other.client
        .db('admin')
        .command({ configureFailPoint: 'failCommand', mode: 'alwaysOn' })
        .catch((e: unknown) => e);
      expect((refused as MongoServerError).code).toBe(59);
    } finally {
      await other.client.close();
      await plain.stop();
    }
  });

  it('answers a retried write with its stored result after a restart with a data directory', async () => {
    let server = await startEmbeddedMongo({ dataDir });
    const port = server.port;
    const { client } = await connect(server);
    const session = client.startSession();
    try {
      const db = client.db('retry_restart');
      const insert = { insert: 'events', documents: [{ _id: 1 }], txnNumber: Long.fromNumber(7) };
      expect((await db.command(insert, { session })).n).toBe(1);
      await server.stop();
      server = await startEmbeddedMongo({ dataDir, port });
      // The same session and transaction number: the retry of a write that already happened.
      const retried = await db.command(insert, { session });
      expect(retried.n).toBe(1);
      expect(retried.writeErrors).toBeUndefined();
      expect(await db.collection('events').countDocuments()).toBe(1);
    } finally {
      await session.endSession();
      await client.close();
      await server.stop();
    }
  });
});
