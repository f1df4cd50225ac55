/**
 * `timeline` over HTTP on the seeded demo data. The expected order was worked out by hand from
 * seed/annotations.ts: of the 12 statements 8 are dated (2025-03-01 month, 2025-03-31 week, six on
 * 2025-04-11), the exchange is on 2025-04-10, the article was published 2025-04-11T00:00Z; ties on
 * a day go statements, exchanges, articles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENTS } from '../../seed/annotations.js';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};

interface Edge {
  cursor: string;
  date: string;
  precision: string;
  node: { __typename: string; id: string; text?: string; slug?: string };
}
interface Page {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const TIMELINE = `query($filter: TimelineFilter, $first: Int, $after: String, $last: Int, $before: String) {
  timeline(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor date precision node { __typename ... on Statement { id text } ... on Article { id slug } ... on Exchange { id slug } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function timeline(variables: Record<string, unknown>): Promise<Page> {
  const result = await api.query<{ timeline: Page }>(TIMELINE, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.timeline as Page;
}

const label = (edge: Edge) => `${edge.date} ${edge.node.__typename} ${edge.node.text ?? edge.node.slug}`;

/** Walks the whole timeline page by page, forwards or backwards. */
async function walk(size: number, direction: 'forward' | 'backward', filter?: Record<string, unknown>): Promise<Edge[]> {
  const seen: Edge[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Page =
      direction === 'forward'
        ? await timeline({ filter, first: size, after: cursor })
        : await timeline({ filter, last: size, before: cursor });
    expect(page.edges.length).toBeLessThanOrEqual(size);
    if (direction === 'forward') seen.push(...page.edges);
    else seen.unshift(...page.edges);
    const more = direction === 'forward' ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
    if (!more) return seen;
    cursor = direction === 'forward' ? page.pageInfo.endCursor : page.pageInfo.startCursor;
  }
  throw new Error('the timeline did not end');
}

const ON_APRIL_11 = STATEMENTS.filter((s) => s.saidOn === '2025-04-11').map((s) => s.text);

beforeAll(async () => {
  // The command-count query below is costlier than the default limit allows; limits have their own tests.
  api = await startApi({ limits: { depth: 10, cost: 1_000_000 } });
  const { data } = await api.query<Record<string, { id: string }>>(`{
    article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id }
    putin: person(slug: "vladimir-putin") { id }
    karelina: person(slug: "ksenia-karelina") { id }
  }`);
  for (const [key, value] of Object.entries(data ?? {})) ids[key] = value.id;
});
afterAll(() => api.stop());

describe('timeline', () => {
  it('merges dated statements, the exchange and the article in date order; undated statements are left out', async () => {
    const page = await timeline({ first: 100 });
    expect(page.totalCount).toBe(10);
    expect(ON_APRIL_11).toHaveLength(6);
    const labels = page.edges.map(label);
    expect(labels.slice(0, 3)).toEqual([
      '2025-03-01 Statement pissed off',
      '2025-03-31 Statement endless negotiations',
      '2025-04-10 Exchange karelina-petrov-2025-04-10',
    ]);
    expect(
      page.edges
        .slice(3, 9)
        .map((e) => e.node.text)
        .sort(),
    ).toEqual([...ON_APRIL_11].sort());
    expect(page.edges.slice(3, 9).every((e) => e.date === '2025-04-11' && e.node.__typename === 'Statement')).toBe(true);
    expect(labels[9]).toBe('2025-04-11 Article trump-tells-russia-to-get-moving-as-witkoff-meets-putin');
    expect(page.edges.map((e) => e.precision)).toEqual(['MONTH', 'WEEK', 'DAY', 'DAY', 'DAY', 'DAY', 'DAY', 'DAY', 'DAY', 'DAY']);
    const undated = STATEMENTS.filter((s) => s.saidOn === null).map((s) => s.text);
    expect(undated).toHaveLength(4);
    expect(page.edges.some((e) => undated.includes(e.node.text ?? ''))).toBe(false);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('pages forwards and backwards through the same sequence, every page size', async () => {
    const all = (await timeline({ first: 100 })).edges.map(label);
    for (const size of [1, 3, 4]) {
      expect((await walk(size, 'forward')).map(label)).toEqual(all);
      expect((await walk(size, 'backward')).map(label)).toEqual(all);
    }
    const last2 = await timeline({ last: 2 });
    expect(last2.edges.map(label)).toEqual(all.slice(8));
    expect(last2.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const middle = await timeline({ first: 2, after: (await timeline({ first: 2 })).pageInfo.endCursor });
    expect(middle.edges.map(label)).toEqual(all.slice(2, 4));
    expect(middle.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('filters by person, countries, article and dates', async () => {
    const putin = await timeline({ first: 100, filter: { personId: ids.putin } });
    // About Putin and dated: "pissed off" and Peskov's "various aspects"; the article names him.
    expect(putin.edges.map(label)).toEqual([
      '2025-03-01 Statement pissed off',
      '2025-04-11 Statement various aspects of the Ukrainian settlement',
      '2025-04-11 Article trump-tells-russia-to-get-moving-as-witkoff-meets-putin',
    ]);
    expect(putin.totalCount).toBe(3);

    const karelina = await timeline({ first: 100, filter: { personId: ids.karelina } });
    expect(karelina.edges.map((e) => e.node.__typename)).toEqual(['Exchange', 'Article']);

    const russia = await timeline({ first: 100, filter: { countries: ['RU'] } });
    expect(russia.edges.map(label).sort()).toEqual(
      [
        '2025-04-10 Exchange karelina-petrov-2025-04-10',
        '2025-04-11 Statement Russia would discuss more prisoner swaps in the future.',
        '2025-04-11 Statement various aspects of the Ukrainian settlement',
      ].sort(),
    );
    expect(russia.totalCount).toBe(3);

    const article = await timeline({ first: 100, filter: { articleId: ids.article } });
    expect(article.totalCount).toBe(10);

    const day = await timeline({ first: 100, filter: { from: '2025-04-10', to: '2025-04-10' } });
    expect(day.edges.map(label)).toEqual(['2025-04-10 Exchange karelina-petrov-2025-04-10']);
    const fromEleventh = await timeline({ first: 100, filter: { from: '2025-04-11' } });
    expect(fromEleventh.totalCount).toBe(7);
    const march = await timeline({ first: 100, filter: { to: '2025-03-31' } });
    expect(march.edges.map((e) => e.date)).toEqual(['2025-03-01', '2025-03-31']);
  });

  it('refuses bad cursors and arguments with BAD_USER_INPUT', async () => {
    const statementsCursor = await api.query<{ statements: { edges: Array<{ cursor: string }> } }>(
      '{ statements(first: 1) { edges { cursor } } }',
    );
    const foreign = statementsCursor.data?.statements.edges[0].cursor;
    for (const variables of [
      { after: 'not-a-cursor' },
      { after: foreign },
      { before: Buffer.from('{"timeline":[1,0,"zz"]}').toString('base64url') },
      { first: 1, last: 1 },
      { first: 101 },
      { filter: { countries: [] } },
      { filter: { countries: ['XX'] } },
      { filter: { personId: ids.article } },
    ]) {
      const result = await api.query(TIMELINE, variables);
      expect(result.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('keeps its cursors stable while events are inserted before, at and after them', async () => {
    const before = await timeline({ first: 4 });
    const cursor = before.pageInfo.endCursor; // after the exchange, before the 2025-04-11 statements
    expect(before.edges.map((e) => e.date)).toEqual(['2025-03-01', '2025-03-31', '2025-04-10', '2025-04-11']);
    const rest = (await timeline({ first: 100, after: cursor })).edges.map(label);

    const create = async (saidOn: string) => {
      const result = await api.query<{ createStatement: { userErrors: unknown[] } }>(
        `mutation($input: CreateStatementInput!) { createStatement(input: $input) { userErrors { message } } }`,
        {
          input: {
            text: 'get moving',
            kind: 'PARTIAL_QUOTE',
            channel: 'Truth Social',
            speakerId: (await api.query<{ person: { id: string } }>('{ person(slug: "donald-trump") { id } }')).data?.person.id,
            articleId: ids.article,
            saidOn,
            saidOnPrecision: 'DAY',
            evidence: [{ articleId: ids.article, paragraphIndex: 0, excerpt: 'told Moscow to "get moving"' }],
          },
        },
        bearer(TEST_KEYS.editor),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.createStatement.userErrors).toEqual([]);
    };
    await create('2025-03-15'); // before the cursor: never shows after it
    await create('2025-04-12'); // after everything

    const after = (await timeline({ first: 100, after: cursor })).edges.map(label);
    expect(after).toEqual([...rest, '2025-04-12 Statement get moving']);
    const back = (await timeline({ last: 100, before: cursor })).edges.map(label);
    expect(back).toEqual([
      '2025-03-01 Statement pissed off',
      '2025-03-15 Statement get moving',
      '2025-03-31 Statement endless negotiations',
      '2025-04-10 Exchange karelina-petrov-2025-04-10',
    ]);
    expect((await timeline({ first: 1 })).totalCount).toBe(12);
  });

  it('costs the same database commands for a page of 1 and of 100, however its events are read', async () => {
    const query = `query($n: Int!) {
      timeline(first: $n) {
        totalCount
        nodes {
          __typename
          ... on Statement { text speaker { name } article { headline } verification { status } }
          ... on Exchange { releases { person { name } } articles { headline } }
          ... on Article { headline people { name } }
        }
      }
    }`;
    const commandsFor = async (n: number) => {
      api.resetCommands();
      const result = await api.query<{ timeline: { nodes: unknown[] } }>(query, { n });
      expect(result.errors).toBeUndefined();
      return { names: api.commands.map((c) => c.commandName).sort(), size: result.data?.timeline.nodes.length };
    };
    // The test before added two statements: 12 events, the article 11th.
    const eleven = await commandsFor(11);
    const all = await commandsFor(100);
    expect(eleven.size).toBe(11);
    expect(all.size).toBe(12);
    expect(all.names).toEqual(eleven.names);
    // Three range reads and three counts, plus batched reads of related documents the page did not hold.
    expect(all.names.filter((n) => n === 'count' || n === 'aggregate')).toHaveLength(3);
    expect(all.names.filter((n) => n === 'find').length).toBeGreaterThanOrEqual(3);
    expect(all.names.length).toBeLessThanOrEqual(9);
    // A page of one statement reads its article, which a full page holds already: still bounded.
    const one = await commandsFor(1);
    expect(one.names.length).toBeLessThanOrEqual(9);
  });
});
