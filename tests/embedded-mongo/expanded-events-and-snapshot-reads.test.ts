/**
 * Replica-set behaviour found through MongoDB's unified specification tests, as MongoDB documents it:
 * - change streams opened with `showExpandedEvents: true` report DDL events (`create`,
 *   `createIndexes`, `dropIndexes`, `modify`), `collectionUUID`, and `disambiguatedPaths` (6.0+);
 * - a snapshot session reads every find/aggregate/distinct as of one cluster time (5.0+), and a write
 *   with `readConcern: snapshot` outside a transaction is refused;
 * - `w` greater than the number of data-bearing members applies the write and answers a
 *   `writeConcernError` 100 UnsatisfiableWriteConcern.
 */
import { type ChangeStreamDocument, type Document, MongoServerError, MongoWriteConcernError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('expanded', 'replica-set');
});
afterAll(() => t.stop());

describe('showExpandedEvents', () => {
  it('reports create, createIndexes, modify and dropIndexes, with the collection UUID and disambiguated paths', async () => {
    const stream = t.db.watch<Document, ChangeStreamDocument & Document>([], { showExpandedEvents: true });
    await stream.tryNext(); // opens the stream before the writes
    await t.db.createCollection('ddl');
    await t.db.collection('ddl').createIndex({ x: 1 }, { name: 'x_1' });
    await t.db.command({ collMod: 'ddl', validator: { x: { $exists: true } } });
    await t.db.collection('ddl').dropIndex('x_1');
    await t.db.collection('ddl').insertOne({ _id: 1 as never, x: 1, a: { '1': 1 } });
    await t.db.collection('ddl').updateOne({ _id: 1 as never }, { $set: { 'a.1': 2 } });
    const events: Document[] = [];
    while (events.length < 6) events.push(await stream.next());
    await stream.close();
    expect(events.map((e) => e.operationType)).toEqual(['create', 'createIndexes', 'modify', 'dropIndexes', 'insert', 'update']);
    const uuids = new Set(events.map((e) => (e.collectionUUID as { toHexString(): string }).toHexString()));
    expect(uuids.size).toBe(1);
    expect(events[1].operationDescription.indexes[0]).toMatchObject({ key: { x: 1 }, name: 'x_1' });
    expect(events[5].updateDescription.disambiguatedPaths).toEqual({ 'a.1': ['a', '1'] });
  });
});

describe('snapshot sessions', () => {
  it('read every statement as of the first read, whatever is written since', async () => {
    const coll = t.db.collection<{ _id: number; x: number }>('snapshot');
    await coll.insertOne({ _id: 1, x: 11 });
    const session = t.client.startSession({ snapshot: true });
    try {
      expect(await coll.find({}, { session }).toArray()).toEqual([{ _id: 1, x: 11 }]);
      await coll.updateOne({ _id: 1 }, { $inc: { x: 1 } });
      await coll.insertOne({ _id: 2, x: 20 });
      expect(await coll.find({}, { session }).toArray()).toEqual([{ _id: 1, x: 11 }]);
      expect(await coll.distinct('x', {}, { session })).toEqual([11]);
      expect(await coll.aggregate([{ $match: {} }], { session }).toArray()).toEqual([{ _id: 1, x: 11 }]);
      const refused = await coll.insertOne({ _id: 3, x: 30 }, { session }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(MongoServerError);
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments()).toBe(2);
  });
});

describe('an unsatisfiable write concern', () => {
  it('applies the write and answers writeConcernError 100', async () => {
    const coll = t.db.collection<{ _id: number }>('wc');
    const error = await coll.insertOne({ _id: 1 }, { writeConcern: { w: 5 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoWriteConcernError);
    expect((error as MongoWriteConcernError).code).toBe(100);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1 });
  });
});
