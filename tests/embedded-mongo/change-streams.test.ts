/**
 * Change streams through the driver's `watch()`: every event type with the fields MongoDB
 * documents, fullDocument modes, later stages, resume tokens, and events of a transaction appearing
 * at its commit. Written against documented MongoDB behaviour, so they pass on a real replica set.
 */
import type { ChangeStream, ChangeStreamDocument, Db, Document, ResumeToken } from 'mongodb';
import { Timestamp } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase, testDatabaseName } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('streams');
});
afterAll(() => t.stop());

type Event = ChangeStreamDocument & Document;

/** The next `count` events of a stream (awaitable getMores under the hood). */
async function take(stream: ChangeStream<Document, Event>, count: number): Promise<Event[]> {
  const events: Event[] = [];
  while (events.length < count) events.push(await stream.next());
  return events;
}

/** A stream that has made its first round trip, so later writes are after its start. */
async function opened<T extends ChangeStream<Document, Event>>(stream: T): Promise<T> {
  await stream.tryNext();
  return stream;
}

describe('change streams', () => {
  it('reports insert, update, replace and delete with ns, documentKey, clusterTime and wallTime', async () => {
    const coll = t.db.collection<{ _id: number; a?: number; b?: number; c?: number; tags?: string[] }>('crud');
    const stream = await opened(coll.watch<Document, Event>());
    await coll.insertOne({ _id: 1, a: 1, tags: ['x', 'y', 'z'] });
    await coll.updateOne({ _id: 1 }, { $set: { b: 2 }, $unset: { a: '' }, $pop: { tags: 1 } });
    await coll.updateOne({ _id: 1 }, { $push: { tags: 'w' } });
    await coll.replaceOne({ _id: 1 }, { c: 3 });
    await coll.deleteOne({ _id: 1 });
    const [insert, update, push, replace, remove] = await take(stream, 5);
    expect(insert.operationType).toBe('insert');
    expect(insert.ns).toEqual({ db: t.db.databaseName, coll: 'crud' });
    expect(insert.documentKey).toEqual({ _id: 1 });
    expect(insert.fullDocument).toEqual({ _id: 1, a: 1, tags: ['x', 'y', 'z'] });
    expect(insert.clusterTime).toBeInstanceOf(Timestamp);
    expect(insert.wallTime).toBeInstanceOf(Date);
    expect(insert._id).toHaveProperty('_data');
    expect(update.operationType).toBe('update');
    expect(update.updateDescription).toEqual({
      updatedFields: { b: 2 },
      removedFields: ['a'],
      truncatedArrays: [{ field: 'tags', newSize: 2 }],
    });
    expect(update.fullDocument).toBeUndefined();
    expect(push.updateDescription.updatedFields).toEqual({ 'tags.2': 'w' });
    expect(replace.operationType).toBe('replace');
    expect(replace.fullDocument).toEqual({ _id: 1, c: 3 });
    expect(remove.operationType).toBe('delete');
    expect(remove.documentKey).toEqual({ _id: 1 });
    expect((update.clusterTime as Timestamp).greaterThan(insert.clusterTime as Timestamp)).toBe(true);
    await stream.close();
  });

  it('reports drop and rename on a collection stream, each followed by invalidate, which ends the stream', async () => {
    const dropped = t.db.collection('to_drop');
    await dropped.insertOne({ x: 1 });
    const dropStream = await opened(dropped.watch<Document, Event>());
    await dropped.drop();
    const [drop, invalidate] = await take(dropStream, 2);
    expect(drop.operationType).toBe('drop');
    expect(drop.ns).toEqual({ db: t.db.databaseName, coll: 'to_drop' });
    expect(invalidate.operationType).toBe('invalidate');
    expect(dropStream.closed || (await dropStream.tryNext().catch(() => null)) === null).toBe(true);
    await dropStream.close();

    const renamed = t.db.collection('to_rename');
    await renamed.insertOne({ x: 1 });
    const renameStream = await opened(renamed.watch<Document, Event>());
    await renamed.rename('renamed');
    const [rename, renameInvalidate] = await take(renameStream, 2);
    expect(rename.operationType).toBe('rename');
    expect(rename.ns).toEqual({ db: t.db.databaseName, coll: 'to_rename' });
    expect(rename.to).toEqual({ db: t.db.databaseName, coll: 'renamed' });
    expect(renameInvalidate.operationType).toBe('invalidate');
    await renameStream.close();
  });

  it('reports drop of each collection, dropDatabase and invalidate on a database stream', async () => {
    const db: Db = t.client.db(testDatabaseName('streams_dropdb'));
    await db.collection('one').insertOne({ x: 1 });
    const stream = await opened(db.watch<Document, Event>());
    await db.collection('one').insertOne({ x: 2 });
    await db.dropDatabase();
    const [insert, drop, dropDatabase, invalidate] = await take(stream, 4);
    expect(insert.operationType).toBe('insert');
    expect(drop.operationType).toBe('drop');
    expect(drop.ns).toEqual({ db: db.databaseName, coll: 'one' });
    expect(dropDatabase.operationType).toBe('dropDatabase');
    expect(dropDatabase.ns).toEqual({ db: db.databaseName });
    expect(invalidate.operationType).toBe('invalidate');
    await stream.close();
  });

  it('sees every database on a cluster-wide stream', async () => {
    const stream = await opened(t.client.watch<Document, Event>([{ $match: { 'ns.coll': 'cluster_wide' } }]));
    const other = t.client.db(testDatabaseName('streams_other'));
    await other.collection('cluster_wide').insertOne({ where: 'other' });
    await t.db.collection('cluster_wide').insertOne({ where: 'main' });
    const events = await take(stream, 2);
    expect(events.map((e) => [e.ns.db, e.fullDocument.where])).toEqual([
      [other.databaseName, 'other'],
      [t.db.databaseName, 'main'],
    ]);
    await stream.close();
    await other.dropDatabase();
  });

  it("applies $match and $project after $changeStream and looks up the current document for 'updateLookup'", async () => {
    const coll = t.db.collection('shaped');
    const stream = await opened(
      coll.watch<Document, Event>([{ $match: { operationType: 'update' } }, { $project: { updateDescription: 0 } }], {
        fullDocument: 'updateLookup',
      }),
    );
    await coll.insertOne({ _id: 'a', n: 1 } as Document);
    await coll.updateOne({ _id: 'a' } as Document, { $inc: { n: 1 } });
    const [update] = await take(stream, 1);
    expect(update.operationType).toBe('update');
    expect(update.updateDescription).toBeUndefined();
    expect(update.fullDocument).toEqual({ _id: 'a', n: 2 });
    await stream.close();
  });

  it("serves post-images for 'whenAvailable' and 'required' on a collection with changeStreamPreAndPostImages", async () => {
    const name = 'imaged';
    await t.db.createCollection(name, { changeStreamPreAndPostImages: { enabled: true } });
    const coll = t.db.collection(name);
    await coll.insertOne({ _id: 1, v: 'a' } as Document);
    const stream = await opened(coll.watch<Document, Event>([], { fullDocument: 'required' }));
    await coll.updateOne({ _id: 1 } as Document, { $set: { v: 'b' } });
    const [update] = await take(stream, 1);
    expect(update.fullDocument).toEqual({ _id: 1, v: 'b' });
    await stream.close();

    const plain = t.db.collection('not_imaged');
    await plain.insertOne({ _id: 1, v: 'a' } as Document);
    const lenient = await opened(plain.watch<Document, Event>([], { fullDocument: 'whenAvailable' }));
    await plain.updateOne({ _id: 1 } as Document, { $set: { v: 'b' } });
    const [withoutImage] = await take(lenient, 1);
    expect(withoutImage.fullDocument).toBeNull();
    await lenient.close();
  });

  it('carries a postBatchResumeToken and resumes after a token, at an operation time, and after an invalidate with startAfter', async () => {
    const coll = t.db.collection('resumable');
    const stream = await opened(coll.watch<Document, Event>());
    expect(stream.resumeToken).toHaveProperty('_data');
    await coll.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const [first] = await take(stream, 1);
    await stream.close();

    const resumed = coll.watch<Document, Event>([], { resumeAfter: first._id as ResumeToken });
    expect((await take(resumed, 2)).map((e) => e.fullDocument.n)).toEqual([2, 3]);
    await resumed.close();

    const atTime = coll.watch<Document, Event>([], { startAtOperationTime: first.clusterTime });
    expect((await take(atTime, 1))[0].fullDocument.n).toBe(1);
    await atTime.close();

    const watching = await opened(coll.watch<Document, Event>());
    await coll.drop();
    const [, invalidate] = await take(watching, 2);
    await watching.close();
    await coll.insertOne({ n: 4 });
    const after = coll.watch<Document, Event>([], { startAfter: invalidate._id as ResumeToken });
    expect((await take(after, 1))[0].fullDocument.n).toBe(4);
    await after.close();
    const refused = coll.watch<Document, Event>([], { resumeAfter: invalidate._id as ResumeToken });
    const error = await refused.tryNext().catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(260);
    await refused.close();
  });

  it("shows a transaction's writes at its commit, in order, never before, with its lsid and txnNumber", async () => {
    const coll = t.db.collection('transactional');
    await coll.insertOne({ _id: 'seed' } as Document);
    const stream = await opened(coll.watch<Document, Event>());
    const session = t.client.startSession();
    session.startTransaction();
    await coll.insertOne({ _id: 't1' } as Document, { session });
    await coll.updateOne({ _id: 'seed' } as Document, { $set: { touched: true } }, { session });
    expect(await stream.tryNext()).toBeNull();
    await session.commitTransaction();
    await session.endSession();
    const events = await take(stream, 2);
    expect(events.map((e) => e.operationType)).toEqual(['insert', 'update']);
    expect(events[0].txnNumber).toBeDefined();
    expect(events[0].lsid).toBeDefined();
    expect(events[0].clusterTime).toEqual(events[1].clusterTime);
    await stream.close();
  });

  it("counts a change stream's getMores in serverStatus opcounters.getmore", async () => {
    const coll = t.db.collection<{ _id: number }>('counted-stream');
    const stream = await opened(coll.watch<Document, Event>([], { maxAwaitTimeMS: 50 }));
    const before = Number((await t.db.admin().serverStatus()).opcounters.getmore);
    await coll.insertOne({ _id: 1 });
    await take(stream, 1);
    const after = Number((await t.db.admin().serverStatus()).opcounters.getmore);
    expect(after - before).toBeGreaterThanOrEqual(1);
    await stream.close();
  });
});
