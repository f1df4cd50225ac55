/**
 * A clearly synthetic dataset for benchmarks: N × (100 articles, 1,000 statements, 300 people,
 * 20 exchanges), deterministic (seeded), in its own database (`newsgraph_synthetic_s<N>`) so it is
 * never mixed with the demo data. Names say "Synthetic"; every citation is still verbatim.
 */
import { type Db, ObjectId } from 'mongodb';
import { collections as collectionsOf, ensureIndexes } from '../src/db/collections.js';
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from '../src/db/documents.js';
import { rebuildStatementTallies } from '../src/db/statement-tallies.js';

export const syntheticDatabaseName = (scale: number) => `newsgraph_synthetic_s${scale}`;

/** mulberry32: a small seeded PRNG, so synthetic data and fuzz inputs can be reproduced from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICAL =
  'talks ceasefire envoy summit sanctions exchange prisoner negotiations kremlin washington ministry border energy grain treaty delegation statement interview agreement spokesman'.split(
    ' ',
  );
/** 20 topical words among 980 made-up ones, so a query matches a realistic share of documents, not all of them. */
const WORDS = [...TOPICAL, ...Array.from({ length: 980 }, (_, i) => `synword${i.toString(36)}`)];
const COUNTRIES = ['US', 'RU', 'UA', 'FR', 'DE', 'GB', 'PL', 'TR'];
const KINDS = ['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE'] as const;
const audit = {
  version: 1,
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-01-01T00:00:00Z'),
  createdBy: 'synthetic',
  updatedBy: 'synthetic',
};
const objectId = (kind: number, i: number) => new ObjectId(`${kind.toString(16).padStart(8, '0')}${i.toString(16).padStart(16, '0')}`);

export interface SyntheticCounts {
  articles: number;
  statements: number;
  people: number;
  exchanges: number;
}

export async function seedSynthetic(db: Db, scale: number): Promise<SyntheticCounts> {
  const rng = seededRandom(scale * 7919);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng() * items.length)];
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const counts = { articles: 100 * scale, statements: 1000 * scale, people: 300 * scale, exchanges: 20 * scale };
  const c = collectionsOf(db);
  await Promise.all([c.articles.deleteMany({}), c.people.deleteMany({}), c.statements.deleteMany({}), c.exchanges.deleteMany({})]);
  await ensureIndexes(db);

  const people: PersonDocument[] = Array.from({ length: counts.people }, (_, i) => ({
    _id: objectId(1, i),
    slug: `synthetic-person-${i}`,
    name: `Synthetic Person ${String(i).padStart(6, '0')}`,
    aliases: [],
    description: `A synthetic person for benchmarks (${sentence(3)}).`,
    nationalities: [pick(COUNTRIES)],
    roles: [],
    ...audit,
  }));
  const articles: ArticleDocument[] = Array.from({ length: counts.articles }, (_, i) => ({
    _id: objectId(2, i),
    slug: `synthetic-article-${i}`,
    headline: `Synthetic article ${i}: ${sentence(5)}`,
    publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000),
    dateline: null,
    paragraphs: Array.from({ length: 8 }, (_, p) => ({ index: p, text: `${sentence(25)}.`, section: null })),
    topics: [pick(WORDS)],
    personIds: Array.from({ length: 6 }, () => people[Math.floor(rng() * people.length)]._id),
    sourceFile: null,
    ...audit,
  }));
  const cite = (article: ArticleDocument, paragraph: number) => ({
    articleId: article._id,
    paragraphIndex: paragraph,
    excerpt: article.paragraphs[paragraph].text.split(' ').slice(2, 6).join(' '),
  });
  for (const person of people) {
    const article = pick(articles);
    person.roles.push({
      title: `Synthetic ${pick(WORDS)} official`,
      organization: pick(WORDS),
      country: person.nationalities[0],
      evidence: [cite(article, 0)],
    });
  }
  const statements: StatementDocument[] = Array.from({ length: counts.statements }, (_, i) => {
    const article = articles[i % articles.length];
    const paragraph = Math.floor(rng() * 8);
    const excerpt = cite(article, paragraph);
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(rng() * 1500) * 86_400_000).toISOString().slice(0, 10);
    return {
      _id: objectId(3, i),
      slug: `synthetic-statement-${i}`,
      text: excerpt.excerpt,
      kind: pick(KINDS),
      speakerId: article.personIds[i % article.personIds.length],
      speakerNationalities: [],
      articleId: article._id,
      paragraphIndex: paragraph,
      channel: pick(['Synthetic TV', 'Synthetic Radio', null]),
      saidOn: rng() < 0.9 ? day : null,
      saidOnPrecision: null,
      aboutIds: [pick(people)._id],
      context: null,
      evidence: [excerpt],
      ...audit,
    };
  });
  const nationalityOf = new Map(people.map((p) => [p._id.toHexString(), p.nationalities]));
  for (const s of statements) {
    s.saidOnPrecision = s.saidOn ? 'DAY' : null;
    s.speakerNationalities = nationalityOf.get(s.speakerId?.toHexString() ?? '') ?? [];
  }
  const exchanges: ExchangeDocument[] = Array.from({ length: counts.exchanges }, (_, i) => {
    const article = articles[(i * 5) % articles.length];
    const [a, b] = [pick(people), pick(people)];
    return {
      _id: objectId(4, i),
      slug: `synthetic-exchange-${i}`,
      date: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000 * 7).toISOString().slice(0, 10),
      description: `Synthetic exchange ${i}: ${sentence(6)}.`,
      countries: ['US', 'RU'],
      releases: [
        { personId: a._id, releasedBy: 'RU', releasedTo: 'US', detail: null, evidence: [cite(article, 1)] },
        { personId: b._id, releasedBy: 'US', releasedTo: 'RU', detail: null, evidence: [cite(article, 2)] },
      ],
      personIds: [a._id, b._id],
      articleIds: [article._id],
      evidence: [cite(article, 1)],
      ...audit,
    };
  });
  const insert = async <T extends object>(collection: { insertMany(docs: T[]): Promise<unknown> }, docs: T[]) => {
    for (let i = 0; i < docs.length; i += 5000) await collection.insertMany(docs.slice(i, i + 5000));
  };
  await insert(c.people as never, people as never[]);
  await insert(c.articles as never, articles as never[]);
  await insert(c.statements as never, statements as never[]);
  await insert(c.exchanges as never, exchanges as never[]);
  await rebuildStatementTallies(db);
  return counts;
}
