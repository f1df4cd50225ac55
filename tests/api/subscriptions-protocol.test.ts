/**
 * The WebSocket transport beside HTTP: the graphql-transport-ws protocol's close codes, credentials
 * in connectionParams, the HTTP query limits on subscription documents, the cap on connections per
 * address, the clear error on a standalone (no change streams), and the 1001 close on shutdown.
 */
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connectClient } from '../../src/db/connect.js';
import { startEmbeddedMongo } from '../../src/embedded-mongo/index.js';
import { createServer } from '../../src/server.js';
import { type ApiHarness, startApi, TEST_JWT_SECRET, TEST_KEYS } from '../helpers/api-server.js';
import { connect, rawSocket, subscribe, wsUrl } from '../helpers/ws-client.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({
    env: { SUBSCRIPTIONS_MAX_PER_CONNECTION: '2', SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP: '4' },
  });
});
afterAll(() => api.stop());

const ARTICLE_TITLES = '{ articles(first: 5) { nodes { headline } } }';

describe('GraphQL over WebSocket at /graphql', () => {
  it('runs queries over the socket with the same answer as HTTP', async () => {
    const { client } = connect(api.url);
    const overSocket = subscribe(client, ARTICLE_TITLES);
    await overSocket.done;
    const overHttp = await api.query(ARTICLE_TITLES);
    expect(overSocket.results).toEqual([{ data: overHttp.data }]);
    await client.dispose();
  });

  it('answers a subscription sent over HTTP with a client error, not a 500', async () => {
    const result = await api.query('subscription { articleAdded { id } }');
    // Never a 500 nor silence; the exact refusal over HTTP belongs to the HTTP layer (issue 13).
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors?.[0]?.message).toMatch(/WebSocket|subscription/i);
  });

  it('refuses the handshake of a client that offers another subprotocol', async () => {
    const { default: WebSocket } = await import('ws');
    const legacy = new WebSocket(wsUrl(api.url), ['graphql-ws']);
    const failure = await new Promise<string>((resolve) => legacy.once('error', (error) => resolve(error.message)));
    expect(failure).toBe('Server sent no subprotocol');
  });

  it('closes malformed messages with the protocol codes', async () => {
    const notJson = await rawSocket(api.url);
    notJson.send('{ not json');
    expect((await notJson.closed).code).toBe(4400);

    const beforeInit = await rawSocket(api.url);
    beforeInit.send({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect(await beforeInit.closed).toEqual({ code: 4401, reason: 'Unauthorized' });

    const noId = await rawSocket(api.url);
    noId.send({ type: 'connection_init' });
    expect((await noId.nextMessage()).type).toBe('connection_ack');
    noId.send({ type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await noId.closed).code).toBe(4400);

    const twiceInit = await rawSocket(api.url);
    twiceInit.send({ type: 'connection_init' });
    twiceInit.send({ type: 'connection_init' });
    expect((await twiceInit.closed).code).toBe(4429);
  });

  it('closes a connection that never initialises with 4408', async () => {
    const silent = await rawSocket(api.url);
    expect((await silent.closed).code).toBe(4408);
  });

  it('refuses an upgrade on any other path', async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${wsUrl(api.url)}/elsewhere`, ['graphql-transport-ws']);
    const status = await new Promise<string>((resolve) => socket.once('error', (error) => resolve(error.message)));
    expect(status).toMatch(/404/);
  });
});

describe('credentials in connectionParams', () => {
  const editJwt = () =>
    new SignJWT({ role: 'editor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('jwt-editor')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  const RENAME = 'mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { description } } }';

  async function personIdAndVersion() {
    const { data } = await api.query<{ person: { id: string; version: number } }>('{ person(slug: "donald-trump") { id version } }');
    return data?.person ?? { id: '', version: 0 };
  }

  it('closes the connection with 4403 and the reason when the credentials are refused', async () => {
    for (const authorization of ['Bearer wrong-key-0123456789abcdef', 'Basic abc']) {
      const { closed } = connect(api.url, { Authorization: authorization });
      const close = await closed;
      expect(close.code).toBe(4403);
      expect(close.reason).toMatch(/Authorization in connectionParams is (unknown|malformed)/);
    }
  });

  it('lets an editor key or JWT write over the socket, as over HTTP', async () => {
    for (const authorization of [`Bearer ${TEST_KEYS.editor}`, `Bearer ${await editJwt()}`]) {
      const { client } = connect(api.url, { Authorization: authorization });
      const person = await personIdAndVersion();
      const write = subscribe(client, RENAME, {
        input: { id: person.id, expectedVersion: person.version, description: authorization.slice(0, 12) },
      });
      await write.done;
      expect(write.results[0].errors).toBeUndefined();
      expect(write.results[0].data).toEqual({ updatePerson: { person: { description: authorization.slice(0, 12) } } });
      await client.dispose();
    }
  });

  it('keeps reads public and refuses anonymous writes with UNAUTHENTICATED', async () => {
    const { client } = connect(api.url);
    const person = await personIdAndVersion();
    const write = subscribe(client, RENAME, { input: { id: person.id, expectedVersion: person.version, description: 'x' } });
    await write.done;
    expect(write.results[0].errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await client.dispose();
  });
});

describe('limits', () => {
  it('applies the HTTP query limits to subscription documents', async () => {
    const { client } = connect(api.url);
    const deep = subscribe(
      client,
      'subscription { statementAdded { speaker { statements { nodes { article { statements { nodes { speaker { name } } } } } } } } }',
    );
    await deep.done;
    expect(deep.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'depth' }) }),
    ]);
    const invalid = subscribe(client, 'subscription { statementAdded { noSuchField } }');
    await invalid.done;
    expect(invalid.error).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/noSuchField/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    await client.dispose();
  });

  it('refuses full-text filters, which only the database can evaluate', async () => {
    const { client } = connect(api.url);
    const text = subscribe(client, 'subscription { statementAdded(filter: { text: "hostage" }) { id } }');
    await text.done;
    expect(text.results[0].errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.text' });
    await client.dispose();
  });

  it('caps the connections from one address with 429', async () => {
    while (api.server.subscriptions.stats().connections > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const open = await Promise.all([1, 2, 3, 4].map(() => rawSocket(api.url)));
    const { default: WebSocket } = await import('ws');
    const fifth = new WebSocket(wsUrl(api.url), ['graphql-transport-ws']);
    const status = await new Promise<string>((resolve) => fifth.once('error', (error) => resolve(error.message)));
    expect(status).toMatch(/429/);
    for (const raw of open) raw.socket.close();
    await Promise.all(open.map((raw) => raw.closed));
  });
});

describe('a deployment without change streams', () => {
  it('answers each subscription field with SUBSCRIPTIONS_UNAVAILABLE, never silence', async () => {
    const database = await startEmbeddedMongo({ standalone: true });
    const client = await connectClient(database.uri);
    const server = createServer({
      config: { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), databaseName: 'standalone' },
      client,
    });
    await server.start();
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    const { port } = server.http.address() as AddressInfo;
    const { client: subscriber } = connect(`http://127.0.0.1:${port}`);
    for (const field of [
      'statementAdded { id }',
      'articleAdded { id }',
      'exchangeAdded { id }',
      'nodeChanged(id: "UGVyc29uOjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==") { id }',
    ]) {
      const subscription = subscribe(subscriber, `subscription { ${field} }`);
      await subscription.done;
      expect(subscription.results).toEqual([
        {
          errors: [
            expect.objectContaining({ message: expect.stringMatching(/replica set/), extensions: { code: 'SUBSCRIPTIONS_UNAVAILABLE' } }),
          ],
        },
      ]);
    }
    await subscriber.dispose();
    await server.stop();
    await client.close();
    await database.stop();
  });
});

describe('shutdown', () => {
  it('closes every socket with 1001 (going away) when the server stops, so clients reconnect elsewhere', async () => {
    const other = await startApi({ seed: false });
    const { closed, connected } = connect(other.url);
    await connected;
    const stopping = other.stop();
    expect((await closed).code).toBe(1001);
    await stopping;
  });
});
