/**
 * Database commands of the stats fields and the timeline on the synthetic dataset (1,000 statements,
 * 100 articles, 20 exchanges, 300 people), as command-count.test.ts does for the connections: the
 * count depends on the query's shape, not on how many groups or events come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSynthetic } from '../../seed/synthetic.js';
import { statementStatsPipeline } from '../../src/stats/statement-stats.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ seed: false, limits: { depth: 12, cost: 1_000_000 } });
  await seedSynthetic(api.db, 1);
});
afterAll(() => api.stop());

async function commandsFor(query: string, n: number, list: (data: Record<string, unknown>) => unknown[]): Promise<string[]> {
  api.resetCommands();
  const result = await api.query<Record<string, unknown>>(query, { n });
  expect(result.errors).toBeUndefined();
  expect(list(result.data ?? {})).toHaveLength(n);
  return api.commands.map((c) => c.commandName).sort();
}

describe('database commands per request', () => {
  it('statementStats: one aggregate, one batched read of the speakers, for 1, 10 or 100 groups', async () => {
    const query = `query($n: Int!) {
      statementStats(groupBy: [SPEAKER, CHANNEL], first: $n) { speaker { name nationalities } article { headline } channel count }
    }`;
    const groups = (data: Record<string, unknown>) => data.statementStats as unknown[];
    const one = await commandsFor(query, 1, groups);
    expect(await commandsFor(query, 10, groups)).toEqual(one);
    expect(await commandsFor(query, 100, groups)).toEqual(one);
    expect(one).toEqual(['aggregate', 'find']);
  });

  it('timeline: one range read per source and batched reads of what the events point at, for 10 or 100 events', async () => {
    const query = `query($n: Int!) {
      timeline(first: $n) {
        totalCount
        edges { date node {
          __typename
          ... on Statement { text speaker { name } article { headline } about { name } }
          ... on Article { headline people { name } }
          ... on Exchange { slug releases { person { name } } articles { headline } }
        } }
      }
    }`;
    const edges = (data: Record<string, unknown>) => (data.timeline as { edges: unknown[] }).edges;
    const ten = await commandsFor(query, 10, edges);
    const hundred = await commandsFor(query, 100, edges);
    expect(hundred).toEqual(ten);
    // 3 range reads + 3 counts + people + the statements' articles not on the page.
    expect(hundred.filter((name) => name === 'count' || name === 'aggregate')).toHaveLength(3);
    expect(hundred.length).toBeLessThanOrEqual(9);
    const page = await api.query<{ timeline: { edges: Array<{ node: { __typename: string } }> } }>(query, { n: 100 });
    const types = new Set(page.data?.timeline.edges.map((e) => e.node.__typename));
    expect(types).toEqual(new Set(['Statement', 'Article', 'Exchange']));
  });

  it("statementStats' filter is read through an index, as the connection's is", async () => {
    const { data } = await api.query<{ person: { id: string }; article: { id: string } }>(
      '{ person(slug: "synthetic-person-7") { id } article(slug: "synthetic-article-3") { id } }',
    );
    for (const filter of [
      { speakerNationality: 'RU' },
      { speakerId: data?.person.id },
      { articleId: data?.article.id },
      { kind: 'PARAPHRASE' as const },
      { channel: 'Synthetic TV' },
      { saidFrom: '2021-01-01', saidTo: '2021-02-01' },
    ]) {
      const pipeline = statementStatsPipeline(filter, ['SPEAKER', 'CHANNEL'], 100);
      const plan = JSON.stringify(await api.db.collection('statements').aggregate(pipeline).explain());
      expect(plan, JSON.stringify(filter)).toContain('IXSCAN');
      expect(plan).not.toContain('COLLSCAN');
    }
  });
});
