/**
 * SAID_ON order puts undated statements last in both directions, and keyset cursors walk every
 * statement exactly once, forwards and backwards — for Query.statements, Person.statements and
 * Person.statementsAbout (which takes the same orderBy and filter as statements).
 */
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
let trump: { _id: ObjectId; nationalities: string[] };
let putin: { _id: ObjectId };
let trumpId: string;
let putinId: string;

beforeAll(async () => {
  api = await startApi();
  const people = api.db.collection('people');
  trump = (await people.findOne({ slug: 'donald-trump' })) as unknown as typeof trump;
  putin = (await people.findOne({ slug: 'vladimir-putin' })) as unknown as typeof putin;
  const article = await api.db.collection('articles').findOne({});
  const now = new Date();
  // 30 more statements by Trump about Putin: a third undated, the rest sharing a few dates (ties).
  await api.db.collection('statements').insertMany(
    Array.from({ length: 30 }, (_, i) => ({
      _id: new ObjectId(),
      slug: `order-test-${i}`,
      text: `Order test ${i}`,
      kind: 'PARAPHRASE',
      speakerId: trump._id,
      speakerNationalities: trump.nationalities,
      articleId: article?._id,
      paragraphIndex: 0,
      channel: null,
      saidOn: i % 3 === 0 ? null : `2025-0${1 + (i % 4)}-1${i % 2}`,
      saidOnPrecision: i % 3 === 0 ? null : 'DAY',
      aboutIds: [putin._id],
      context: null,
      evidence: [{ articleId: article?._id, paragraphIndex: 0, excerpt: 'Trump' }],
      version: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: 'test',
      updatedBy: 'test',
    })),
  );
  const { data } = await api.query<{ t: { id: string }; p: { id: string } }>(
    '{ t: person(slug: "donald-trump") { id } p: person(slug: "vladimir-putin") { id } }',
  );
  trumpId = data?.t.id ?? '';
  putinId = data?.p.id ?? '';
});
afterAll(() => api.stop());

type Page = {
  edges: Array<{ cursor: string; node: { id: string; saidOn: string | null } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
};
const NODE = 'edges { cursor node { id saidOn } } pageInfo { hasNextPage hasPreviousPage }';

/** The connection at `path` for a query built from its arguments. */
type Fetch = (args: string) => Promise<Page>;

const fetchers: Record<string, Fetch> = {
  'Query.statements': async (args) =>
    (await api.query<{ statements: Page }>(`{ statements(${args}) { ${NODE} } }`)).data?.statements as Page,
  'Person.statements': async (args) =>
    (await api.query<{ person: { statements: Page } }>(`{ person(id: "${trumpId}") { statements(${args}) { ${NODE} } } }`)).data?.person
      .statements as Page,
  'Person.statementsAbout': async (args) =>
    (await api.query<{ person: { statementsAbout: Page } }>(`{ person(id: "${putinId}") { statementsAbout(${args}) { ${NODE} } } }`)).data
      ?.person.statementsAbout as Page,
};

async function walk(fetch: Fetch, order: string, size: number, backward: boolean) {
  const seen: Array<{ id: string; saidOn: string | null }> = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const args = backward
      ? `last: ${size}${cursor ? `, before: "${cursor}"` : ''}`
      : `first: ${size}${cursor ? `, after: "${cursor}"` : ''}`;
    const page = await fetch(`${order}${args}`);
    const nodes = page.edges.map((e) => e.node);
    if (backward) seen.unshift(...nodes);
    else seen.push(...nodes);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more || page.edges.length === 0) break;
    cursor = backward ? page.edges[0].cursor : page.edges[page.edges.length - 1].cursor;
  }
  return seen;
}

function expectNullsLast(items: Array<{ saidOn: string | null }>, direction: 'ASC' | 'DESC') {
  const firstNull = items.findIndex((s) => s.saidOn === null);
  expect(firstNull).toBeGreaterThan(0);
  expect(items.slice(firstNull).every((s) => s.saidOn === null)).toBe(true);
  const dates = items.slice(0, firstNull).map((s) => s.saidOn as string);
  const sorted = [...dates].sort();
  expect(dates).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
}

describe('SAID_ON order, nulls last', () => {
  for (const [name, fetch] of Object.entries(fetchers)) {
    for (const direction of ['ASC', 'DESC'] as const) {
      it(`${name} ${direction}: undated last; pages of 4 forwards and backwards walk every statement once`, async () => {
        const order = `orderBy: { field: SAID_ON, direction: ${direction} }, `;
        const all = await fetch(`${order}first: 100`);
        const items = all.edges.map((e) => e.node);
        expectNullsLast(items, direction);
        const forwards = await walk(fetch, order, 4, false);
        expect(forwards.map((s) => s.id)).toEqual(items.map((s) => s.id));
        expect(new Set(forwards.map((s) => s.id)).size).toBe(items.length);
        const backwards = await walk(fetch, order, 4, true);
        expect(backwards.map((s) => s.id)).toEqual(items.map((s) => s.id));
      });
    }
  }

  it('is the default order, ascending', async () => {
    const items = (await fetchers['Query.statements']('first: 100')).edges.map((e) => e.node);
    expectNullsLast(items, 'ASC');
  });
});

describe('statementsAbout', () => {
  it('takes the filter of statements', async () => {
    const { data } = await api.query<{
      person: { statementsAbout: { totalCount: number; nodes: Array<{ saidOn: string; speaker: { slug: string } }> } };
    }>(
      `{ person(id: "${putinId}") { statementsAbout(filter: { saidFrom: "2025-03-01", speakerId: "${trumpId}" }, first: 100) { totalCount nodes { saidOn speaker { slug } } } } }`,
    );
    const about = data?.person.statementsAbout;
    expect(about?.nodes.length).toBeGreaterThan(0);
    expect(about?.nodes.every((s) => s.saidOn >= '2025-03-01' && s.speaker.slug === 'donald-trump')).toBe(true);
    expect(about?.totalCount).toBe(about?.nodes.length);
  });
});
