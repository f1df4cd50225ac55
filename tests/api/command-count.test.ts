/**
 * No N+1: the number of MongoDB commands a request sends depends on the query's shape, not on how
 * many items it returns. Measured with the driver's command monitoring on a synthetic dataset.
 */
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import type { PersonDocument, StatementDocument } from '../../src/db/documents.js';
import { DocumentsById } from '../../src/loaders/documents-by-id.js';
import { createLoaders } from '../../src/loaders/index.js';
import { relatedConnections } from '../../src/repositories/related-connections.js';
import { statementSort } from '../../src/repositories/statements.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
const SIZE = 100;

beforeAll(async () => {
  // The nested query below is deeper and costlier than the default limits allow; limits have their own tests.
  api = await startApi({ seed: false, limits: { depth: 12, cost: 1_000_000 } });
  const people = Array.from({ length: SIZE }, (_, i) => ({
    _id: new ObjectId(),
    slug: `synthetic-person-${i}`,
    name: `Synthetic Person ${i}`,
    aliases: [],
    description: null,
    nationalities: [i % 2 ? 'US' : 'RU'],
    roles: [],
  }));
  const articles = Array.from({ length: SIZE }, (_, i) => ({
    _id: new ObjectId(),
    slug: `synthetic-article-${i}`,
    headline: `Synthetic article ${i}`,
    publishedAt: new Date(Date.UTC(2025, 0, 1 + i)),
    dateline: null,
    paragraphs: [{ index: 0, text: `Paragraph of synthetic article ${i}.`, section: null }],
    topics: [],
    personIds: [people[i]._id, people[(i + 1) % SIZE]._id],
    sourceFile: null,
  }));
  const statements = articles.flatMap((article, i) =>
    [0, 1].map((k) => ({
      _id: new ObjectId(),
      slug: `synthetic-statement-${i}-${k}`,
      text: 'synthetic',
      kind: 'PARAPHRASE',
      speakerId: people[(i + k) % SIZE]._id,
      articleId: article._id,
      paragraphIndex: 0,
      channel: null,
      saidOn: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
      saidOnPrecision: 'DAY',
      aboutIds: [people[(i + 2) % SIZE]._id],
      context: null,
      evidence: [{ articleId: article._id, paragraphIndex: 0, excerpt: 'synthetic' }],
    })),
  );
  // Each person also spoke, earlier, in an older interview that no listed page contains, so the
  // innermost `article` always needs the by-id loader instead of being primed by the list.
  const interviews = people.map((person, i) => ({
    ...articles[i],
    _id: new ObjectId(),
    slug: `synthetic-interview-${i}`,
    headline: `Synthetic interview ${i}`,
    publishedAt: new Date(Date.UTC(2020, 0, 1)),
    personIds: [person._id],
  }));
  statements.push(
    ...interviews.map((interview, i) => ({
      ...statements[0],
      _id: new ObjectId(),
      slug: `synthetic-interview-statement-${i}`,
      speakerId: people[i]._id,
      articleId: interview._id,
      saidOn: '2020-01-01',
    })),
  );
  articles.push(...interviews);
  await api.db.collection('people').insertMany(people);
  await api.db.collection('articles').insertMany(articles);
  await api.db.collection('statements').insertMany(statements);
});
afterAll(() => api.stop());

const NESTED = `query($n: Int!) {
  articles(first: $n) {
    nodes {
      headline
      statements(first: 5) {
        nodes {
          text
          speaker {
            name
            statements(first: 5) { totalCount nodes { verification { status } article { headline } } }
          }
        }
      }
    }
  }
}`;

async function commandsFor(query: string, n: number): Promise<string[]> {
  api.resetCommands();
  const result = await api.query<{ articles: { nodes: unknown[] } }>(query, { n });
  expect(result.errors).toBeUndefined();
  expect(result.data?.articles.nodes).toHaveLength(n);
  return api.commands.map((c) => c.commandName);
}

describe('database commands per request', () => {
  it('is the same for 1, 10 and 100 articles through articles → statements → speaker → statements → article', async () => {
    const one = await commandsFor(NESTED, 1);
    const ten = await commandsFor(NESTED, 10);
    const hundred = await commandsFor(NESTED, 100);
    expect(ten).toEqual(one);
    expect(hundred).toEqual(one);
    // articles find + statements by article + speakers + statements by speaker (+ their counts).
    expect(one.length).toBeLessThanOrEqual(6);
  });

  it('does not count what is not selected', async () => {
    api.resetCommands();
    await api.query('{ people(first: 50) { nodes { name } } }');
    expect(api.commands.map((c) => c.commandName)).toEqual(['find']);
    api.resetCommands();
    await api.query('{ people(first: 50) { totalCount nodes { name } } }');
    // An unfiltered totalCount is the collection's count, not a scan.
    expect(api.commands.map((c) => c.commandName).sort()).toEqual(['count', 'find']);
  });

  it('counts a nested connection only when totalCount is selected, and then together with its page', async () => {
    const countAggregates = () =>
      api.commands.filter((c) => c.commandName === 'aggregate' && JSON.stringify(c.command.pipeline).includes('$group')).length;
    api.resetCommands();
    await api.query('{ people(first: 5) { nodes { statements(first: 1) { nodes { text } } } } }');
    expect(countAggregates()).toBe(0);
    api.resetCommands();
    const counted = await api.query<{ people: { nodes: Array<{ statements: { totalCount: number } }> } }>(
      '{ people(first: 5) { nodes { statements(first: 1) { totalCount } } } }',
    );
    expect(countAggregates()).toBe(1);
    const speakerIds = (await api.db.collection('statements').distinct('speakerId')).map(String);
    const expected = await Promise.all(
      (await api.db.collection('people').find({}).sort({ name: 1, _id: 1 }).limit(5).toArray()).map((p) =>
        speakerIds.includes(String(p._id)) ? api.db.collection('statements').countDocuments({ speakerId: p._id }) : 0,
      ),
    );
    expect(counted.data?.people.nodes.map((n) => n.statements.totalCount)).toEqual(expected);
    // Read with the page, the count is a plain number by the time graphql-js asks for it.
    const [person] = await api.db.collection('people').find({}).sort({ name: 1, _id: 1 }).limit(1).toArray();
    const statements = api.db.collection<StatementDocument>('statements');
    const relation = { parentField: 'speakerId', many: false };
    const withCount = await relatedConnections(statements, relation, [person._id], {}, statementSort(null), { first: 1 }, true);
    const onDemand = await relatedConnections(statements, relation, [person._id], {}, statementSort(null), { first: 1 });
    const countNow = withCount.get(person._id.toHexString())?.totalCount();
    const countLater = onDemand.get(person._id.toHexString())?.totalCount();
    expect(typeof countNow).toBe('number');
    expect(countLater).toBeInstanceOf(Promise);
    expect(await countLater).toBe(countNow);
  });

  it('reads speakers ahead in the batch their fields would send, and only when they are selected', async () => {
    const names = () => api.commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`);
    api.resetCommands();
    await api.query('{ articles(first: 3) { nodes { statements(first: 2) { nodes { text } } } } }');
    expect(names()).toEqual(['find articles', 'aggregate statements']);
    api.resetCommands();
    const read = await api.query<{ articles: { nodes: Array<{ statements: { nodes: Array<{ speaker: { name: string } }> } }> } }>(
      '{ articles(first: 3) { nodes { statements(first: 2) { edges { node { speaker { name } } } } } } }',
    );
    expect(read.errors).toBeUndefined();
    expect(names()).toEqual(['find articles', 'aggregate statements', 'find people']);
  });
});

describe('documents read by slug', () => {
  it('serve the by-id reads that follow in the same request', async () => {
    api.resetCommands();
    const read = await api.query<{ article: { headline: string; statements: { nodes: Array<{ article: { headline: string } }> } } }>(
      '{ article(slug: "synthetic-article-3") { headline statements(first: 2) { nodes { article { headline } verification { status } } } } }',
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.article.statements.nodes.map((s) => s.article.headline)).toEqual(['Synthetic article 3', 'Synthetic article 3']);
    // The article is read once, by its slug; the statements' `article` and verification reuse it.
    expect(api.commands.map((c) => `${c.commandName} ${c.command[c.commandName]}`)).toEqual(['find articles', 'aggregate statements']);
  });
});

describe('DocumentsById', () => {
  it('answers with a plain document once the request has it, and with a promise otherwise', async () => {
    const [first, second] = await api.db.collection<PersonDocument>('people').find({}).limit(2).toArray();
    const loader = new DocumentsById(api.db.collection<PersonDocument>('people'));
    expect(loader.get(first._id)).toBeInstanceOf(Promise);
    await loader.loadMany([first._id]);
    expect(loader.get(first._id)).toMatchObject({ _id: first._id, name: first.name });
    loader.clear(first._id);
    expect(loader.get(first._id)).toBeInstanceOf(Promise);
    loader.primeAll([second]);
    expect(loader.get(second._id)).toBe(second);
    // Without a cache (the benchmark's no-batching variant) nothing is remembered.
    const uncached = new DocumentsById(api.db.collection<PersonDocument>('people'), { batch: false, cache: false });
    await uncached.load(first._id);
    uncached.primeAll([second]);
    expect(uncached.get(first._id)).toBeInstanceOf(Promise);
    expect(uncached.get(second._id)).toBeInstanceOf(Promise);
  });

  it('reads ahead only the ids the request does not hold, each once', async () => {
    const [first, second] = await api.db.collection<PersonDocument>('people').find({}).limit(2).toArray();
    const loader = new DocumentsById(api.db.collection<PersonDocument>('people'));
    loader.primeAll([second]);
    api.resetCommands();
    await loader.readAhead([first._id, second._id, new ObjectId(first._id.toHexString())]);
    expect(api.commands.map((c) => [c.commandName, c.command.filter._id.$in.map(String)])).toEqual([['find', [String(first._id)]]]);
    expect(loader.get(first._id)).toMatchObject({ _id: first._id, name: first.name });
    // Nothing left to read: no command at all.
    await loader.readAhead([first._id, second._id]);
    expect(api.commands).toHaveLength(1);
  });
});

describe('the request loaders', () => {
  it('send one find for every id their request asks for before the event loop turns', async () => {
    const [first, second] = await api.db.collection<PersonDocument>('people').find({}).limit(2).toArray();
    const loaders = createLoaders(collections(api.db));
    api.resetCommands();
    const early = loaders.personById.load(first._id);
    // DataLoader's own schedule has sent a batch by the time a process tick has run; ours has not.
    await new Promise((resolve) => process.nextTick(resolve));
    const late = loaders.personById.load(second._id);
    expect((await Promise.all([early, late])).map((person) => person?.name)).toEqual([first.name, second.name]);
    expect(api.commands.map((c) => [c.commandName, c.command.find, c.command.filter._id.$in.length])).toEqual([['find', 'people', 2]]);
  });

  it("hold a batch while another of the request's reads is out, and send it with what that read's reply asks for", async () => {
    const [first, second] = await api.db.collection<PersonDocument>('people').find({}).limit(2).toArray();
    const loaders = createLoaders(collections(api.db));
    api.resetCommands();
    const exchanges = loaders.exchangesByArticleId.load(new ObjectId());
    await new Promise((resolve) => setImmediate(resolve)); // the exchanges' find is out
    const early = loaders.personById.load(first._id);
    await exchanges;
    const late = loaders.personById.load(second._id);
    await Promise.all([early, late]);
    expect(api.commands.map((c) => `${c.commandName} ${c.command.find} ${c.command.filter._id?.$in?.length ?? ''}`)).toEqual([
      'find exchanges ',
      'find people 2',
    ]);
  });
});
