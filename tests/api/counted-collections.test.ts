/**
 * A direct answer's request line counts its commands in its collections (src/db/counted-collections.ts),
 * not with command monitoring. Every way a read reaches the database must count exactly the
 * commands the driver sends: cursors batch by batch (getMores included), and the reads the driver
 * builds on cursors or sends as one command. Checked against the driver's own command monitoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type collections, readWriteCollections } from '../../src/db/collections.js';
import { type CommandCount, countedCollections } from '../../src/db/counted-collections.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

/** Runs `read` on counted collections; the count it kept, and the commands monitoring saw. */
async function countedAndSent(read: (c: ReturnType<typeof collections>) => Promise<unknown>) {
  const count: CommandCount = { databaseCommands: 0 };
  const { reads } = countedCollections(readWriteCollections(api.db.client, api.db.databaseName, { w: 'majority' }), count);
  api.resetCommands();
  await read(reads);
  return { counted: count.databaseCommands, sent: api.commands.filter((c) => c.commandName !== 'killCursors').length };
}

describe('counted collections', () => {
  it.each([
    ['find, one batch', (c: ReturnType<typeof collections>) => c.people.find({}).toArray()],
    ['find in batches of 2 (getMores)', (c: ReturnType<typeof collections>) => c.people.find({}, { batchSize: 2 }).toArray()],
    [
      'aggregate in batches of 3',
      (c: ReturnType<typeof collections>) => c.statements.aggregate([{ $sort: { _id: 1 } }], { batchSize: 3 }).toArray(),
    ],
    ['findOne', (c: ReturnType<typeof collections>) => c.articles.findOne({})],
    ['findOne that finds nothing', (c: ReturnType<typeof collections>) => c.articles.findOne({ slug: 'no-such-article' })],
    ['countDocuments', (c: ReturnType<typeof collections>) => c.statements.countDocuments({ kind: 'DIRECT_QUOTE' })],
    ['estimatedDocumentCount', (c: ReturnType<typeof collections>) => c.people.estimatedDocumentCount()],
    ['distinct', (c: ReturnType<typeof collections>) => c.statements.distinct('kind')],
    ['next, one at a time', (c: ReturnType<typeof collections>) => c.people.find({}, { batchSize: 4 }).next()],
  ])('%s: counts what the driver sends', async (_name, read) => {
    const { counted, sent } = await countedAndSent(read);
    expect(sent).toBeGreaterThan(0);
    expect(counted).toBe(sent);
  });

  it('has a getMore to count (the seed has more people than one batch of 2)', async () => {
    const { sent } = await countedAndSent((c) => c.people.find({}, { batchSize: 2 }).toArray());
    expect(sent).toBeGreaterThan(2);
  });
});
