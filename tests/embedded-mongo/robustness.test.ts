/**
 * Hostile and broken input on the wire: each offending connection is closed, the server keeps
 * serving everyone else. Also many clients at once.
 */
import { connect, type Socket } from 'node:net';
import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
let host: string;
let port: number;
beforeAll(async () => {
  t = await startTestDatabase('robust');
  const url = new URL(t.server.uri.replace(/^mongodb:\/\//, 'http://'));
  host = url.hostname;
  port = Number(url.port || 27017);
});
afterAll(() => t.stop());

/** Sends raw bytes and resolves with whatever came back once the server closed the socket (or 2 s passed). */
function sendRaw(bytes: Buffer, endAfterWrite = false): Promise<{ closed: boolean; received: Buffer }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, host);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, received: Buffer.concat(chunks) });
    }, 2000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, received: Buffer.concat(chunks) });
    });
    socket.on('connect', () => {
      socket.write(bytes);
      if (endAfterWrite) socket.end();
    });
  });
}

function header(length: number, opCode: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32LE(length, 0);
  b.writeInt32LE(1, 4);
  b.writeInt32LE(0, 8);
  b.writeInt32LE(opCode, 12);
  return b;
}

async function stillServes(): Promise<void> {
  expect((await t.db.command({ ping: 1 })).ok).toBe(1);
}

describe('malformed frames', () => {
  it('closes a connection that sends garbage', async () => {
    const { closed } = await sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(closed).toBe(true);
    await stillServes();
  });

  it('closes a connection that claims an oversized or impossible length', async () => {
    expect((await sendRaw(header(64 * 1024 * 1024, 2013))).closed).toBe(true);
    expect((await sendRaw(header(3, 2013))).closed).toBe(true);
    await stillServes();
  });

  it('closes a connection that sends an unknown opcode', async () => {
    const body = Buffer.alloc(24);
    const { closed } = await sendRaw(Buffer.concat([header(16 + body.length, 9999), body]));
    expect(closed).toBe(true);
    await stillServes();
  });

  it('closes a connection that sends invalid BSON inside OP_MSG', async () => {
    const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from([40, 0, 0, 0, 2, 0x61, 0, 0xff, 0xff])]);
    const frame = Buffer.concat([header(16 + body.length, 2013), body]);
    const { received } = await sendRaw(frame);
    // No successful reply to a broken message.
    expect(received.length === 0 || received.readInt32LE(12) === 2013).toBe(true);
    await stillServes();
  });

  it('survives a truncated frame followed by a hang-up', async () => {
    const doc = serialize({ ping: 1, $db: 'admin' });
    const full = Buffer.concat([header(16 + 5 + doc.length, 2013), Buffer.alloc(5), doc]);
    await sendRaw(full.subarray(0, full.length - 7), true);
    await stillServes();
  });

  it('answers a well-formed raw OP_MSG ping', async () => {
    const doc = serialize({ ping: 1, $db: 'admin' });
    const full = Buffer.concat([header(16 + 5 + doc.length, 2013), Buffer.alloc(5), doc]);
    const { received } = await sendRaw(full);
    expect(received.length).toBeGreaterThan(21);
    expect(received.readInt32LE(8)).toBe(1); // responseTo the request id
  });
});

describe('many clients', () => {
  it('serves 200 concurrent connections', async () => {
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => new MongoClient(t.server.uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 10_000 }).connect()),
    );
    try {
      const coll = (client: MongoClient) => client.db(t.db.databaseName).collection('crowd');
      await Promise.all(clients.map((client, i) => coll(client).insertOne({ i })));
      const counts = await Promise.all(clients.map((client) => coll(client).countDocuments()));
      expect(counts.every((n) => n === 200)).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
    await stillServes();
  });
});
