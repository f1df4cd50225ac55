/** The demo dataset says exactly what the article says, and seeding twice changes nothing. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE } from '../../seed/annotations.js';
import { loadArticleText, seedDatabase } from '../../seed/seed-database.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ limits: { depth: 8, cost: 20_000 } });
});
afterAll(() => api.stop());

const SLUG = 'trump-tells-russia-to-get-moving-as-witkoff-meets-putin';

interface ArticleData {
  article: {
    publishedAt: string;
    dateline: string | null;
    paragraphs: Array<{ index: number; text: string; section: string | null }>;
    text: string;
    people: Array<{ slug: string }>;
  };
}

describe('the article', () => {
  it('has the 15 paragraphs of the source, the date prefix removed, sections after "Rocky road"', async () => {
    const { data } = await api.query<ArticleData>(
      `{ article(slug: "${SLUG}") { publishedAt dateline paragraphs { index text section } text people { slug } } }`,
    );
    const article = data?.article;
    expect(article?.publishedAt).toBe('2025-04-11T00:00:00.000Z');
    expect(article?.dateline).toBeNull();
    expect(article?.paragraphs).toHaveLength(15);
    expect(article?.paragraphs[0].text.startsWith('US President Donald Trump on Friday')).toBe(true);
    expect(article?.text).not.toContain('date 2025-04-11');
    expect(article?.paragraphs.filter((p) => p.section === 'Rocky road').map((p) => p.index)).toEqual([11, 12, 13, 14]);
    expect(article?.paragraphs.slice(0, 11).every((p) => p.section === null)).toBe(true);
    expect(article?.text).toContain('— which began more than three years ago');
    // Every paragraph is verbatim from the file shipped in seed/.
    const source = readFileSync(new URL('../../seed/article-2025-04-11.txt', import.meta.url), 'utf8');
    for (const paragraph of article?.paragraphs ?? []) expect(source).toContain(paragraph.text);
    expect(article?.people).toHaveLength(9);
  });
});

describe('people', () => {
  it('holds the nine people the article names, with slugs and evidenced roles', async () => {
    const { data } = await api.query<{
      people: {
        totalCount: number;
        nodes: Array<{
          slug: string;
          name: string;
          nationalities: string[];
          roles: Array<{
            title: string;
            evidence: Array<{ paragraphIndex: number; excerpt: string; article: { paragraphs: Array<{ text: string }> } }>;
          }>;
        }>;
      };
    }>(
      '{ people(first: 20) { totalCount nodes { slug name nationalities roles { title evidence { paragraphIndex excerpt article { paragraphs { text } } } } } } }',
    );
    const people = data?.people.nodes ?? [];
    expect(data?.people.totalCount).toBe(9);
    expect(people.map((p) => p.slug).sort()).toEqual([
      'arthur-petrov',
      'dmitry-peskov',
      'donald-trump',
      'kirill-dmitriev',
      'ksenia-karelina',
      'marco-rubio',
      'sergei-naryshkin',
      'steve-witkoff',
      'vladimir-putin',
    ]);
    for (const person of people) {
      expect(person.roles.length).toBeGreaterThan(0);
      for (const role of person.roles) {
        for (const citation of role.evidence) {
          expect(citation.article.paragraphs[citation.paragraphIndex].text).toContain(citation.excerpt);
        }
      }
    }
    const karelina = people.find((p) => p.slug === 'ksenia-karelina');
    expect(karelina?.nationalities.sort()).toEqual(['RU', 'US']);
    expect(karelina?.roles[0].title).toBe('Ballet dancer');
    expect(people.find((p) => p.slug === 'arthur-petrov')?.nationalities).toEqual([]);
    expect(people.find((p) => p.slug === 'dmitry-peskov')?.roles[0].title).toBe('Spokesman');
  });
});

describe('statements', () => {
  it('reports every statement with speaker, channel, resolved date and a verified quote', async () => {
    const { data } = await api.query<{
      statements: {
        totalCount: number;
        nodes: Array<{
          text: string;
          kind: string;
          channel: string | null;
          saidOn: string | null;
          saidOnPrecision: string | null;
          speaker: { slug: string };
          about: Array<{ slug: string }>;
          verification: { status: string };
        }>;
      };
    }>(
      '{ statements(first: 50, orderBy: { field: PARAGRAPH, direction: ASC }) { totalCount nodes { text kind channel saidOn saidOnPrecision speaker { slug } about { slug } verification { status } } } }',
    );
    const statements = data?.statements.nodes ?? [];
    expect(data?.statements.totalCount).toBe(12);
    const bySpeaker = (slug: string) => statements.filter((s) => s.speaker.slug === slug);
    expect(bySpeaker('dmitry-peskov')).toHaveLength(3);
    expect(bySpeaker('marco-rubio')).toHaveLength(1);
    expect(bySpeaker('sergei-naryshkin')).toHaveLength(1);
    expect(bySpeaker('steve-witkoff').length).toBeGreaterThan(0);
    expect(new Set(bySpeaker('donald-trump').map((s) => s.channel))).toEqual(new Set(['Truth Social', 'NBC News']));

    const direct = statements.find((s) => s.text === 'Russia has to get moving');
    expect(direct).toMatchObject({ kind: 'DIRECT_QUOTE', channel: 'Truth Social', saidOn: '2025-04-11', saidOnPrecision: 'DAY' });
    expect(statements.find((s) => s.text === 'pissed off')).toMatchObject({
      channel: 'NBC News',
      saidOn: '2025-03-01',
      saidOnPrecision: 'MONTH',
      about: [{ slug: 'vladimir-putin' }],
    });
    expect(statements.find((s) => s.text === 'endless negotiations')).toMatchObject({ saidOn: '2025-03-31', saidOnPrecision: 'WEEK' });
    expect(statements.find((s) => s.text === 'Maybe')).toMatchObject({ kind: 'DIRECT_QUOTE', channel: 'Russian state media' });
    expect(bySpeaker('sergei-naryshkin')[0]).toMatchObject({
      kind: 'PARAPHRASE',
      saidOn: '2025-04-11',
      verification: { status: 'NOT_APPLICABLE' },
    });
    for (const quote of statements.filter((s) => s.kind !== 'PARAPHRASE')) expect(quote.verification.status).toBe('VERBATIM');
  });
});

describe('the exchange', () => {
  it('records both releases, each way, with evidence', async () => {
    const { data } = await api.query<{
      exchange: {
        date: string;
        countries: string[];
        description: string;
        releases: Array<{
          person: { slug: string };
          releasedBy: string;
          releasedTo: string;
          detail: string;
          evidence: Array<{ paragraphIndex: number }>;
        }>;
      };
    }>(
      '{ exchange(slug: "karelina-petrov-2025-04-10") { date countries description releases { person { slug } releasedBy releasedTo detail evidence { paragraphIndex } } } }',
    );
    const exchange = data?.exchange;
    expect(exchange?.date).toBe('2025-04-10');
    expect(exchange?.countries.sort()).toEqual(['RU', 'US']);
    expect(exchange?.description).toContain('second exchange between Moscow and Washington in less than two months');
    const karelina = exchange?.releases.find((r) => r.person.slug === 'ksenia-karelina');
    const petrov = exchange?.releases.find((r) => r.person.slug === 'arthur-petrov');
    expect(karelina).toMatchObject({ releasedBy: 'RU', releasedTo: 'US' });
    expect(karelina?.detail).toContain('12-year sentence');
    expect(karelina?.evidence.map((e) => e.paragraphIndex)).toEqual([12, 13]);
    expect(petrov).toMatchObject({ releasedBy: 'US', releasedTo: 'RU' });
  });
});

describe('seeding', () => {
  it('is idempotent: a second run modifies nothing and keeps every id', async () => {
    const before = await api.db
      .collection('people')
      .find({}, { projection: { slug: 1 } })
      .sort({ slug: 1 })
      .toArray();
    const result = await seedDatabase(api.db);
    expect(result.upserted).toBe(0);
    expect(result.modified).toBe(0);
    const after = await api.db
      .collection('people')
      .find({}, { projection: { slug: 1 } })
      .sort({ slug: 1 })
      .toArray();
    expect(after).toEqual(before);
    expect(await api.db.collection('statements').countDocuments()).toBe(12);
  });

  it('parses the shipped article file into 15 paragraphs, and every annotation cites verbatim words', () => {
    const article = loadArticleText();
    expect(article.publishedOn).toBe('2025-04-11');
    expect(article.paragraphs).toHaveLength(15);
    for (const person of PEOPLE) {
      for (const role of person.roles) for (const e of role.evidence) expect(article.paragraphs[e.paragraph].text).toContain(e.excerpt);
    }
  });
});
