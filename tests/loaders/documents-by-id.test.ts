/**
 * The by-id loader: one batch per tick with results in key order, and `loadNow`, which answers
 * with the document itself once this request has read it (and with a promise before, or after
 * the key was cleared).
 */
import { type Collection, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentLoader } from '../../src/loaders/documents-by-id.js';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

interface Doc {
  _id: ObjectId;
  name: string;
}

let t: TestDatabase;
let people: Collection<Doc>;
const ids = [new ObjectId(), new ObjectId(), new ObjectId()];
const finds: unknown[] = [];

beforeAll(async () => {
  t = await startTestDatabase('loaders');
  const monitored = await t.connect({ monitorCommands: true });
  monitored.on('commandStarted', (event) => {
    if (event.commandName === 'find') finds.push(event.command.filter);
  });
  people = monitored.db(t.db.databaseName).collection<Doc>('people');
  await people.insertMany(ids.map((_id, i) => ({ _id, name: `p${i}` })));
});
afterAll(() => t.stop());

describe('DocumentLoader', () => {
  it('reads a tick’s keys in one find, in key order, null for misses', async () => {
    finds.length = 0;
    const loader = new DocumentLoader(people);
    const missing = new ObjectId();
    const docs = await Promise.all([loader.load(ids[2]), loader.load(missing), loader.load(ids[0])]);
    expect(docs.map((d) => d?.name ?? null)).toEqual(['p2', null, 'p0']);
    expect(finds).toHaveLength(1);
  });

  it('answers loadNow with the document once read, and with a promise before and after a clear', async () => {
    finds.length = 0;
    const loader = new DocumentLoader(people);
    const before = loader.loadNow(ids[1]);
    expect(before).toBeInstanceOf(Promise);
    await before;
    expect(loader.loadNow(ids[1])).toMatchObject({ name: 'p1' });
    const missing = new ObjectId();
    await loader.load(missing);
    expect(loader.loadNow(missing)).toBeNull();
    loader.clear(ids[1]);
    expect(loader.loadNow(ids[1])).toBeInstanceOf(Promise);
    expect(finds).toHaveLength(2);
  });

  it('answers loadNow from primed documents, never over one already loading', async () => {
    const loader = new DocumentLoader(people);
    const primed = { _id: ids[0], name: 'primed' };
    loader.prime(ids[0], primed);
    expect(loader.loadNow(ids[0])).toBe(primed);
    const loading = loader.load(ids[2]);
    loader.prime(ids[2], { _id: ids[2], name: 'ignored, as DataLoader ignores it' });
    const now = loader.loadNow(ids[2]);
    expect(now).toBeInstanceOf(Promise);
    expect((await now)?.name).toBe('p2');
    expect((await loading)?.name).toBe('p2');
    expect(loader.loadNow(ids[2])).toMatchObject({ name: 'p2' });
  });

  it('remembers nothing when told not to (the benchmark’s comparison)', async () => {
    const loader = new DocumentLoader(people, { remember: false });
    await loader.load(ids[0]);
    expect(loader.remembers).toBe(false);
    expect(loader.loadNow(ids[0])).toBeInstanceOf(Promise);
  });
});
