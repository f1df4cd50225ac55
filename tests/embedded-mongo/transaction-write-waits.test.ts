/**
 * A write outside any transaction to a document an in-progress transaction has written waits until
 * the transaction ends, as MongoDB documents ("In-progress Transactions and Write Conflicts",
 * Production Considerations for transactions): the transaction is not aborted and commits; the
 * outside write then applies on top of the committed data (or of the old data after an abort).
 * With `maxTimeMS` shorter than the wait the outside write fails with 50 MaxTimeMSExpired instead.
 */
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
let outsider: MongoClient;
beforeAll(async () => {
  t = await startTestDatabase('txnwait');
  outsider = await t.connect({ monitorCommands: true });
});
afterAll(async () => {
  await outsider.close();
  await t.stop();
});

interface Counter {
  _id: string;
  value: number;
  outside?: boolean;
}

/** Resolves once the outsider client has sent a command of this name to the server. */
function sent(name: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: CommandStartedEvent) => {
      if (event.commandName !== name) return;
      outsider.off('commandStarted', listener);
      resolve();
    };
    outsider.on('commandStarted', listener);
  });
}

describe('a write outside a transaction to a document the transaction wrote', () => {
  it('waits for the commit; the transaction is not aborted and both writes land, in order', async () => {
    const coll = t.db.collection<Counter>('wait_commit');
    await coll.insertOne({ _id: 'c', value: 1 });
    const session = t.client.startSession();
    const order: string[] = [];
    try {
      session.startTransaction();
      await coll.updateOne({ _id: 'c' }, { $set: { value: 2 } }, { session });
      const outsideSent = sent('update');
      const outside = outsider
        .db(t.db.databaseName)
        .collection<Counter>('wait_commit')
        .updateOne({ _id: 'c' }, { $inc: { value: 10 }, $set: { outside: true } })
        .then((result) => {
          order.push('outside');
          return result;
        });
      await outsideSent;
      await session.commitTransaction();
      order.push('commit');
      const result = await outside;
      expect(result.modifiedCount).toBe(1);
    } finally {
      await session.endSession();
    }
    expect(order).toEqual(['commit', 'outside']);
    // The outside $inc applied to the committed value 2, not to the 1 it would have seen before.
    expect(await coll.findOne({ _id: 'c' })).toEqual({ _id: 'c', value: 12, outside: true });
  });

  it('waits for an abort, then applies to the document as it was before the transaction', async () => {
    const coll = t.db.collection<Counter>('wait_abort');
    await coll.insertOne({ _id: 'c', value: 1 });
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await coll.deleteOne({ _id: 'c' }, { session });
      const outsideSent = sent('findAndModify');
      const outside = outsider
        .db(t.db.databaseName)
        .collection<Counter>('wait_abort')
        .findOneAndUpdate({ _id: 'c' }, { $inc: { value: 1 } }, { returnDocument: 'after' });
      await outsideSent;
      await session.abortTransaction();
      expect(await outside).toEqual({ _id: 'c', value: 2 });
    } finally {
      await session.endSession();
    }
  });

  it('fails with MaxTimeMSExpired (50) when maxTimeMS runs out first, and the transaction still commits', async () => {
    const coll = t.db.collection<Counter>('wait_timeout');
    await coll.insertOne({ _id: 'c', value: 1 });
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await coll.updateOne({ _id: 'c' }, { $set: { value: 2 } }, { session });
      const error = await outsider
        .db(t.db.databaseName)
        .collection<Counter>('wait_timeout')
        .deleteOne({ _id: 'c' }, { maxTimeMS: 50 })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(50);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.findOne({ _id: 'c' })).toEqual({ _id: 'c', value: 2 });
  });

  it('does not wait for a transaction that wrote other documents', async () => {
    const coll = t.db.collection<Counter>('no_wait');
    await coll.insertMany([
      { _id: 'a', value: 1 },
      { _id: 'b', value: 1 },
    ]);
    const session = t.client.startSession();
    try {
      session.startTransaction();
      await coll.updateOne({ _id: 'a' }, { $set: { value: 2 } }, { session });
      // maxTimeMS bounds a wrong wait: this write must not wait at all.
      const result = await outsider
        .db(t.db.databaseName)
        .collection<Counter>('no_wait')
        .updateOne({ _id: 'b' }, { $set: { value: 3 } }, { maxTimeMS: 5_000 });
      expect(result.modifiedCount).toBe(1);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', value: 2 },
      { _id: 'b', value: 3 },
    ]);
  });
});
