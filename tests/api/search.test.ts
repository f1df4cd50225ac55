/** search: MongoDB text search across all four types, ranked by score, paginated. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLField, getNamedType, isAbstractType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS_READ } from '../../src/resolvers/fields-read.js';
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

  it('reads only the stored fields the selection needs', async () => {
    const read = async (selection: string, fragments = '') => {
      api.resetCommands();
      const { data, errors } = await api.query<{ search: { nodes: Array<Record<string, unknown>> } }>(
        `query { search(query: "Witkoff", types: [ARTICLE]) { nodes { __typename ${selection} } } } ${fragments}`,
      );
      expect(errors).toBeUndefined();
      const read = api.commands.find((c) => c.commandName === 'aggregate' && c.command.aggregate === 'articles');
      const stages = (read?.command.pipeline ?? []) as Array<Record<string, unknown>>;
      return {
        node: data?.search.nodes[0] ?? {},
        projection: stages.find((stage) => '$project' in stage)?.$project as Record<string, unknown>,
      };
    };

    const headline = await read('... on Article { headline } ... on Node { id }');
    expect(headline.projection).toEqual({ _id: 1, headline: 1, __score: { $meta: 'textScore' } });
    expect(headline.node).toMatchObject({ __typename: 'Article', headline: expect.stringContaining('Trump'), id: expect.any(String) });

    const text = await read('... on Article { text }');
    expect(text.projection).toEqual({ _id: 1, paragraphs: 1, __score: { $meta: 'textScore' } });
    expect(text.node.text).toContain('Witkoff');

    const viaFragment = await read('...Body', 'fragment Body on Article { paragraphs { index } people { name } }');
    expect(viaFragment.projection).toEqual({ _id: 1, paragraphs: 1, personIds: 1, __score: { $meta: 'textScore' } });
    expect((viaFragment.node.paragraphs as unknown[]).length).toBeGreaterThan(5);
    expect((viaFragment.node.people as unknown[]).length).toBeGreaterThan(2);
  });

  it('answers every field of every type, each selected alone, exactly as a whole-document read does', async () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    // A field's selection: nested objects two levels deep; node types below the top stop at their id.
    const select = (field: GraphQLField<unknown, unknown>, depth: number): string => {
      const inner = getNamedType(field.type);
      if (!isObjectType(inner) && !isAbstractType(inner)) return field.name;
      if (isAbstractType(inner) || depth === 0 || inner.getInterfaces().some((i) => i.name === 'Node'))
        return `${field.name} { __typename ... on Node { id } }`;
      return `${field.name} { ${Object.values(inner.getFields())
        .map((f) => select(f, depth - 1))
        .join(' ')} }`;
    };
    for (const [type, q] of [
      ['Article', 'Witkoff'],
      ['Person', 'Karelina'],
      ['Statement', 'Putin'],
      ['Exchange', 'Karelina'],
    ]) {
      const object = schema.getType(type);
      assert(isObjectType(object));
      // Alone, so that a field read through another field's stored data cannot hide a gap.
      for (const field of Object.values(object.getFields())) {
        const fragment = `fragment One on ${type} { ${select(field, 2)} }`;
        const searched = await api.query<{ search: { nodes: Array<Record<string, unknown>> } }>(
          `query { search(query: "${q}", types: [${type.toUpperCase()}], first: 3) { nodes { ...One } } } ${fragment}`,
        );
        expect(searched.errors, `${type}.${field.name}`).toBeUndefined();
        const ids = await api.query<{ search: { nodes: Array<{ id: string }> } }>(
          `query { search(query: "${q}", types: [${type.toUpperCase()}], first: 3) { nodes { ... on Node { id } } } }`,
        );
        const whole = await api.query<{ nodes: Array<Record<string, unknown>> }>(
          `query($ids: [ID!]!) { nodes(ids: $ids) { ...One } } ${fragment}`,
          {
            ids: ids.data?.search.nodes.map((n) => n.id),
          },
        );
        expect(whole.errors).toBeUndefined();
        expect(searched.data?.search.nodes.length).toBeGreaterThan(0);
        expect(searched.data?.search.nodes, `${type}.${field.name}`).toEqual(whole.data?.nodes);
      }
    }
  });

  it('lists, for every field of the node types, the stored fields it reads', () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    for (const [type, known] of Object.entries(FIELDS_READ)) {
      const object = schema.getType(type);
      assert(isObjectType(object));
      expect(
        Object.keys(known)
          .filter((f) => f !== '__typename')
          .sort(),
      ).toEqual(Object.keys(object.getFields()).sort());
    }
  });

  it('pages with keyset cursors (score and id), forwards with first/after and backwards with last/before', async () => {
    const PAGE = `query($q: String!, $first: Int, $after: String, $last: Int, $before: String) {
      search(query: $q, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { ... on Node { id } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    type Page = {
      search: {
        edges: Array<{ cursor: string; node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      };
    };
    const all = (await api.query<Page>(PAGE, { q: 'Putin Trump Moscow', first: 100 })).data?.search.edges.map((e) => e.node.id) ?? [];
    expect(all.length).toBeGreaterThan(6);
    // A cursor is the hit's position, not an offset.
    const [, score, id] = JSON.parse(
      Buffer.from(
        (await api.query<Page>(PAGE, { q: 'Putin Trump Moscow', first: 1 })).data?.search.edges[0].cursor ?? '',
        'base64url',
      ).toString(),
    );
    expect(typeof score).toBe('number');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const backwards: string[] = [];
    let before: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = (await api.query<Page>(PAGE, { q: 'Putin Trump Moscow', last: 3, before })).data?.search;
      backwards.unshift(...(page?.edges.map((e) => e.node.id) ?? []));
      if (!page?.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backwards).toEqual(all);
    const middle = (await api.query<Page>(PAGE, { q: 'Putin Trump Moscow', first: 2, after: undefined })).data?.search;
    const next = (await api.query<Page>(PAGE, { q: 'Putin Trump Moscow', first: 2, after: middle?.pageInfo.endCursor })).data?.search;
    expect(next?.edges.map((e) => e.node.id)).toEqual(all.slice(2, 4));
    expect(next?.pageInfo.hasPreviousPage).toBe(true);
    const foreign = await api.query(PAGE, { q: 'Karelina', first: 2, after: middle?.pageInfo.endCursor });
    expect(foreign.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('matches the last word typed as a prefix, from the indexed vocabulary', async () => {
    const hits = async (q: string) =>
      (await api.query<SearchData>(SEARCH, { q, types: ['PERSON'], first: 20 })).data?.search.edges.map((e) => e.node.slug) ?? [];
    expect(await hits('Put')).toContain('vladimir-putin');
    expect(await hits('Putn')).toEqual([]);
    expect(await hits('Kreml')).toEqual(expect.arrayContaining(['dmitry-peskov']));
    // Only the last word is a prefix; the earlier ones are whole words.
    expect(await hits('Put Karel')).toEqual(expect.arrayContaining(['ksenia-karelina']));
    // A new person's name completes as soon as it is written.
    const created = await api.query<{ createPerson: { person: { slug: string } } }>(
      'mutation { createPerson(input: { slug: "zbigniew-quixotic", name: "Zbigniew Quixotic" }) { person { slug } } }',
      undefined,
      { authorization: 'Bearer test-editor-key-0123456789' },
    );
    expect(created.data?.createPerson.person.slug).toBe('zbigniew-quixotic');
    expect(await hits('quixo')).toEqual(['zbigniew-quixotic']);
    // The completion is an anchored prefix on _id: an index range read, not a scan.
    const plan = await api.db
      .collection('searchTerms')
      .find({ _id: { $regex: '^put' } } as never)
      .sort({ _id: 1 })
      .limit(20)
      .explain();
    expect(JSON.stringify(plan.queryPlanner.winningPlan)).toMatch(/"stage":"IXSCAN".*"indexName":"_id_"/);
  });

  it('neither shows nor counts statements awaiting review or rejected', async () => {
    const article = await api.db.collection('articles').findOne({});
    const speaker = await api.db.collection('people').findOne({});
    assert(article && speaker);
    const proposed = (status: string, n: number) => ({
      slug: `proposed-quibblesome-${status}-${n}`,
      text: `A quibblesome remark ${n}`,
      kind: 'PARAPHRASE',
      speakerId: speaker._id,
      articleId: article._id,
      evidence: [],
      status,
      extractedBy: 'test',
    });
    await api.db.collection('statements').insertMany([proposed('PENDING', 1), proposed('PENDING', 2), proposed('REJECTED', 3)]);
    try {
      const { data, errors } = await api.query<SearchData>(SEARCH, { q: 'quibblesome' });
      expect(errors).toBeUndefined();
      expect(data?.search.edges).toEqual([]);
      expect(data?.search.totalCount).toBe(0);
      await api.db.collection('statements').updateOne({ slug: 'proposed-quibblesome-PENDING-1' }, { $set: { status: 'CONFIRMED' } });
      const confirmed = (await api.query<SearchData>(SEARCH, { q: 'quibblesome' })).data?.search;
      expect(confirmed?.edges.map((e) => e.node.text)).toEqual(['A quibblesome remark 1']);
      expect(confirmed?.totalCount).toBe(1);
    } finally {
      await api.db.collection('statements').deleteMany({ slug: /^proposed-quibblesome-/ });
    }
  });

  it('returns nothing, not an error, for words that appear nowhere', async () => {
    const { data, errors } = await api.query<SearchData>(SEARCH, { q: 'zyzzyva' });
    expect(errors).toBeUndefined();
    expect(data?.search.totalCount).toBe(0);
  });
});
