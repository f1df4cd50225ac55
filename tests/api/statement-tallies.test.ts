/**
 * The statement tallies (src/db/statement-tallies.ts) against the statements themselves: after every
 * kind of write, each tallied grouping's `statementStats` — read from the tallies — equals the same
 * question put to MongoDB as a `$group` over the statements (statementStatsPipeline), for every
 * filter a tally can answer. The expected side never reads a tally.
 */
import type { Document, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/db/collections.js';
import { rebuildStatementTallies, repairStatementTallies } from '../../src/db/statement-tallies.js';
import { statementStatsPipeline } from '../../src/stats/statement-stats.js';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};
let paragraph: { index: number; text: string };

const GROUPINGS: string[][] = [['SPEAKER'], ['SPEAKER', 'CHANNEL'], ['CHANNEL', 'SPEAKER'], ['KIND', 'SPEAKER']];

async function asEditor<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await api.query<T>(query, variables, bearer(TEST_KEYS.editor));
  expect(result.errors).toBeUndefined();
  const payload = Object.values(result.data as Record<string, { userErrors?: unknown[] }>)[0];
  expect(payload.userErrors ?? []).toEqual([]);
  return result.data as T;
}

const gid = (type: string, id: ObjectId | null | undefined) => (id ? Buffer.from(`${type}:${id.toHexString()}`).toString('base64') : null);

interface Row {
  speaker: string | null;
  channel: string | null;
  kind: string | null;
  saidMonth: string | null;
  count: number;
  earliestSaidOn: string | null;
  latestSaidOn: string | null;
}

/** The answer through the API, and the commands it sent. */
async function answered(groupBy: readonly string[], filter: Record<string, unknown>): Promise<{ rows: Row[]; collections: string[] }> {
  api.resetCommands();
  const result = await api.query<{ statementStats: Array<Omit<Row, 'speaker'> & { speaker: { id: string } | null }> }>(
    `query($groupBy: [StatementDimension!]!, $filter: StatementFilter) {
      statementStats(groupBy: $groupBy, filter: $filter, first: 1000) { speaker { id } channel kind saidMonth count earliestSaidOn latestSaidOn }
    }`,
    { groupBy, filter },
    bearer(TEST_KEYS.editor),
  );
  expect(result.errors).toBeUndefined();
  const collections = api.commands.filter((c) => c.commandName === 'aggregate').map((c) => String(c.command.aggregate));
  const rows = (result.data?.statementStats ?? []).map(({ speaker, ...rest }) => ({ speaker: speaker?.id ?? null, ...rest }));
  return { rows, collections };
}

/** The same question counted by MongoDB over the statements. */
async function counted(groupBy: readonly string[], filter: Record<string, unknown>): Promise<Row[]> {
  const pipeline = statementStatsPipeline(filter as never, groupBy as never, 1000);
  const groups = await api.db.collection('statements').aggregate<Document>(pipeline).toArray();
  return groups.map((g) => ({
    speaker: gid('Person', g._id?.speakerId),
    channel: g._id?.channel ?? null,
    kind: g._id?.kind ?? null,
    saidMonth: g._id?.saidMonth ?? null,
    count: g.count,
    earliestSaidOn: g.earliest ?? null,
    latestSaidOn: g.latest ?? null,
  }));
}

/** Every tallied grouping under every filter a tally answers: the tallies' answer is the statements' count. */
async function expectInStep(): Promise<void> {
  const filters: Array<Record<string, unknown>> = [
    {},
    { speakerNationality: 'RU' },
    { speakerNationality: 'US' },
    { speakerNationality: 'FR' },
    { status: 'PENDING' },
    { status: 'REJECTED' },
    { status: 'CONFIRMED', speakerId: ids.trump },
    { speakerId: ids.peskov, speakerNationality: 'RU' },
  ];
  for (const groupBy of GROUPINGS) {
    const own = [
      ...(groupBy.includes('CHANNEL') ? [{ channel: 'Truth Social' }] : []),
      ...(groupBy.includes('KIND') ? [{ kind: 'PARTIAL_QUOTE' }] : []),
    ];
    for (const filter of [...filters, ...own]) {
      const { rows, collections } = await answered(groupBy, filter);
      expect(collections, JSON.stringify({ groupBy, filter })).toEqual(['statementTallies']);
      expect(rows, JSON.stringify({ groupBy, filter })).toEqual(await counted(groupBy, filter));
    }
  }
}

beforeAll(async () => {
  // 1,000 groups are over the default cost limit; every group must be compared.
  api = await startApi({ limits: { depth: 12, cost: 1_000_000 } });
  const { data } = await api.query<{
    article: { id: string; paragraphs: Array<{ index: number; text: string }> };
    trump: { id: string };
    peskov: { id: string };
    rubio: { id: string };
  }>(`{
    article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id paragraphs { index text } }
    trump: person(slug: "donald-trump") { id } peskov: person(slug: "dmitry-peskov") { id } rubio: person(slug: "marco-rubio") { id }
  }`);
  Object.assign(ids, { article: data?.article.id, trump: data?.trump.id, peskov: data?.peskov.id, rubio: data?.rubio.id });
  paragraph = data?.article.paragraphs[2] as { index: number; text: string };
});
afterAll(() => api.stop());

const STATEMENT = 'statement { id version } userErrors { code }';

async function createStatement(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const excerpt = paragraph.text.slice(0, 40);
  const data = await asEditor<{ createStatement: { statement: { id: string; version: number } } }>(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) { ${STATEMENT} } }`,
    {
      input: {
        text: 'A paraphrase for the tallies',
        kind: 'PARAPHRASE',
        articleId: ids.article,
        evidence: [{ articleId: ids.article, paragraphIndex: paragraph.index, excerpt }],
        ...input,
      },
    },
  );
  return data.createStatement.statement;
}

describe('statement tallies', () => {
  it('answer every tallied grouping as the statements do, for the seeded data', async () => {
    await expectInStep();
    // Questions a tally cannot answer still count the statements.
    expect((await answered(['SPEAKER', 'ARTICLE'], {})).collections).toEqual(['statements']);
    expect((await answered(['SPEAKER', 'SAID_MONTH'], {})).collections).toEqual(['statements']);
    expect((await answered(['SPEAKER'], { saidFrom: '2025-04-01' })).collections).toEqual(['statements']);
    expect((await answered(['SPEAKER'], { channel: 'Truth Social' })).collections).toEqual(['statements']);
  });

  it('stay in step through creates, updates and deletes of statements', async () => {
    const dated = await createStatement({ speakerId: ids.trump, channel: 'Truth Social', saidOn: '2025-04-12', saidOnPrecision: 'DAY' });
    const undated = await createStatement({ speakerId: ids.peskov });
    const earliest = await createStatement({
      speakerId: ids.peskov,
      saidOn: '2024-12-31',
      saidOnPrecision: 'DAY',
      channel: 'Russian state media',
    });
    await expectInStep();

    const update = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { ${STATEMENT} } }`;
    const moved = await asEditor<{ updateStatement: { statement: { version: number } } }>(update, {
      input: { id: dated.id, expectedVersion: dated.version, channel: 'NBC News', saidOn: '2025-01-02', saidOnPrecision: 'DAY' },
    });
    await expectInStep();
    await asEditor(update, { input: { id: dated.id, expectedVersion: moved.updateStatement.statement.version, speakerId: ids.rubio } });
    await expectInStep();

    await asEditor(`mutation($input: DeleteInput!) { deleteStatement(input: $input) { deletedId userErrors { code } } }`, {
      input: { id: undated.id, expectedVersion: undated.version },
    });
    await expectInStep();
    // The group's earliest date goes with the statement that held it.
    await asEditor(`mutation($input: DeleteInput!) { deleteStatement(input: $input) { deletedId userErrors { code } } }`, {
      input: { id: earliest.id, expectedVersion: earliest.version },
    });
    await expectInStep();
  });

  it('stay in step when many statements by one speaker are created at once', async () => {
    const dates = Array.from({ length: 24 }, (_, i) => `2025-0${1 + (i % 9)}-1${i % 10}`);
    await Promise.all(
      dates.map((saidOn, i) =>
        createStatement({ speakerId: ids.trump, saidOn, saidOnPrecision: 'DAY', channel: i % 2 ? 'Truth Social' : null }),
      ),
    );
    await expectInStep();
  });

  it("stay in step when a speaker's nationalities change and when a speaker is deleted with their statements", async () => {
    const { data } = await api.query<{ person: { version: number } }>(
      `query($id: ID!) { person: node(id: $id) { ... on Person { version } } }`,
      {
        id: ids.peskov,
      },
    );
    await asEditor(`mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } userErrors { code } } }`, {
      input: { id: ids.peskov, expectedVersion: data?.person.version, nationalities: ['RU', 'FR'] },
    });
    await expectInStep();
    await asEditor(`mutation($input: DeleteInput!) { deletePerson(input: $input) { deletedId userErrors { code } } }`, {
      input: { id: ids.rubio, cascade: true },
    });
    await expectInStep();
  });

  it('stay in step through ingestion, review, and the deletion of an article with its statements', async () => {
    const text = [
      'Talks resumed on Tuesday.',
      '"We have agreed on a timetable," said Maria Lopez, the chief negotiator.',
      '"Nothing is settled until everything is settled," said Maria Lopez.',
      '"We will be back next week," the delegation said.',
    ].join('\n\n');
    const ingested = await asEditor<{ ingestArticle: { article: { id: string }; statements: Array<{ id: string; version: number }> } }>(
      'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { article { id } statements { id version } userErrors { code } } }',
      { input: { text, publishedOn: '2025-05-06' } },
    );
    expect(ingested.ingestArticle.statements.length).toBeGreaterThanOrEqual(2);
    await expectInStep();

    const review = 'mutation($input: ReviewStatementInput!) { reviewStatement(input: $input) { statement { id } userErrors { code } } }';
    const [first, second] = ingested.ingestArticle.statements;
    await asEditor(review, { input: { id: first.id, expectedVersion: first.version, decision: 'CONFIRM', speakerId: ids.trump } });
    await asEditor(review, { input: { id: second.id, expectedVersion: second.version, decision: 'REJECT' } });
    await expectInStep();

    await asEditor(`mutation($input: DeleteInput!) { deleteArticle(input: $input) { deletedId userErrors { code } } }`, {
      input: { id: ingested.ingestArticle.article.id, cascade: true },
    });
    await expectInStep();
  });

  it('are repaired at start-up for a speaker whose statement was written but not counted', async () => {
    // As a create whose process stopped between its commit and its count leaves them.
    const [trump] = await api.db
      .collection('statements')
      .find({ saidOn: { $ne: null } })
      .limit(1)
      .toArray();
    const { _id, ...copy } = trump;
    await api.db.collection('statements').insertOne({ ...copy, slug: `uncounted-${copy.slug}`, saidOn: '2026-01-01' });
    // And a speaker whose statements went without being counted out.
    const witkoff = await api.db.collection('people').findOne({ slug: 'steve-witkoff' });
    expect((await api.db.collection('statements').deleteMany({ speakerId: witkoff?._id })).deletedCount).toBeGreaterThan(0);
    expect(await repairStatementTallies(collections(api.db))).toBe(2);
    await expectInStep();
    expect(await repairStatementTallies(collections(api.db))).toBe(0);
  });

  it('are rebuilt from the statements for a database written without them', async () => {
    await api.db.collection('statementTallies').deleteMany({});
    await api.db.collection('statementTallies').insertOne({ _id: 'stale' as never, grouping: 'SPEAKER', status: 'CONFIRMED', count: 99 });
    await rebuildStatementTallies(api.db);
    await expectInStep();
  });

  it('read the first groups in count order through an index', async () => {
    const pipeline = [
      { $match: { grouping: 'SPEAKER,CHANNEL', status: 'CONFIRMED', speakerNationalities: 'RU' } },
      { $sort: { count: -1, speakerId: 1, channel: 1 } },
      { $limit: 2 },
    ];
    const plan = JSON.stringify(await api.db.collection('statementTallies').aggregate(pipeline).explain());
    expect(plan).toContain('status_nationalities_count_speakerId_channel');
    expect(plan).not.toContain('COLLSCAN');
  });
});
