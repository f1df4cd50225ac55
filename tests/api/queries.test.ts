/** Every query field, filter and ordering over real HTTP, against the seeded demo data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi({ limits: { depth: 10 } });
  const { data } = await api.query<{
    article: { id: string };
    trump: { id: string };
    peskov: { id: string };
    putin: { id: string };
    karelina: { id: string };
    exchange: { id: string };
    statements: { nodes: Array<{ id: string }> };
  }>(`{
    article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id }
    trump: person(slug: "donald-trump") { id }
    peskov: person(slug: "dmitry-peskov") { id }
    putin: person(slug: "vladimir-putin") { id }
    karelina: person(slug: "ksenia-karelina") { id }
    exchange(slug: "karelina-petrov-2025-04-10") { id }
    statements(first: 1) { nodes { id } }
  }`);
  if (!data) throw new Error('setup query failed');
  Object.assign(ids, {
    article: data.article.id,
    trump: data.trump.id,
    peskov: data.peskov.id,
    putin: data.putin.id,
    karelina: data.karelina.id,
    exchange: data.exchange.id,
    statement: data.statements.nodes[0].id,
  });
});
afterAll(() => api.stop());

describe('lookups', () => {
  it('round-trips every type through node and nodes, by opaque ids', async () => {
    const { data } = await api.query<{ nodes: Array<{ __typename: string; id: string }> }>(
      'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
      { ids: [ids.article, ids.trump, ids.statement, ids.exchange] },
    );
    expect(data?.nodes.map((n) => n.__typename)).toEqual(['Article', 'Person', 'Statement', 'Exchange']);
    expect(data?.nodes.map((n) => n.id)).toEqual([ids.article, ids.trump, ids.statement, ids.exchange]);
    for (const id of Object.values(ids)) {
      const single = await api.query<{ node: { id: string } }>('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(single.data?.node.id).toBe(id);
      expect(id).not.toMatch(/^[0-9a-f]{24}$/);
    }
  });

  it('finds by id or slug, and returns null for unknown ones', async () => {
    const { data } = await api.query<Record<string, { slug: string } | null>>(
      `query($a: ID!, $p: ID!, $x: ID!, $s: ID!) {
        a: article(id: $a) { slug } p: person(id: $p) { slug } x: exchange(id: $x) { slug }
        s: statement(id: $s) { text }
        none: person(slug: "nobody") { slug }
      }`,
      { a: ids.article, p: ids.trump, x: ids.exchange, s: ids.statement },
    );
    expect(data?.a?.slug).toBe('trump-tells-russia-to-get-moving-as-witkoff-meets-putin');
    expect(data?.p?.slug).toBe('donald-trump');
    expect(data?.x?.slug).toBe('karelina-petrov-2025-04-10');
    expect(data?.s).not.toBeNull();
    expect(data?.none).toBeNull();
    const unknown = Buffer.from('Person:000000000000000000000000').toString('base64');
    const missing = await api.query('query($id: ID!) { person(id: $id) { slug } node(id: $id) { id } }', { id: unknown });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ person: null, node: null });
  });
});

describe('relations', () => {
  it('walks article → statements → speaker → statements → article', async () => {
    const { data } = await api.query<{
      article: {
        statements: {
          nodes: Array<{ speaker: { name: string; statements: { totalCount: number; nodes: Array<{ article: { id: string } }> } } }>;
        };
        exchanges: Array<{ slug: string }>;
      };
    }>(
      `query($id: ID!) { article(id: $id) {
        exchanges { slug }
        statements(first: 100) { nodes { speaker { name statements(first: 10) { totalCount nodes { article { id } } } } } }
      } }`,
      { id: ids.article },
    );
    const nodes = data?.article.statements.nodes ?? [];
    expect(nodes).toHaveLength(12);
    const peskov = nodes.find((n) => n.speaker.name === 'Dmitry Peskov');
    expect(peskov?.speaker.statements.totalCount).toBe(3);
    expect(peskov?.speaker.statements.nodes.every((s) => s.article.id === ids.article)).toBe(true);
    expect(data?.article.exchanges.map((e) => e.slug)).toEqual(['karelina-petrov-2025-04-10']);
  });

  it('answers a person’s statements about them, articles and exchanges', async () => {
    const { data } = await api.query<{
      putin: { statementsAbout: { totalCount: number; nodes: Array<{ speaker: { slug: string } }> }; articles: { totalCount: number } };
      karelina: { exchanges: Array<{ slug: string }> };
    }>(
      `query($putin: ID!, $karelina: ID!) {
        putin: person(id: $putin) { statementsAbout(first: 10) { totalCount nodes { speaker { slug } } } articles { totalCount } }
        karelina: person(id: $karelina) { exchanges { slug } }
      }`,
      { putin: ids.putin, karelina: ids.karelina },
    );
    expect(data?.putin.statementsAbout.totalCount).toBe(5);
    expect(new Set(data?.putin.statementsAbout.nodes.map((n) => n.speaker.slug))).toEqual(
      new Set(['donald-trump', 'dmitry-peskov', 'steve-witkoff']),
    );
    expect(data?.putin.articles.totalCount).toBe(1);
    expect(data?.karelina.exchanges.map((e) => e.slug)).toEqual(['karelina-petrov-2025-04-10']);
  });

  it('lists everything Peskov said, in reading order', async () => {
    const { data } = await api.query<{
      person: { statements: { nodes: Array<{ text: string; evidence: Array<{ paragraphIndex: number }> }> } };
    }>(
      'query($id: ID!) { person(id: $id) { statements(orderBy: { field: PARAGRAPH, direction: ASC }) { nodes { text evidence { paragraphIndex } } } } }',
      { id: ids.peskov },
    );
    expect(data?.person.statements.nodes.map((s) => s.evidence[0].paragraphIndex)).toEqual([4, 5, 6]);
    expect(data?.person.statements.nodes[2].text).toBe('Maybe');
  });
});

describe('filters and orders', () => {
  const count = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await api.query<Record<string, { totalCount: number; nodes: unknown[] }>>(query, variables);
    expect(result.errors).toBeUndefined();
    const [connection] = Object.values(result.data ?? {});
    expect(connection.nodes.length).toBe(Math.min(connection.totalCount, 20));
    return connection.totalCount;
  };

  it('filters statements by every field', async () => {
    expect(await count('query($id: ID!) { statements(filter: { speakerId: $id }) { totalCount nodes { id } } }', { id: ids.trump })).toBe(
      5,
    );
    expect(await count('query($id: ID!) { statements(filter: { articleId: $id }) { totalCount nodes { id } } }', { id: ids.article })).toBe(
      12,
    );
    expect(await count('query($id: ID!) { statements(filter: { aboutId: $id }) { totalCount nodes { id } } }', { id: ids.putin })).toBe(5);
    expect(await count('{ statements(filter: { kind: DIRECT_QUOTE }) { totalCount nodes { id } } }')).toBe(3);
    expect(await count('{ statements(filter: { kind: PARAPHRASE }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('{ statements(filter: { channel: "Russian state media" }) { totalCount nodes { id } } }')).toBe(2);
    expect(await count('{ statements(filter: { text: "breakthroughs" }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('{ statements(filter: { saidFrom: "2025-04-01", saidTo: "2025-04-30" }) { totalCount nodes { id } } }')).toBe(6);
    expect(await count('{ statements(filter: { speakerNationality: "RU" }) { totalCount nodes { id } } }')).toBe(4);
    expect(await count('{ statements(filter: { speakerNationality: "US", kind: PARTIAL_QUOTE }) { totalCount nodes { id } } }')).toBe(7);
  });

  it('filters people, articles and exchanges', async () => {
    expect(await count('{ people(filter: { name: "PESK" }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('{ people(filter: { nationality: "RU" }) { totalCount nodes { id } } }')).toBe(5);
    expect(await count('{ people(filter: { organization: "Kremlin" }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('query($id: ID!) { articles(filter: { personId: $id }) { totalCount nodes { id } } }', { id: ids.karelina })).toBe(
      1,
    );
    expect(await count('{ articles(filter: { text: "ballet" }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('{ articles(filter: { publishedFrom: "2025-04-12T00:00:00Z" }) { totalCount nodes { id } } }')).toBe(0);
    expect(await count('{ articles(filter: { publishedTo: "2025-04-11T00:00:00Z" }) { totalCount nodes { id } } }')).toBe(1);
    expect(await count('query($id: ID!) { exchanges(filter: { personId: $id }) { totalCount nodes { id } } }', { id: ids.karelina })).toBe(
      1,
    );
    expect(await count('{ exchanges(filter: { country: "US", from: "2025-04-10", to: "2025-04-10" }) { totalCount nodes { id } } }')).toBe(
      1,
    );
    expect(await count('{ exchanges(filter: { from: "2025-04-11" }) { totalCount nodes { id } } }')).toBe(0);
  });

  it('orders by every offered field in both directions', async () => {
    const names = async (direction: string, field = 'NAME') => {
      const { data } = await api.query<{ people: { nodes: Array<{ name: string; slug: string }> } }>(
        `{ people(orderBy: { field: ${field}, direction: ${direction} }) { nodes { name slug } } }`,
      );
      return data?.people.nodes ?? [];
    };
    const ascending = (await names('ASC')).map((p) => p.name);
    expect(ascending).toEqual([...ascending].sort());
    expect((await names('DESC')).map((p) => p.name)).toEqual([...ascending].reverse());
    const slugs = (await names('DESC', 'SLUG')).map((p) => p.slug);
    expect(slugs).toEqual([...slugs].sort().reverse());

    const { data } = await api.query<{ statements: { nodes: Array<{ saidOn: string | null }> } }>(
      '{ statements(first: 50, orderBy: { field: SAID_ON, direction: DESC }) { nodes { saidOn } } }',
    );
    const dates = data?.statements.nodes.map((s) => s.saidOn) ?? [];
    expect(dates[0]).toBe('2025-04-11');
    expect(dates.slice(-4)).toEqual([null, null, null, null]);
    for (const order of ['{ field: PUBLISHED_AT, direction: ASC }', '{ field: HEADLINE, direction: DESC }']) {
      const articles = await api.query(`{ articles(orderBy: ${order}) { totalCount } }`);
      expect(articles.errors).toBeUndefined();
    }
    const exchanges = await api.query('{ exchanges(orderBy: { field: DATE, direction: ASC }) { nodes { date } } }');
    expect(exchanges.errors).toBeUndefined();
  });
});

describe('pagination', () => {
  type Page = {
    statements: {
      edges: Array<{ cursor: string; node: { id: string } }>;
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    };
  };
  const ORDERS = [
    '{ field: SAID_ON, direction: ASC }',
    '{ field: SAID_ON, direction: DESC }',
    '{ field: PARAGRAPH, direction: ASC }',
    '{ field: PARAGRAPH, direction: DESC }',
  ];

  for (const order of ORDERS) {
    it(`walks forward and backward to the end, ${order}`, async () => {
      const all = await api.query<Page>(
        `{ statements(first: 100, orderBy: ${order}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      );
      const expected = all.data?.statements.edges.map((e) => e.node.id) ?? [];
      expect(expected).toHaveLength(12);

      const forward: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: Awaited<ReturnType<typeof api.query<Page>>> = await api.query<Page>(
          `query($after: String) { statements(first: 5, after: $after, orderBy: ${order}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
          { after },
        );
        const connection = page.data?.statements;
        forward.push(...(connection?.edges.map((e) => e.node.id) ?? []));
        expect(connection?.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!connection?.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(forward).toEqual(expected);

      const backward: string[] = [];
      let before: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: Awaited<ReturnType<typeof api.query<Page>>> = await api.query<Page>(
          `query($before: String) { statements(last: 5, before: $before, orderBy: ${order}) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
          { before },
        );
        const connection = page.data?.statements;
        backward.unshift(...(connection?.edges.map((e) => e.node.id) ?? []));
        if (!connection?.pageInfo.hasPreviousPage) break;
        before = connection.pageInfo.startCursor;
      }
      expect(backward).toEqual(expected);
    });
  }

  it('pages nested connections too', async () => {
    const first = await api.query<{ person: { statements: Page['statements'] } }>(
      'query($id: ID!) { person(id: $id) { statements(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }',
      { id: ids.trump },
    );
    const page1 = first.data?.person.statements;
    expect(page1?.edges).toHaveLength(2);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    const rest = await api.query<{ person: { statements: Page['statements'] } }>(
      'query($id: ID!, $after: String) { person(id: $id) { statements(first: 10, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }',
      { id: ids.trump, after: page1?.pageInfo.endCursor },
    );
    expect(rest.data?.person.statements.edges).toHaveLength(3);
    expect(rest.data?.person.statements.pageInfo.hasNextPage).toBe(false);
  });
});
