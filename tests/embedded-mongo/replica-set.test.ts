/**
 * The deployment as the driver sees it when it is a replica set (the embedded server's default,
 * or a real one given by MONGODB_URI / TEST_DB=memory-server with a replica set): a primary with a
 * set name, cluster time gossip, and server sessions.
 */
import { Long, type MongoClient, Timestamp } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('replset');
});
afterAll(() => t.stop());

/** The driver's view of the deployment after it has connected. */
function topologyOf(client: MongoClient): { type: string; servers: Array<{ type: string }> } {
  const description = (client as unknown as { topology: { description: { type: string; servers: Map<string, { type: string }> } } })
    .topology.description;
  return { type: description.type, servers: [...description.servers.values()] };
}

describe('a one-node replica set', () => {
  it('answers hello as a primary: set name, hosts, primary, me, electionId, lastWrite', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.secondary).toBe(false);
    expect(typeof hello.setName).toBe('string');
    expect(hello.hosts).toContain(hello.primary);
    expect(hello.me).toBe(hello.primary);
    expect(hello.setVersion).toBeGreaterThanOrEqual(1);
    expect(hello.electionId).toBeDefined();
    expect(hello.lastWrite.opTime.ts).toBeInstanceOf(Timestamp);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
  });

  it('is ReplicaSetWithPrimary for the driver, and an RSPrimary server with directConnection=true', async () => {
    expect(t.server.uri).toMatch(/replicaSet=/);
    expect(topologyOf(t.client).type).toBe('ReplicaSetWithPrimary');
    const direct = await t.connect({ directConnection: true });
    await direct.db('admin').command({ ping: 1 });
    const view = topologyOf(direct);
    expect(view.type).toBe('Single');
    expect(view.servers[0].type).toBe('RSPrimary');
  });

  it('gossips $clusterTime and answers writes with an operationTime that moves forward', async () => {
    const coll = t.db.collection('clock');
    const first = await t.db.command({ insert: 'clock', documents: [{ n: 1 }] });
    const second = await t.db.command({ insert: 'clock', documents: [{ n: 2 }] });
    expect(first.operationTime).toBeInstanceOf(Timestamp);
    expect(first.$clusterTime.clusterTime).toBeInstanceOf(Timestamp);
    expect((second.operationTime as Timestamp).greaterThan(first.operationTime as Timestamp)).toBe(true);
    const session = t.client.startSession();
    await coll.findOne({}, { session });
    expect(session.clusterTime?.clusterTime).toBeInstanceOf(Timestamp);
    expect(session.operationTime).toBeInstanceOf(Timestamp);
    await session.endSession();
  });
});

describe('server sessions', () => {
  it('lists a session that ran a command, refreshes it, and forgets it once ended', async () => {
    const session = t.client.startSession();
    await t.db.collection('sessions').insertOne({ a: 1 }, { session });
    const id = session.id?.id;
    const mine = async () =>
      (
        await t.client
          .db('admin')
          .aggregate([{ $listLocalSessions: { allUsers: true } }, { $match: { '_id.id': id } }])
          .toArray()
      ).length;
    expect(await mine()).toBe(1);
    expect((await t.client.db('admin').command({ refreshSessions: [session.id] })).ok).toBe(1);
    expect((await t.client.db('admin').command({ endSessions: [session.id] })).ok).toBe(1);
    expect(await mine()).toBe(0);
    await session.endSession();
  });

  it('accepts killSessions and killAllSessions', async () => {
    const session = t.client.startSession();
    await t.db.collection('sessions').findOne({}, { session });
    expect((await t.client.db('admin').command({ killSessions: [session.id] })).ok).toBe(1);
    expect((await t.client.db('admin').command({ killAllSessions: [] })).ok).toBe(1);
    await session.endSession();
  });

  it('refuses a retryable-write number that is older than one the session already used (225)', async () => {
    const session = t.client.startSession();
    const coll = t.db.collection('numbers');
    await t.db.command({ insert: 'numbers', documents: [{ n: 1 }], txnNumber: Long.fromNumber(5) }, { session });
    const error = await t.db
      .command({ insert: 'numbers', documents: [{ n: 2 }], txnNumber: Long.fromNumber(4) }, { session })
      .catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(225);
    expect(await coll.countDocuments()).toBe(1);
    await session.endSession();
  });
});
