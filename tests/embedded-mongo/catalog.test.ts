import type { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('catalog');
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('databases and collections', () => {
  it('creates collections implicitly and explicitly, and lists them', async () => {
    await t.db.collection('implicit').insertOne({ a: 1 });
    await t.db.createCollection('explicit');
    const names = (await t.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['explicit', 'implicit']));
    const [full] = await t.db.listCollections({ name: 'explicit' }).toArray();
    expect(full.type).toBe('collection');
    expect('info' in full && full.info?.readOnly).toBe(false);
  });

  it('rejects creating an existing collection with different options (48)', async () => {
    await t.db.createCollection('capped_or_not');
    const error = await t.db.createCollection('capped_or_not', { validator: { a: { $exists: true } } }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe(48);
  });

  it('drops collections, including missing ones since 7.0', async () => {
    await t.db.collection('to_drop').insertOne({ a: 1 });
    expect(await t.db.collection('to_drop').drop()).toBe(true);
    expect(await t.db.collection('never_existed').drop()).toBe(true);
    const names = (await t.db.listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain('to_drop');
  });

  it('renames collections, refusing an existing target unless dropTarget', async () => {
    await t.db.collection('from').insertMany([{ x: 1 }, { x: 2 }]);
    await t.db.collection('occupied').insertOne({ y: 1 });
    const error = await t.db.renameCollection('from', 'occupied').catch((e: unknown) => e);
    expect(codeOf(error)).toBe(48);
    await t.db.renameCollection('from', 'occupied', { dropTarget: true });
    expect(await t.db.collection('occupied').countDocuments()).toBe(2);
    const missing = await t.db.renameCollection('no_such', 'elsewhere').catch((e: unknown) => e);
    expect(codeOf(missing)).toBe(26);
  });

  it('lists and drops databases', async () => {
    const other = t.client.db(`${t.db.databaseName}_other`);
    await other.collection('c').insertOne({ a: 1 });
    const { databases } = await t.client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(other.databaseName);
    await other.dropDatabase();
    const after = await t.client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(other.databaseName);
  });

  it('enforces validators with code 121', async () => {
    const coll = await t.db.createCollection('validated', { validator: { name: { $type: 'string' } } });
    await coll.insertOne({ name: 'ok' });
    const error = await coll.insertOne({ name: 42 }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe(121);
    expect(await coll.countDocuments()).toBe(1);
  });
});
