/** search: MongoDB text search across all four types, ranked by score, paginated. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

interface SearchData {
  search: {
    totalCount: number;
    edges: Array<{ score: number; cursor: string; node: { __typename: string; slug?: string; text?: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const SEARCH = `query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount
    edges { score cursor node { __typename ... on Person { slug } ... on Statement { text } ... on Article { slug } ... on Exchange { slug } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('search', () => {
  it('finds people, statements, articles and exchanges, best first', async () => {
    const { data } = await api.query<SearchData>(SEARCH, { q: 'Karelina' });
    const edges = data?.search.edges ?? [];
    const types = new Set(edges.map((e) => e.node.__typename));
    expect(types).toEqual(new Set(['Person', 'Article', 'Exchange']));
    const scores = edges.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(edges[0].node).toMatchObject({ __typename: 'Person', slug: 'ksenia-karelina' });
  });

  it('limits results to the requested types', async () => {
    const { data } = await api.query<SearchData>(SEARCH, { q: 'breakthroughs normalising', types: ['STATEMENT'] });
    expect(data?.search.edges.map((e) => e.node.__typename)).toEqual(['Statement']);
    expect(data?.search.edges[0].node.text).toContain('breakthroughs');
  });

  it('pages through every hit exactly once', async () => {
    const all = await api.query<SearchData>(SEARCH, { q: 'Putin Trump', first: 100 });
    const total = all.data?.search.totalCount ?? 0;
    expect(total).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page: Awaited<ReturnType<typeof api.query<SearchData>>> = await api.query<SearchData>(SEARCH, {
        q: 'Putin Trump',
        first: 2,
        after,
      });
      seen.push(...(page.data?.search.edges.map((e) => JSON.stringify(e.node)) ?? []));
      if (!page.data?.search.pageInfo.hasNextPage) break;
      after = page.data.search.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.data?.search.edges.map((e) => JSON.stringify(e.node)));
  });

  it("leaves articles' paragraphs out of the read unless a selected field needs them", async () => {
    const articleProjection = () => {
      const find = api.commands.find((c) => c.commandName === 'find' && c.command.find === 'articles');
      return find?.command.projection as Record<string, unknown> | undefined;
    };
    const read = async (selection: string, fragments = '') => {
      api.resetCommands();
      const { data, errors } = await api.query<{ search: { nodes: Array<Record<string, unknown>> } }>(
        `query { search(query: "Witkoff", types: [ARTICLE]) { nodes { __typename ${selection} } } } ${fragments}`,
      );
      expect(errors).toBeUndefined();
      return { node: data?.search.nodes[0] ?? {}, projection: articleProjection() };
    };

    const headline = await read('... on Article { headline } ... on Node { id }');
    expect(headline.projection).toMatchObject({ paragraphs: 0 });
    expect(headline.node).toMatchObject({ __typename: 'Article', headline: expect.stringContaining('Trump') });

    const text = await read('... on Article { text }');
    expect(text.projection).not.toHaveProperty('paragraphs');
    expect(text.node.text).toContain('Witkoff');

    const viaFragment = await read('...Body', 'fragment Body on Article { paragraphs { index } }');
    expect(viaFragment.projection).not.toHaveProperty('paragraphs');
    expect((viaFragment.node.paragraphs as unknown[]).length).toBeGreaterThan(5);
  });

  it('returns nothing, not an error, for words that appear nowhere', async () => {
    const { data, errors } = await api.query<SearchData>(SEARCH, { q: 'zyzzyva' });
    expect(errors).toBeUndefined();
    expect(data?.search.totalCount).toBe(0);
  });
});
