/**
 * statementStats, articleStats and exchangeStats over HTTP on the seeded demo data. Expected counts
 * were worked out by hand from seed/annotations.ts (written out below) and are also recounted from
 * the annotations' arrays with plain code, so neither depends on the implementation under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, EXCHANGES, PEOPLE, STATEMENTS, type StatementAnnotation } from '../../seed/annotations.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  const { data } = await api.query<{ people: { nodes: Array<{ id: string; slug: string }> } }>(
    '{ people(first: 100) { nodes { id slug } } }',
  );
  for (const person of data?.people.nodes ?? []) ids[person.slug] = person.id;
});
afterAll(() => api.stop());

interface Group {
  speaker: { slug: string } | null;
  speakerNationality: string | null;
  channel: string | null;
  kind: string | null;
  article: { slug: string } | null;
  saidMonth: string | null;
  count: number;
  earliestSaidOn: string | null;
  latestSaidOn: string | null;
}

const GROUP_FIELDS = 'speaker { slug } speakerNationality channel kind article { slug } saidMonth count earliestSaidOn latestSaidOn';

async function statementStats(groupBy: string[], filter?: Record<string, unknown>): Promise<Group[]> {
  const result = await api.query<{ statementStats: Group[] }>(
    `query($groupBy: [StatementDimension!]!, $filter: StatementFilter) { statementStats(groupBy: $groupBy, filter: $filter) { ${GROUP_FIELDS} } }`,
    { groupBy, filter },
  );
  expect(result.errors).toBeUndefined();
  return result.data?.statementStats ?? [];
}

/** `key → count`, keys joined with `|`, `-` for null. */
function counts(groups: Group[], key: (g: Group) => Array<string | null | undefined>): Record<string, number> {
  return Object.fromEntries(
    groups.map((g) => [
      key(g)
        .map((k) => k ?? '-')
        .join('|'),
      g.count,
    ]),
  );
}

function expectSortedByCount(groups: Array<{ count: number }>): void {
  for (let i = 1; i < groups.length; i++) expect(groups[i - 1].count).toBeGreaterThanOrEqual(groups[i].count);
}

/** The same grouping recounted from the annotations with plain code. */
function recount(key: (s: StatementAnnotation) => string[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const statement of STATEMENTS) for (const k of key(statement)) tally[k] = (tally[k] ?? 0) + 1;
  return tally;
}

const nationalitiesOf = (slug: string) => PEOPLE.find((p) => p.slug === slug)?.nationalities ?? [];
const month = (s: StatementAnnotation) => s.saidOn?.slice(0, 7) ?? '-';

describe('statementStats', () => {
  it('groups by SPEAKER: Trump 5, Peskov 3, Witkoff 2, Rubio 1, Naryshkin 1, with their earliest and latest saidOn', async () => {
    const groups = await statementStats(['SPEAKER']);
    const expected = { 'donald-trump': 5, 'dmitry-peskov': 3, 'steve-witkoff': 2, 'marco-rubio': 1, 'sergei-naryshkin': 1 };
    expect(counts(groups, (g) => [g.speaker?.slug])).toEqual(expected);
    expect(recount((s) => [s.speaker])).toEqual(expected);
    expectSortedByCount(groups);
    expect(groups[0].speaker?.slug).toBe('donald-trump');
    const trump = groups.find((g) => g.speaker?.slug === 'donald-trump');
    expect([trump?.earliestSaidOn, trump?.latestSaidOn]).toEqual(['2025-03-01', '2025-04-11']);
    const witkoff = groups.find((g) => g.speaker?.slug === 'steve-witkoff');
    expect([witkoff?.earliestSaidOn, witkoff?.latestSaidOn]).toEqual([null, null]); // both undated
    const rubio = groups.find((g) => g.speaker?.slug === 'marco-rubio');
    expect([rubio?.earliestSaidOn, rubio?.latestSaidOn]).toEqual(['2025-03-31', '2025-03-31']);
    // Keys not grouped by stay null.
    expect(groups.every((g) => g.channel === null && g.kind === null && g.article === null && g.saidMonth === null)).toBe(true);
  });

  it('groups by SPEAKER_NATIONALITY: US 8 (Trump, Witkoff, Rubio), RU 4 (Peskov, Naryshkin)', async () => {
    const groups = await statementStats(['SPEAKER_NATIONALITY']);
    expect(counts(groups, (g) => [g.speakerNationality])).toEqual({ US: 8, RU: 4 });
    expect(recount((s) => nationalitiesOf(s.speaker))).toEqual({ US: 8, RU: 4 });
    expect(groups.map((g) => g.speakerNationality)).toEqual(['US', 'RU']);
  });

  it('groups by CHANNEL, the unreported channel as the null group, ties broken by key', async () => {
    const groups = await statementStats(['CHANNEL']);
    const expected = { '-': 5, 'Truth Social': 4, 'Russian state media': 2, 'NBC News': 1 };
    expect(counts(groups, (g) => [g.channel])).toEqual(expected);
    expect(recount((s) => [s.channel ?? '-'])).toEqual(expected);
    expect(groups.map((g) => g.channel)).toEqual([null, 'Truth Social', 'Russian state media', 'NBC News']);
  });

  it('groups by KIND: 8 partial quotes, 3 direct quotes, 1 paraphrase', async () => {
    const groups = await statementStats(['KIND']);
    expect(groups.map((g) => [g.kind, g.count])).toEqual([
      ['PARTIAL_QUOTE', 8],
      ['DIRECT_QUOTE', 3],
      ['PARAPHRASE', 1],
    ]);
    expect(recount((s) => [s.kind])).toEqual({ PARTIAL_QUOTE: 8, DIRECT_QUOTE: 3, PARAPHRASE: 1 });
  });

  it('groups by ARTICLE: the one article, all 12 statements', async () => {
    const groups = await statementStats(['ARTICLE']);
    expect(groups.map((g) => [g.article?.slug, g.count, g.earliestSaidOn, g.latestSaidOn])).toEqual([
      [ARTICLE.slug, 12, '2025-03-01', '2025-04-11'],
    ]);
  });

  it('groups by SAID_MONTH: 2025-04 six, undated four, 2025-03 two', async () => {
    const groups = await statementStats(['SAID_MONTH']);
    expect(groups.map((g) => [g.saidMonth, g.count])).toEqual([
      ['2025-04', 6],
      [null, 4],
      ['2025-03', 2],
    ]);
    expect(recount((s) => [month(s)])).toEqual({ '2025-04': 6, '-': 4, '2025-03': 2 });
  });

  it('combines SPEAKER × CHANNEL', async () => {
    const groups = await statementStats(['SPEAKER', 'CHANNEL']);
    const expected = {
      'donald-trump|Truth Social': 4,
      'donald-trump|NBC News': 1,
      'dmitry-peskov|Russian state media': 2,
      'dmitry-peskov|-': 1,
      'steve-witkoff|-': 2,
      'marco-rubio|-': 1,
      'sergei-naryshkin|-': 1,
    };
    expect(counts(groups, (g) => [g.speaker?.slug, g.channel])).toEqual(expected);
    expect(recount((s) => [`${s.speaker}|${s.channel ?? '-'}`])).toEqual(expected);
    expect(groups).toHaveLength(7);
    expectSortedByCount(groups);
  });

  it('combines SPEAKER × KIND and SPEAKER_NATIONALITY × SAID_MONTH', async () => {
    const byKind = await statementStats(['SPEAKER', 'KIND']);
    const expectedKinds = {
      'donald-trump|PARTIAL_QUOTE': 4,
      'donald-trump|DIRECT_QUOTE': 1,
      'dmitry-peskov|DIRECT_QUOTE': 2,
      'dmitry-peskov|PARTIAL_QUOTE': 1,
      'steve-witkoff|PARTIAL_QUOTE': 2,
      'marco-rubio|PARTIAL_QUOTE': 1,
      'sergei-naryshkin|PARAPHRASE': 1,
    };
    expect(counts(byKind, (g) => [g.speaker?.slug, g.kind])).toEqual(expectedKinds);
    expect(recount((s) => [`${s.speaker}|${s.kind}`])).toEqual(expectedKinds);

    const byMonth = await statementStats(['SPEAKER_NATIONALITY', 'SAID_MONTH']);
    const expectedMonths = { 'US|2025-04': 4, 'US|2025-03': 2, 'US|-': 2, 'RU|2025-04': 2, 'RU|-': 2 };
    expect(counts(byMonth, (g) => [g.speakerNationality, g.saidMonth])).toEqual(expectedMonths);
    expect(recount((s) => nationalitiesOf(s.speaker).map((n) => `${n}|${month(s)}`))).toEqual(expectedMonths);
    expect(byMonth[0]).toMatchObject({ speakerNationality: 'US', saidMonth: '2025-04', count: 4 });
  });

  it('with no dimension, is one group of everything', async () => {
    const groups = await statementStats([]);
    expect(groups.map((g) => [g.count, g.earliestSaidOn, g.latestSaidOn])).toEqual([[12, '2025-03-01', '2025-04-11']]);
  });

  it('applies the StatementFilter: totals equal statements(filter).totalCount', async () => {
    const filters: Array<Record<string, unknown>> = [
      {},
      { speakerNationality: 'RU' },
      { kind: 'PARTIAL_QUOTE' },
      { channel: 'Truth Social' },
      { saidFrom: '2025-04-01' },
      { saidFrom: '2025-03-01', saidTo: '2025-03-31' },
      { aboutId: ids['vladimir-putin'] },
      { speakerId: ids['dmitry-peskov'], kind: 'DIRECT_QUOTE' },
      { text: 'war' },
      { speakerNationality: 'GB' },
    ];
    const totals: number[] = [];
    for (const filter of filters) {
      const connection = await api.query<{ statements: { totalCount: number } }>(
        'query($filter: StatementFilter) { statements(filter: $filter) { totalCount } }',
        { filter },
      );
      for (const groupBy of [['SPEAKER'], ['KIND'], ['CHANNEL', 'SAID_MONTH'], ['SPEAKER_NATIONALITY'], []]) {
        const groups = await statementStats(groupBy, filter);
        expect(
          groups.reduce((sum, g) => sum + g.count, 0),
          `${JSON.stringify(filter)} by ${groupBy}`,
        ).toBe(connection.data?.statements.totalCount);
      }
      totals.push(connection.data?.statements.totalCount ?? -1);
    }
    // Hand-checked against the annotations, so the comparison above is not of two zeros.
    expect(totals).toEqual([12, 4, 8, 4, 6, 2, 5, 2, 1, 0]);
  });

  it('refuses a dimension named twice and an out-of-range first, and honours first', async () => {
    const twice = await api.query('{ statementStats(groupBy: [SPEAKER, SPEAKER]) { count } }');
    expect(twice.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await api.query('{ statementStats(groupBy: [SPEAKER], first: 100000) { count } }');
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const zero = await api.query('{ statementStats(groupBy: [SPEAKER], first: 0) { count } }');
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const top = await api.query<{ statementStats: Group[] }>('{ statementStats(groupBy: [SPEAKER], first: 2) { speaker { slug } count } }');
    expect(top.data?.statementStats).toEqual([
      { speaker: { slug: 'donald-trump' }, count: 5 },
      { speaker: { slug: 'dmitry-peskov' }, count: 3 },
    ]);
    const badFilter = await api.query('{ statementStats(groupBy: [KIND], filter: { speakerNationality: "XX" }) { count } }');
    expect(badFilter.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('articleStats', () => {
  it('groups by TOPIC, PUBLISHED_MONTH and PERSON', async () => {
    const { data, errors } = await api.query<{
      topics: Array<{ topic: string; count: number }>;
      months: Array<{ publishedMonth: string; count: number; earliestPublishedAt: string; latestPublishedAt: string }>;
      people: Array<{ person: { slug: string }; count: number }>;
      total: Array<{ count: number }>;
    }>(`{
      topics: articleStats(groupBy: [TOPIC]) { topic count }
      months: articleStats(groupBy: [PUBLISHED_MONTH]) { publishedMonth count earliestPublishedAt latestPublishedAt }
      people: articleStats(groupBy: [PERSON]) { person { slug } count }
      total: articleStats(groupBy: []) { count }
    }`);
    expect(errors).toBeUndefined();
    // One article with three topics, published 2025-04-11, naming all nine people.
    expect(data?.topics.map((g) => [g.topic, g.count])).toEqual([...ARTICLE.topics].sort().map((t) => [t, 1]));
    expect(data?.months).toEqual([
      {
        publishedMonth: '2025-04',
        count: 1,
        earliestPublishedAt: '2025-04-11T00:00:00.000Z',
        latestPublishedAt: '2025-04-11T00:00:00.000Z',
      },
    ]);
    expect(data?.people.map((g) => g.person.slug).sort()).toEqual(PEOPLE.map((p) => p.slug).sort());
    expect(data?.people.every((g) => g.count === 1)).toBe(true);
    expect(data?.total).toEqual([{ count: 1 }]);
  });

  it('applies the ArticleFilter, agreeing with articles(filter).totalCount', async () => {
    for (const filter of [{ personId: ids['arthur-petrov'] }, { publishedFrom: '2025-05-01T00:00:00Z' }, { text: 'Karelina' }]) {
      const { data } = await api.query<{ articles: { totalCount: number }; articleStats: Array<{ count: number }> }>(
        'query($filter: ArticleFilter) { articles(filter: $filter) { totalCount } articleStats(filter: $filter, groupBy: []) { count } }',
        { filter },
      );
      expect(data?.articleStats.reduce((sum, g) => sum + g.count, 0)).toBe(data?.articles.totalCount);
    }
  });
});

describe('exchangeStats', () => {
  it('groups by COUNTRY_PAIR: RU–US once, with both releases', async () => {
    const { data, errors } = await api.query<{ exchangeStats: unknown[]; none: unknown[] }>(`{
      exchangeStats(groupBy: [COUNTRY_PAIR]) { countryPair count releaseCount earliestDate latestDate }
      none: exchangeStats(groupBy: [COUNTRY_PAIR], filter: { country: "GB" }) { count }
    }`);
    expect(errors).toBeUndefined();
    const [exchange] = EXCHANGES;
    expect(exchange.releases).toHaveLength(2);
    expect(data?.exchangeStats).toEqual([
      { countryPair: ['RU', 'US'], count: 1, releaseCount: 2, earliestDate: exchange.date, latestDate: exchange.date },
    ]);
    expect(data?.none).toEqual([]);
  });
});

describe('commands', () => {
  const QUERY = `query($n: Int!) {
    a: statementStats(groupBy: [SPEAKER, ARTICLE], first: $n) { speaker { name } article { headline } count }
    b: statementStats(groupBy: [SPEAKER_NATIONALITY, SAID_MONTH], filter: { kind: PARTIAL_QUOTE }, first: $n) { count }
    c: articleStats(groupBy: [PERSON], first: $n) { person { name } count }
    d: exchangeStats(groupBy: [COUNTRY_PAIR], first: $n) { count }
  }`;

  async function commandsFor(n: number): Promise<string[]> {
    api.resetCommands();
    const { errors } = await api.query(QUERY, { n });
    expect(errors).toBeUndefined();
    return api.commands.map((c) => c.commandName);
  }

  it('each stats field is one aggregate command; document keys cost a batched read per key field, whatever the number of groups', async () => {
    const one = await commandsFor(1);
    const many = await commandsFor(100);
    expect(many.filter((n) => n === 'aggregate')).toHaveLength(4);
    // speaker and article of a, person of c: at most one batched find each (a's and c's people may share one).
    const finds = many.filter((n) => n === 'find').length;
    expect(finds).toBeGreaterThanOrEqual(2);
    expect(finds).toBeLessThanOrEqual(3);
    expect(many.filter((n) => n !== 'find' && n !== 'aggregate')).toEqual([]);
    expect(one.filter((n) => n === 'aggregate')).toHaveLength(4);
    expect(one.filter((n) => n === 'find').length).toBeLessThanOrEqual(3);
  });
});
