/**
 * A database restarted under a busy client: the API's client must serve again once the database is
 * back, whatever state the driver's monitor was left in. Reproduces the driver 7.9 race the
 * heartbeat watchdog exists for: a change stream waiting in getMore and every connection closed at
 * once by the server, after which the monitor's heartbeat never ends (without the watchdog, every
 * operation fails server selection for good). The database is the embedded server, stoppable and
 * restartable on the same port with its data directory, whatever TEST_DB says.
 */
import type { ChangeStream } from 'mongodb';
import { afterAll, expect, it } from 'vitest';
import { connectClient } from '../../src/db/connect.js';
import { startRestartableDatabase } from '../helpers/restartable-database.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('serves again after the database restarts under a waiting change stream', async () => {
  const database = await startRestartableDatabase('restart');
  cleanups.push(() => database.dispose());
  const client = await connectClient(database.uri);
  cleanups.push(() => client.close());
  const notes = client.db('restart').collection<{ n: number }>('notes');
  await notes.insertOne({ n: 1 });

  // A change stream that keeps a getMore waiting on the server, reopened whenever it fails.
  let watching = true;
  let stream: ChangeStream | undefined;
  const watcher = (async () => {
    while (watching) {
      try {
        stream = notes.watch([], { maxAwaitTimeMS: 200 });
        for await (const _change of stream) {
          // Only the waiting getMore matters here.
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 500));

  await database.stop();
  // Longer than server selection (1.5 s): operations meanwhile fail rather than wait it out.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await expect(notes.insertOne({ n: 0 })).rejects.toThrow();
  await database.start();

  // Retries until the write goes through (the test's timeout is the bound).
  for (;;) {
    try {
      await notes.insertOne({ n: 2 });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  expect(await notes.countDocuments({ n: { $in: [1, 2] } })).toBe(2);
  watching = false;
  await stream?.close();
  await watcher;
});
