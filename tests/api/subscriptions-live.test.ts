/**
 * Live events over real sockets with a graphql-ws client, on a database with change streams: each
 * subscription field, filters evaluated in process, nested fields batched per event, the cap on
 * subscriptions per connection, and the slow-consumer close.
 */
import { ObjectId } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';
import { addStatement, type SeedIds, seedIds, until } from '../helpers/live-writes.js';
import { connect, rawSocket, subscribe } from '../helpers/ws-client.js';

let api: ApiHarness;
let ids: SeedIds;
beforeAll(async () => {
  api = await startApi({ env: { SUBSCRIPTIONS_MAX_PER_CONNECTION: '3' } });
  ids = await seedIds(api);
});
afterAll(() => api.stop());
// Each test starts with no subscriber left from the one before, so counts below are its own.
afterEach(() => until(() => subscribers() === 0));

const subscribers = () => api.server.subscriptions.stats().subscribers;
/** Waits until this many subscriptions are registered with the server's hub, so that the next write reaches them. */
const live = (count: number) => until(() => subscribers() === count);

interface StatementEvent {
  statementAdded: { id: string; text: string; speaker: { name: string }; article: { headline: string } };
}

describe('statementAdded', () => {
  it('delivers a new statement with nested fields resolved by the normal resolvers', async () => {
    const { client } = connect(api.url);
    const added = subscribe<StatementEvent>(client, 'subscription { statementAdded { id text speaker { name } article { headline } } }');
    await live(1);
    const id = await addStatement(api, ids, ids.trump, 'Russia has to get moving');
    const [event] = await added.received(1);
    expect(event.errors).toBeUndefined();
    expect(event.data?.statementAdded).toEqual({
      id,
      text: 'Russia has to get moving',
      speaker: { name: 'Donald Trump' },
      article: { headline: expect.any(String) },
    });
    await client.dispose();
  });

  it('gives a subscriber to one speaker exactly that speaker’s statements, and honours the other filters', async () => {
    const { client } = connect(api.url);
    const query = 'subscription($filter: StatementFilter) { statementAdded(filter: $filter) { id } }';
    const toPutin = subscribe<{ statementAdded: { id: string } }>(client, query, { filter: { speakerId: ids.putin } });
    const russians = subscribe<{ statementAdded: { id: string } }>(client, query, {
      filter: { speakerNationality: 'RU', channel: 'TASS' },
    });
    const aboutPutin = subscribe<{ statementAdded: { id: string } }>(client, query, { filter: { aboutId: ids.putin } });
    await live(3);
    const written = {
      trump: await addStatement(api, ids, ids.trump, 'one', { aboutIds: [ids.putin] }),
      putin: await addStatement(api, ids, ids.putin, 'two', { channel: 'TASS' }),
      peskov: await addStatement(api, ids, ids.peskov, 'three', { channel: 'Interfax' }),
      peskovTass: await addStatement(api, ids, ids.peskov, 'four', { channel: 'TASS' }),
      // Each subscription's last event: anything unexpected would have arrived before it.
      last: await addStatement(api, ids, ids.putin, 'five', { channel: 'TASS', aboutIds: [ids.putin] }),
    };
    const idsOf = async (subscription: typeof toPutin, count: number) =>
      (await subscription.received(count)).map((result) => result.data?.statementAdded.id);
    expect(await idsOf(toPutin, 2)).toEqual([written.putin, written.last]);
    expect(await idsOf(russians, 3)).toEqual([written.putin, written.peskovTass, written.last]);
    expect(await idsOf(aboutPutin, 2)).toEqual([written.trump, written.last]);
    await client.dispose();
  });

  it('reads a nested field once per event, however many subscribers select it, in whatever selection', async () => {
    const clients = [1, 2, 3, 4, 5].map(() => connect(api.url));
    // Five different selections, so five executions per event (identical ones would share one).
    const subscriptions = clients.map(({ client }, n) =>
      subscribe<StatementEvent>(client, `subscription { statementAdded { id${n}: id speaker { name } article { headline } } }`),
    );
    await live(5);
    const template = await api.db.collection('statements').findOne({});
    api.resetCommands();
    // Written straight to the database: the API itself reads nothing for the write.
    const _id = new ObjectId();
    await api.db.collection('statements').insertOne({ ...template, _id, slug: `live-${_id.toHexString()}` });
    const events = await Promise.all(subscriptions.map((subscription) => subscription.received(1)));
    for (const [event] of events) expect(event.data?.statementAdded.speaker.name).toEqual(expect.any(String));
    const reads = (collection: string) => api.commands.filter((c) => c.commandName === 'find' && c.command.find === collection).length;
    expect({ people: reads('people'), articles: reads('articles') }).toEqual({ people: 1, articles: 1 });
    for (const { client } of clients) await client.dispose();
  });
});

describe('articleAdded, exchangeAdded, nodeChanged', () => {
  it('delivers a new article and a new exchange', async () => {
    const { client } = connect(api.url);
    const articles = subscribe<{ articleAdded: { slug: string; paragraphs: { text: string }[] } }>(
      client,
      'subscription { articleAdded { slug paragraphs { text } } }',
    );
    const exchanges = subscribe<{ exchangeAdded: { slug: string; releases: { person: { name: string } }[] } }>(
      client,
      'subscription { exchangeAdded { slug releases { person { name } } } }',
    );
    await live(2);
    const article = await api.query(
      'mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } userErrors { message } } }',
      {
        input: { slug: 'live-article', headline: 'Live', publishedAt: '2025-04-12T10:00:00Z', paragraphs: [{ text: 'A new paragraph.' }] },
      },
      bearer(TEST_KEYS.editor),
    );
    expect(article.errors).toBeUndefined();
    expect((await articles.received(1))[0].data?.articleAdded).toEqual({
      slug: 'live-article',
      paragraphs: [{ text: 'A new paragraph.' }],
    });
    const exchange = await api.query(
      'mutation($input: CreateExchangeInput!) { createExchange(input: $input) { exchange { id } userErrors { message } } }',
      { input: { slug: 'live-exchange', date: '2025-04-12', description: 'A swap.', countries: ['US', 'RU'] } },
      bearer(TEST_KEYS.editor),
    );
    expect(exchange.errors).toBeUndefined();
    expect((await exchanges.received(1))[0].data?.exchangeAdded).toEqual({ slug: 'live-exchange', releases: [] });
    await client.dispose();
  });

  it('delivers changes and the deletion of one node', async () => {
    const { client } = connect(api.url);
    const statementId = await addStatement(api, ids, ids.peskov, 'to be edited');
    const changes = subscribe<{ nodeChanged: { id: string; operation: string; node: { text: string } | null } }>(
      client,
      'subscription($id: ID!) { nodeChanged(id: $id) { id operation node { ... on Statement { text } } } }',
      { id: statementId },
    );
    await live(1);
    const edit = await api.query(
      'mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { userErrors { message } } }',
      { input: { id: statementId, expectedVersion: 1, text: 'edited' } },
      bearer(TEST_KEYS.editor),
    );
    expect(edit.errors).toBeUndefined();
    const removal = await api.query(
      'mutation($input: DeleteInput!) { deleteStatement(input: $input) { userErrors { message } } }',
      { input: { id: statementId } },
      bearer(TEST_KEYS.editor),
    );
    expect(removal.errors).toBeUndefined();
    expect((await changes.received(2)).map((result) => result.data?.nodeChanged)).toEqual([
      { id: statementId, operation: 'UPDATED', node: expect.anything() },
      { id: statementId, operation: 'DELETED', node: null },
    ]);
    await client.dispose();
  });

  it('answers a subscription to a missing or malformed id with an error', async () => {
    const { client } = connect(api.url);
    const missing = subscribe(client, 'subscription($id: ID!) { nodeChanged(id: $id) { id } }', {
      id: Buffer.from('Person:000000000000000000000000').toString('base64'),
    });
    const malformed = subscribe(client, 'subscription { nodeChanged(id: "nope") { id } }');
    await Promise.all([missing.done, malformed.done]);
    expect(missing.results[0].errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(malformed.results[0].errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await client.dispose();
  });
});

describe('limits on live subscriptions', () => {
  it('refuses a subscription beyond the cap per connection, and frees the slot when one completes', async () => {
    const { client } = connect(api.url);
    const open = [1, 2, 3].map(() => subscribe(client, 'subscription { articleAdded { id } }'));
    await live(3);
    const fourth = subscribe(client, 'subscription { articleAdded { id } }');
    await fourth.done;
    expect(fourth.error).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max: 3 } })]);
    open[0].stop();
    await live(2);
    const again = subscribe(client, 'subscription { articleAdded { id } }');
    await live(3);
    expect(again.error).toBeUndefined();
    await client.dispose();
  });
});

describe('a slow consumer', () => {
  it('is disconnected with 1008 once its queue is full, instead of holding ever more events', async () => {
    const slow = await startApi({ env: { SUBSCRIPTIONS_QUEUE_LIMIT: '5' } });
    const raw = await rawSocket(slow.url);
    raw.send({ type: 'connection_init' });
    await raw.nextMessage();
    raw.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { statementAdded { context } } ' } });
    await until(() => slow.server.subscriptions.stats().subscribers === 1);
    // The client stops reading: the kernel's buffers fill, then the server's queue.
    (raw.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const template = await slow.db.collection('statements').findOne({});
    const bulky = 'x'.repeat(256 * 1024);
    let written = 0;
    let closed: { code: number; reason: string } | undefined;
    void raw.closed.then((close) => {
      closed = close;
    });
    // The server drops the subscription once its queue overflows and closes the socket; the paused
    // client sees the close only when it reads again, so watch the server's side.
    while (slow.server.subscriptions.stats().subscribers > 0 && written < 2000) {
      const _id = new ObjectId();
      await slow.db.collection('statements').insertOne({ ...template, _id, slug: `slow-${_id.toHexString()}`, context: bulky });
      written += 1;
    }
    expect(slow.server.subscriptions.stats().subscribers).toBe(0);
    (raw.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await raw.closed;
    expect(closed).toEqual({ code: 1008, reason: 'Slow consumer: more than 5 events were waiting to be sent' });
    await slow.stop();
  });
});
