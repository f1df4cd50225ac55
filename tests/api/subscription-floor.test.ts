/**
 * The subscription floor (bench/subscription-floor.ts) must do per event exactly the MongoDB work
 * newsgraph does for the bench's subscription and write exactly newsgraph's bytes, or
 * `npm run bench:subscriptions:floor` compares against something else. Both serve subscribers at the
 * same time on one database; each has its own monitored client, so their commands are told apart.
 * The change stream's getMores are left out of the per-event comparison: how many events one getMore
 * carries depends on timing, not on the code; the stream they come from is compared when it opens.
 */
import { type CommandStartedEvent, type MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSubscriber } from '../../bench/raw-subscriber.js';
import {
  floorPayload,
  nextMessage,
  SUBSCRIPTION_FLOOR_SELECTION,
  type SubscriptionFloor,
  startSubscriptionFloor,
} from '../../bench/subscription-floor.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
let floorClient: MongoClient;
let writer: MongoClient;
let floor: SubscriptionFloor;
const floorCommands: CommandStartedEvent[] = [];
const IGNORED = new Set(['hello', 'ismaster', 'isMaster', 'endSessions', 'ping']);

beforeAll(async () => {
  api = await startApi({ production: true });
  floorClient = await api.database.connect({ monitorCommands: true });
  floorClient.on('commandStarted', (event) => {
    if (!IGNORED.has(event.commandName)) floorCommands.push(event);
  });
  writer = await api.database.connect();
  floor = await startSubscriptionFloor(floorClient.db(api.db.databaseName));
});
afterAll(async () => {
  await floor.close();
  await floorClient.close();
  await writer.close();
  await api.stop();
});

const SESSION_FIELDS = new Set(['lsid', '$clusterTime', '$db', 'txnNumber', 'startAfter', 'resumeAfter', 'startAtOperationTime']);
const normalized = (event: CommandStartedEvent) =>
  JSON.stringify(event.command, (key, value) => (SESSION_FIELDS.has(key) ? undefined : value)).replace(/[0-9a-f]{24}/g, '<id>');
const perEvent = (events: CommandStartedEvent[]) =>
  events
    .filter((event) => event.commandName !== 'getMore')
    .map(normalized)
    .sort();
const changeStreamOpenings = (events: CommandStartedEvent[]) =>
  events.filter((event) => JSON.stringify(event.command.pipeline ?? []).includes('$changeStream')).map(normalized);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the subscription floor', () => {
  it("sends newsgraph's commands per event and writes newsgraph's bytes to every subscriber", async () => {
    const statements = writer.db(api.db.databaseName).collection('statements', { writeConcern: { w: 'majority', j: true } });
    const template = await statements.findOne({ speakerId: { $exists: true }, status: { $nin: ['PENDING', 'REJECTED'] } });
    if (!template) throw new Error('the seed has no confirmed statement with a speaker');
    const speaker = await writer.db(api.db.databaseName).collection('people').findOne({ _id: template.speakerId });
    const insert = (_id: ObjectId, text: string) =>
      statements.insertOne({ ...template, _id, slug: `floor-test-${_id.toHexString()}`, text });

    // Two events planned (their bytes recorded before they happen, as the bench does), one not.
    const planned = [new ObjectId(), new ObjectId()].map((_id, i) => ({ _id, text: `planned ${i} "quoted" — é` }));
    const plan = planned.map((event) => ({ id: event._id.toHexString(), payload: floorPayload({ ...template, ...event }, speaker) }));
    const posted = await fetch(`${floor.url}/plan`, { method: 'POST', body: JSON.stringify(plan) });
    expect(posted.status).toBe(204);

    api.resetCommands();
    floorCommands.length = 0;
    const ids = ['a', 'b', 'c'];
    const onNewsgraph = ids.map((id) => new RawSubscriber(api.url, id, SUBSCRIPTION_FLOOR_SELECTION));
    const onFloor = ids.map((id) => new RawSubscriber(floor.url, id, SUBSCRIPTION_FLOOR_SELECTION));
    const everyone = [...onNewsgraph, ...onFloor];
    // Registered once a probe reaches every subscriber of both.
    for (let probe = 0; everyone.some((s) => s.receipts.length === 0); probe++) {
      if (probe > 50) throw new Error('the subscribers never got live');
      await insert(new ObjectId(), `probe ${probe}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const probes = everyone.map((s) => s.receipts.length);
    expect(changeStreamOpenings(floorCommands)).toEqual(changeStreamOpenings(api.commands));
    expect(changeStreamOpenings(floorCommands)).toHaveLength(1);

    api.resetCommands();
    floorCommands.length = 0;
    const unplanned = { _id: new ObjectId(), text: 'not planned' };
    for (const event of [...planned, unplanned]) await insert(event._id, event.text);
    await until(() => everyone.every((s, i) => s.receipts.length === probes[i] + 3), 'every event at every subscriber');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const newsgraphCommands = perEvent(api.commands);
    const floorEventCommands = perEvent(floorCommands);

    // One by-id find of the speaker per event, whatever the number of subscribers, on both.
    expect(newsgraphCommands).toHaveLength(3);
    expect(newsgraphCommands.every((command) => command.startsWith('{"find":"people"'))).toBe(true);
    expect(floorEventCommands).toEqual(newsgraphCommands);

    for (const [i, id] of ids.entries()) {
      const newsgraphBytes = onNewsgraph[i].receipts.slice(probes[i]).map((r) => r.text);
      const floorBytes = onFloor[i].receipts.slice(probes[i + ids.length]).map((r) => r.text);
      expect(floorBytes).toEqual(newsgraphBytes);
      // And they are the bytes the bench expects, planned or not.
      const expected = [...planned, unplanned].map((event) => nextMessage(id, floorPayload({ ...template, ...event }, speaker)));
      expect(newsgraphBytes).toEqual(expected);
    }
    for (const subscriber of everyone) expect(subscriber.problem).toBeUndefined();
    await Promise.all(everyone.map((s) => s.close()));
  });
});
