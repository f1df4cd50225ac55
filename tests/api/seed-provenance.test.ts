/** The seed keeps its own promises: every quote's excerpt holds its words, and ids survive a fresh start. */
import { describe, expect, it } from 'vitest';
import { EXCHANGES, PEOPLE, STATEMENTS } from '../../seed/annotations.js';
import { checkEvidence, loadArticleText } from '../../seed/seed-database.js';
import { startApi } from '../helpers/api-server.js';

describe('seed evidence', () => {
  it('cites, for every quote, an excerpt that contains the quoted words', () => {
    for (const statement of STATEMENTS.filter((s) => s.kind !== 'PARAPHRASE'))
      for (const { excerpt } of statement.evidence) expect(excerpt, statement.slug).toContain(statement.text);
  });

  it("refuses, in the seed's own check, a quote whose excerpt lacks its words", () => {
    const article = loadArticleText();
    const peskov = STATEMENTS.find((s) => s.slug === 'peskov-no-breakthroughs');
    if (!peskov) throw new Error('the seed lost peskov-no-breakthroughs');
    const broken = { ...peskov, evidence: [{ paragraph: 5, excerpt: 'Peskov was quoted as saying by Russian state media' }] };
    expect(() => checkEvidence(article, { PEOPLE, EXCHANGES, STATEMENTS: [broken] })).toThrow(
      /peskov-no-breakthroughs: the quote is not in its excerpt/,
    );
    expect(() => checkEvidence(article)).not.toThrow();
  });
});

describe('seeded ids', () => {
  it('are the same on two fresh starts, derived from the slugs', async () => {
    const query = `{
      articles(first: 10) { nodes { id slug } }
      people(first: 100) { nodes { id slug } }
      statements(first: 100) { nodes { id text } }
      exchanges(first: 10) { nodes { id slug } }
    }`;
    const snapshots: unknown[] = [];
    for (let start = 0; start < 2; start++) {
      const api = await startApi();
      try {
        const result = await api.query(query);
        expect(result.errors).toBeUndefined();
        snapshots.push(result.data);
      } finally {
        await api.stop();
      }
    }
    expect(snapshots[1]).toEqual(snapshots[0]);
    expect((snapshots[0] as { people: { nodes: unknown[] } }).people.nodes.length).toBeGreaterThan(5);
  });
});
