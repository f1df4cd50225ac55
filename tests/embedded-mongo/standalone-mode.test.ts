/**
 * The embedded server started with `standalone: true` (or `--standalone`) behaves as a standalone
 * mongod: no set name, no transactions (code 20), no change streams (40573). These tests always
 * run the embedded server, since its standalone mode is what they test.
 */
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '../../src/embedded-mongo/index.js';

let server: EmbeddedMongo;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedMongo({ standalone: true });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

describe('the embedded server as a standalone', () => {
  it('prints a direct-connection URI and answers hello without a set name, cluster time or topology version', async () => {
    expect(server.uri).toMatch(/directConnection=true/);
    expect(server.replicaSet).toBeUndefined();
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBeUndefined();
    expect(hello.hosts).toBeUndefined();
    expect(hello.topologyVersion).toBeUndefined();
    expect(hello.$clusterTime).toBeUndefined();
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
  });

  it('refuses transactions as a standalone does (code 20)', async () => {
    const session = client.startSession();
    try {
      session.startTransaction();
      const error = await client
        .db('standalone')
        .collection('txn')
        .findOne({}, { session })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(20);
      await session.abortTransaction().catch(() => {});
    } finally {
      await session.endSession();
    }
  });

  it('refuses change streams (40573)', async () => {
    const stream = client.db('standalone').collection('events').watch();
    const error = await stream.tryNext().catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(40573);
    await stream.close();
  });
});
