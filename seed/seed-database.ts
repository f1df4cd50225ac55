/**
 * Loads the demo dataset. Idempotent: every document is upserted by its slug with `$set`, so a
 * second run matches everything and modifies nothing, and ids never change. A seeded document's id
 * is derived from its collection and slug, so every fresh start of the same seed gives the same
 * global ids (links and bookmarks survive a restart of the in-memory database). Before writing,
 * every evidence excerpt is checked to be verbatim in its paragraph, and every quote's words to be
 * in its excerpt — the seed refuses untrue data.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Collection, type Db, type Document, ObjectId } from 'mongodb';
import { collections as collectionsOf, ensureIndexes } from '../src/db/collections.js';
import type { CitationDocument } from '../src/db/documents.js';
import { rebuildSearchTerms } from '../src/db/search-terms.js';
import { rebuildStatementTallies } from '../src/db/statement-tallies.js';
import {
  ARTICLE,
  type Evidence,
  EXCHANGES,
  type ExchangeAnnotation,
  PEOPLE,
  type PersonAnnotation,
  STATEMENTS,
  type StatementAnnotation,
} from './annotations.js';
import { type ParsedArticle, parseArticle } from './parse-article.js';

const SEED_ANNOTATIONS: Annotations = { PEOPLE, STATEMENTS, EXCHANGES };

/** Seconds since the epoch of the seed article's day: the timestamp part of every seeded id. */
const SEED_EPOCH_SECONDS = Date.UTC(2025, 3, 11) / 1000;

function annotationOrdinal(collection: string, slug: string): number {
  const lists: Record<string, ReadonlyArray<{ slug: string }>> = { people: PEOPLE, statements: STATEMENTS, exchanges: EXCHANGES };
  return Math.max(0, lists[collection]?.findIndex((a) => a.slug === slug) ?? 0);
}

/**
 * The id a seeded document gets: a timestamp part that is the seed article's day plus the document's
 * position in the annotations (so ids, which break ties in every order, keep the annotations' order),
 * then 8 bytes of SHA-256 over its collection and slug.
 */
export function seededId(collection: string, slug: string): ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(SEED_EPOCH_SECONDS + annotationOrdinal(collection, slug), 0);
  createHash('sha256').update(`newsgraph-seed:${collection}:${slug}`).digest().copy(bytes, 4, 0, 8);
  return new ObjectId(bytes);
}

export function loadArticleText(): ParsedArticle {
  return parseArticle(readFileSync(new URL(ARTICLE.textFile, import.meta.url), 'utf8'));
}

export interface Annotations {
  PEOPLE: readonly PersonAnnotation[];
  STATEMENTS: readonly StatementAnnotation[];
  EXCHANGES: readonly ExchangeAnnotation[];
}

/** Throws when an annotation cites words its paragraph does not contain, or a quote cites an excerpt without its words. */
export function checkEvidence(article: ParsedArticle, { PEOPLE, STATEMENTS, EXCHANGES }: Annotations = SEED_ANNOTATIONS): void {
  for (const statement of STATEMENTS) {
    if (statement.kind === 'PARAPHRASE') continue;
    for (const { excerpt } of statement.evidence)
      if (!excerpt.includes(statement.text)) throw new Error(`${statement.slug}: the quote is not in its excerpt "${excerpt}"`);
  }
  const all: Array<[string, Evidence]> = [
    ...PEOPLE.flatMap((p) => p.roles.flatMap((r) => r.evidence.map((e): [string, Evidence] => [p.slug, e]))),
    ...STATEMENTS.flatMap((s) => s.evidence.map((e): [string, Evidence] => [s.slug, e])),
    ...EXCHANGES.flatMap((x) => [...x.evidence, ...x.releases.flatMap((r) => r.evidence)].map((e): [string, Evidence] => [x.slug, e])),
  ];
  for (const [owner, { paragraph, excerpt }] of all) {
    const text = article.paragraphs[paragraph]?.text;
    if (text === undefined || !text.includes(excerpt)) throw new Error(`${owner}: "${excerpt}" is not in paragraph ${paragraph}`);
  }
}

export interface SeedResult {
  upserted: number;
  modified: number;
  matched: number;
}

async function upsertBySlug(collection: Collection<Document>, slug: string, fields: Document, tally: SeedResult): Promise<ObjectId> {
  try {
    return await upsertOnce(collection, slug, fields, tally);
  } catch (error) {
    // Two processes seeding an empty database at once: the loser's insert collides; its retry updates.
    if ((error as { code?: unknown }).code !== 11000) throw error;
    return upsertOnce(collection, slug, fields, tally);
  }
}

async function upsertOnce(collection: Collection<Document>, slug: string, fields: Document, tally: SeedResult): Promise<ObjectId> {
  const now = new Date();
  const result = await collection.updateOne(
    { slug },
    {
      $set: fields,
      $setOnInsert: {
        _id: seededId(collection.collectionName, slug),
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'seed',
        updatedBy: 'seed',
      },
    },
    { upsert: true },
  );
  tally.upserted += result.upsertedCount;
  tally.modified += result.modifiedCount;
  tally.matched += result.matchedCount;
  const doc = await collection.findOne({ slug }, { projection: { _id: 1 } });
  if (!doc) throw new Error(`seed: ${slug} vanished after upsert`);
  return doc._id as ObjectId;
}

export async function seedDatabase(db: Db): Promise<SeedResult> {
  const article = loadArticleText();
  checkEvidence(article);
  await ensureIndexes(db);
  const c = collectionsOf(db) as unknown as Record<'articles' | 'people' | 'statements' | 'exchanges', Collection<Document>>;
  const tally: SeedResult = { upserted: 0, modified: 0, matched: 0 };

  const articleId = await upsertBySlug(
    c.articles,
    ARTICLE.slug,
    {
      headline: ARTICLE.headline,
      publishedAt: new Date(`${article.publishedOn}T00:00:00.000Z`),
      dateline: ARTICLE.dateline,
      paragraphs: article.paragraphs,
      topics: ARTICLE.topics,
      sourceFile: ARTICLE.sourceFile,
    },
    tally,
  );
  const cite = (e: Evidence): CitationDocument => ({ articleId, paragraphIndex: e.paragraph, excerpt: e.excerpt });

  const personIds = new Map<string, ObjectId>();
  for (const person of PEOPLE) {
    const { slug, roles, ...fields } = person;
    personIds.set(
      slug,
      await upsertBySlug(c.people, slug, { ...fields, roles: roles.map((r) => ({ ...r, evidence: r.evidence.map(cite) })) }, tally),
    );
  }
  const idOf = (slug: string): ObjectId => {
    const id = personIds.get(slug);
    if (!id) throw new Error(`seed: unknown person ${slug}`);
    return id;
  };
  await upsertBySlug(c.articles, ARTICLE.slug, { personIds: PEOPLE.map((p) => idOf(p.slug)) }, tally);

  for (const statement of STATEMENTS) {
    const { slug, speaker, about, evidence, ...fields } = statement;
    await upsertBySlug(
      c.statements,
      slug,
      {
        ...fields,
        speakerId: idOf(speaker),
        speakerNationalities: PEOPLE.find((p) => p.slug === speaker)?.nationalities ?? [],
        articleId,
        paragraphIndex: evidence[0].paragraph,
        aboutIds: about.map(idOf),
        evidence: evidence.map(cite),
      },
      tally,
    );
  }

  for (const exchange of EXCHANGES) {
    const { slug, releases, evidence, ...fields } = exchange;
    await upsertBySlug(
      c.exchanges,
      slug,
      {
        ...fields,
        releases: releases.map(({ person, evidence: releaseEvidence, ...release }) => ({
          personId: idOf(person),
          ...release,
          evidence: releaseEvidence.map(cite),
        })),
        personIds: releases.map((r) => idOf(r.person)),
        articleIds: [articleId],
        evidence: evidence.map(cite),
      },
      tally,
    );
  }
  await rebuildSearchTerms(db);
  await rebuildStatementTallies(db);
  return tally;
}

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.collection('articles').estimatedDocumentCount()) === 0;
}
