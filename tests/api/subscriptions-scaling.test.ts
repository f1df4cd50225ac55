/**
 * Subscriptions across processes and outages. Two API processes on one database: a write through A
 * reaches a subscriber on B (each process watches the change streams itself). The database stopped
 * and restarted under live subscriptions: the change feed resumes from its kept resume token, so the
 * statements written after the restart arrive, none lost, none twice. The restarted database is the
 * embedded server (stoppable on the same port with its data directory), as in outage.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../seed/seed-database.js';
import { apiKey } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { ensureIndexes } from '../../src/db/collections.js';
import { connectClient } from '../../src/db/connect.js';
import { createServer } from '../../src/server.js';
import { killHard, spawnApi } from '../helpers/child-process.js';
import { addStatement, apiAt, type GraphQLPoster, type SeedIds, seedIds, until } from '../helpers/live-writes.js';
import { startRestartableDatabase } from '../helpers/restartable-database.js';
import { startTestDatabase, testDatabaseName } from '../helpers/test-database.js';
import { connect, type Subscription, subscribe } from '../helpers/ws-client.js';

const KEY = 'subs-editor-key-0123456789';
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Added = Subscription<{ statementAdded: { id: string } }>;

/**
 * Clients cannot tell when the server has registered a subscription, so this writes probe
 * statements by `speakerId` until one arrives; everything written after that must arrive too.
 */
async function probeUntilLive(api: GraphQLPoster, ids: SeedIds, speakerId: string, added: Added): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    await addStatement(api, ids, speakerId, `probe ${attempt}`, {}, KEY);
    const seen = added.results.length;
    const deadline = Date.now() + 2000;
    while (added.results.length === seen && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (added.results.length > 0) return added.results.length;
  }
}

const idsOf = (added: Added) => added.results.map((result) => result.data?.statementAdded.id);

describe('two API processes on one database', () => {
  it('delivers a write made through A to a subscriber on B, filtered, once each', async () => {
    const database = await startTestDatabase('subs-two');
    const databaseName = testDatabaseName('subs_two');
    cleanups.push(() => database.stop());
    const env = {
      MONGODB_URI: database.server.uri,
      NEWSGRAPH_DATABASE: databaseName,
      NEWSGRAPH_API_KEYS: `subs:editor:${KEY}`,
      LOG_LEVEL: 'silent',
    };
    // A seeds the empty database; B starts after it, on the seeded one.
    const a = await spawnApi(env);
    cleanups.push(() => killHard(a.child));
    const b = await spawnApi(env);
    cleanups.push(() => killHard(b.child));
    const throughA = apiAt(a.url);
    const ids = await seedIds(throughA);
    const { client, closed } = connect(b.url);
    cleanups.push(async () => client.dispose());
    const added: Added = subscribe(client, 'subscription($speaker: ID!) { statementAdded(filter: { speakerId: $speaker }) { id } }', {
      speaker: ids.trump,
    });
    const probes = await probeUntilLive(throughA, ids, ids.trump, added);
    const written = [
      await addStatement(throughA, ids, ids.trump, 'first', {}, KEY),
      await addStatement(throughA, ids, ids.putin, 'not for this subscriber', {}, KEY),
      await addStatement(throughA, ids, ids.trump, 'second', {}, KEY),
      await addStatement(throughA, ids, ids.trump, 'third', {}, KEY),
    ];
    await added.received(probes + 3);
    expect(idsOf(added).slice(probes)).toEqual([written[0], written[2], written[3]]);
    // SIGTERM: B tells its WebSocket clients it is going away (1001) before it drains and exits.
    b.child.kill('SIGTERM');
    expect((await closed).code).toBe(1001);
  }, 180_000);
});

describe('the database stopped and restarted under live subscriptions', () => {
  it('delivers what is written after the restart, none lost and none twice', async () => {
    const database = await startRestartableDatabase('subs-restart');
    cleanups.push(() => database.dispose());
    const client = await connectClient(database.uri);
    cleanups.push(() => client.close());
    const db = client.db('newsgraph');
    await ensureIndexes(db);
    await seedDatabase(db);
    const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const server = createServer({ config: { ...base, databaseName: 'newsgraph', apiKeys: [apiKey('subs', 'editor', KEY)] }, client });
    await server.start();
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.stop());
    const address = server.http.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const api = apiAt(url);
    const ids = await seedIds(api);

    const { client: subscriber, closed } = connect(url);
    cleanups.push(async () => subscriber.dispose());
    const all: Added = subscribe(subscriber, 'subscription { statementAdded { id } }');
    await until(() => server.subscriptions.stats().subscribers === 1);
    const before = [
      await addStatement(api, ids, ids.putin, 'before 1', {}, KEY),
      await addStatement(api, ids, ids.putin, 'before 2', {}, KEY),
    ];
    await all.received(2);

    await database.stop();
    // Down for longer than the driver's own resume waits (server selection, 1.5 s), so the feed must
    // reopen the stream itself from the resume token it kept.
    await until(() => server.subscriptions.stats().reopenings > 0);
    await database.start();
    // Writes are refused (DATABASE_UNAVAILABLE) until the driver sees the server again.
    const writeWhenBack = async (text: string) => {
      for (;;) {
        try {
          return await addStatement(api, ids, ids.putin, text, {}, KEY);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const after = [await writeWhenBack('after 1'), await writeWhenBack('after 2'), await writeWhenBack('after 3')];
    await all.received(5);
    // One more write: had anything been delivered twice, it would come before this one.
    const last = await addStatement(api, ids, ids.putin, 'last', {}, KEY);
    await all.received(6);
    expect(idsOf(all)).toEqual([...before, ...after, last]);
    expect(all.error).toBeUndefined();
    // The socket stayed open throughout.
    expect(await Promise.race([closed, Promise.resolve('open')])).toBe('open');
  });
});
