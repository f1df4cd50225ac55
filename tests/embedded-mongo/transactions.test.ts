/**
 * Multi-document transactions as MongoDB's transactions specification describes them, through the
 * driver's sessions: atomic commit, abort, snapshot isolation, first writer wins (112 with
 * TransientTransactionError, then 251), withTransaction's retries, and the refusals (263, 251).
 * Every assertion is documented MongoDB behaviour, so the suite passes on a real replica set too.
 */
import { type ClientSession, type Collection, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('txn');
});
afterAll(() => t.stop());

interface Account {
  _id: string;
  balance: number;
}

async function accounts(name: string): Promise<Collection<Account>> {
  const coll = t.db.collection<Account>(name);
  await coll.insertMany([
    { _id: 'alice', balance: 100 },
    { _id: 'bob', balance: 0 },
  ]);
  return coll;
}

async function withSession<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = t.client.startSession();
  try {
    return await work(session);
  } finally {
    await session.endSession();
  }
}

function labelsOf(error: unknown): string[] {
  return error instanceof MongoServerError ? [...error.errorLabels] : [];
}

describe('transactions', () => {
  it('commits every write of withTransaction at once; nothing is visible before the commit', async () => {
    const coll = await accounts('transfer');
    await withSession((session) =>
      session.withTransaction(async () => {
        await coll.updateOne({ _id: 'alice' }, { $inc: { balance: -30 } }, { session });
        await coll.updateOne({ _id: 'bob' }, { $inc: { balance: 30 } }, { session });
        await coll.insertOne({ _id: 'log', balance: 30 }, { session });
        // Inside: its own writes. Outside: the state before it.
        expect((await coll.findOne({ _id: 'alice' }, { session }))?.balance).toBe(70);
        expect((await coll.findOne({ _id: 'alice' }))?.balance).toBe(100);
        expect(await coll.countDocuments({})).toBe(2);
      }),
    );
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'alice', balance: 70 },
      { _id: 'bob', balance: 30 },
      { _id: 'log', balance: 30 },
    ]);
  });

  it('leaves nothing behind when aborted, and a failing callback aborts withTransaction', async () => {
    const coll = await accounts('aborted');
    await withSession(async (session) => {
      session.startTransaction();
      await coll.deleteMany({}, { session });
      expect(await coll.countDocuments({}, { session })).toBe(0);
      await session.abortTransaction();
      const failed = await session
        .withTransaction(async () => {
          await coll.insertOne({ _id: 'carol', balance: 5 }, { session });
          throw new Error('callback failed');
        })
        .catch((e: unknown) => e);
      expect((failed as Error).message).toBe('callback failed');
    });
    expect(await coll.countDocuments({})).toBe(2);
  });

  it('reads from a snapshot taken at its first statement (repeatable reads, no later commits)', async () => {
    const coll = await accounts('snapshot');
    await withSession(async (session) => {
      session.startTransaction();
      expect((await coll.findOne({ _id: 'bob' }, { session }))?.balance).toBe(0);
      await coll.updateOne({ _id: 'bob' }, { $set: { balance: 999 } });
      await coll.insertOne({ _id: 'dave', balance: 1 });
      expect((await coll.findOne({ _id: 'bob' }, { session }))?.balance).toBe(0);
      expect(await coll.countDocuments({}, { session })).toBe(2);
      await session.commitTransaction();
    });
  });

  it('isolates two concurrent transactions from each other until they commit', async () => {
    const coll = await accounts('concurrent');
    const a = t.client.startSession();
    const b = t.client.startSession();
    try {
      a.startTransaction();
      b.startTransaction();
      await coll.insertOne({ _id: 'from-a', balance: 1 }, { session: a });
      await coll.insertOne({ _id: 'from-b', balance: 2 }, { session: b });
      expect(await coll.findOne({ _id: 'from-b' }, { session: a })).toBeNull();
      expect(await coll.findOne({ _id: 'from-a' }, { session: b })).toBeNull();
      await a.commitTransaction();
      // b's snapshot predates a's commit.
      expect(await coll.findOne({ _id: 'from-a' }, { session: b })).toBeNull();
      await b.commitTransaction();
      expect(await coll.countDocuments({})).toBe(4);
    } finally {
      await a.endSession();
      await b.endSession();
    }
  });

  it('lets the first writer win: the second gets WriteConflict (112, TransientTransactionError), then NoSuchTransaction (251)', async () => {
    const coll = await accounts('conflict');
    const first = t.client.startSession();
    const second = t.client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await coll.updateOne({ _id: 'alice' }, { $inc: { balance: 1 } }, { session: first });
      const conflict = await coll.updateOne({ _id: 'alice' }, { $inc: { balance: 1 } }, { session: second }).catch((e: unknown) => e);
      expect((conflict as MongoServerError).code).toBe(112);
      expect(labelsOf(conflict)).toContain('TransientTransactionError');
      const later = await coll.findOne({ _id: 'bob' }, { session: second }).catch((e: unknown) => e);
      expect((later as MongoServerError).code).toBe(251);
      expect(labelsOf(later)).toContain('TransientTransactionError');
      await second.abortTransaction().catch(() => {});
      await first.commitTransaction();
      expect((await coll.findOne({ _id: 'alice' }))?.balance).toBe(101);
    } finally {
      await first.endSession();
      await second.endSession();
    }
  });

  it('conflicts with a write committed after its snapshot', async () => {
    const coll = await accounts('stale');
    await withSession(async (session) => {
      session.startTransaction();
      await coll.findOne({ _id: 'bob' }, { session });
      await coll.updateOne({ _id: 'bob' }, { $inc: { balance: 5 } });
      const conflict = await coll.updateOne({ _id: 'bob' }, { $inc: { balance: 1 } }, { session }).catch((e: unknown) => e);
      expect((conflict as MongoServerError).code).toBe(112);
      await session.abortTransaction().catch(() => {});
    });
    expect((await coll.findOne({ _id: 'bob' }))?.balance).toBe(5);
  });

  it('retries withTransaction on a conflict until it commits', async () => {
    const coll = await accounts('retried');
    const holder = t.client.startSession();
    let attempts = 0;
    try {
      holder.startTransaction();
      await coll.updateOne({ _id: 'alice' }, { $inc: { balance: 1 } }, { session: holder });
      await withSession((session) =>
        session.withTransaction(async () => {
          attempts++;
          // The first attempt conflicts with the open transaction, which then commits.
          if (attempts === 2) await holder.commitTransaction();
          await coll.updateOne({ _id: 'alice' }, { $inc: { balance: 10 } }, { session });
          if (attempts === 1) throw new Error('the first attempt should have conflicted');
        }),
      );
    } finally {
      await holder.endSession();
    }
    expect(attempts).toBe(2);
    expect((await coll.findOne({ _id: 'alice' }))?.balance).toBe(111);
  });

  it('aborts on a failed statement: the commit then answers NoSuchTransaction (251)', async () => {
    const coll = await accounts('failed_statement');
    await withSession(async (session) => {
      session.startTransaction();
      await coll.insertOne({ _id: 'erin', balance: 1 }, { session });
      const duplicate = await coll.insertOne({ _id: 'alice', balance: 1 }, { session }).catch((e: unknown) => e);
      expect((duplicate as MongoServerError).code).toBe(11000);
      const commit = await session.commitTransaction().catch((e: unknown) => e);
      expect((commit as MongoServerError).code).toBe(251);
    });
    expect(await coll.findOne({ _id: 'erin' })).toBeNull();
  });

  it('refuses commands that cannot run in a transaction (263) and accepts a retried commit', async () => {
    await accounts('refusals');
    await withSession(async (session) => {
      session.startTransaction();
      const refused = await t.db.command({ listCollections: 1 }, { session }).catch((e: unknown) => e);
      expect((refused as MongoServerError).code).toBe(263);
      await session.abortTransaction().catch(() => {});
      session.startTransaction();
      await t.db.collection<Account>('refusals').insertOne({ _id: 'frank', balance: 3 }, { session });
      await session.commitTransaction();
      // A second commitTransaction is a retry of the same commit: it succeeds again.
      await session.commitTransaction();
    });
    expect(await t.db.collection('refusals').countDocuments({})).toBe(3);
  });
});
