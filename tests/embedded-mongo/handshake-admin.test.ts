import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('admin');
});
afterAll(() => t.stop());

describe('handshake and administrative commands', () => {
  it('is seen by the driver as a writable primary that supports sessions', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    const legacy = await t.db.admin().command({ isMaster: 1 });
    expect(legacy.ismaster).toBe(true);
  });

  it('answers ping, buildInfo and getParameter', async () => {
    expect((await t.db.admin().ping()).ok).toBe(1);
    const info = await t.db.admin().buildInfo();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.versionArray[0]).toBe(Number(info.version.split('.')[0]));
    expect((await t.db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 })).ok).toBe(1);
  });

  it('counts operations in serverStatus the way mongod does', async () => {
    const coll = t.db.collection('counted');
    const before = (await t.db.admin().serverStatus()).opcounters;
    await coll.insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    await coll.find({}).toArray();
    await coll.updateOne({ a: 1 }, { $set: { b: 1 } });
    await coll.deleteOne({ a: 2 });
    const after = (await t.db.admin().serverStatus()).opcounters;
    expect(Number(after.insert) - Number(before.insert)).toBe(3);
    expect(Number(after.query) - Number(before.query)).toBe(1);
    expect(Number(after.update) - Number(before.update)).toBe(1);
    expect(Number(after.delete) - Number(before.delete)).toBe(1);
    const status = await t.db.admin().serverStatus();
    expect(status.connections.current).toBeGreaterThanOrEqual(1);
    expect(status.connections.totalCreated).toBeGreaterThanOrEqual(status.connections.current);
  });

  it('answers an unknown command with code 59', async () => {
    const error = await t.db.command({ noSuchCommand: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(59);
    expect((error as MongoServerError).codeName).toBe('CommandNotFound');
  });
});
