/**
 * Collection names and their indexes, declared together so that every filter and sort the API
 * offers has an index beside it. `ensureIndexes` runs at start-up and is idempotent.
 */
import type { Collection, Db, IndexDescription, MongoClient, WriteConcernSettings } from 'mongodb';
import { type Atomically, atomicWrites } from './atomic-writes.js';
import type { ArticleDocument, ExchangeDocument, PersonDocument, StatementDocument } from './documents.js';
import { SEARCH_TERMS, type SearchTermDocument } from './search-terms.js';
import { type StatementTallyDocument, statementTallies, TALLY_INDEXES } from './statement-tallies.js';

export interface Collections {
  articles: Collection<ArticleDocument>;
  people: Collection<PersonDocument>;
  statements: Collection<StatementDocument>;
  exchanges: Collection<ExchangeDocument>;
  /** The search vocabulary (search-terms.ts); its `_id` index is the only one it needs. */
  searchTerms: Collection<SearchTermDocument>;
  /** The counts behind `statementStats`, kept in step by statement writes (stats/statement-tallies.ts). */
  statementTallies: Collection<StatementTallyDocument>;
}

export function collections(db: Db): Collections {
  return {
    articles: db.collection<ArticleDocument>('articles'),
    people: db.collection<PersonDocument>('people'),
    statements: db.collection<StatementDocument>('statements'),
    exchanges: db.collection<ExchangeDocument>('exchanges'),
    searchTerms: db.collection<SearchTermDocument>(SEARCH_TERMS),
    statementTallies: statementTallies(db),
  };
}

/** The same collections twice: for reads without a write concern, for writes with the configured one. */
export interface ReadWriteCollections {
  reads: Collections;
  writes: Collections;
  /** Runs multi-document writes in a transaction where the deployment has them (atomic-writes.ts). */
  atomically?: Atomically;
}

/**
 * Why two handles: the driver copies each read's options and deletes `writeConcern` from the copy,
 * which leaves V8 a slow dictionary-mode object that every later step of the read spreads again
 * (it showed as 4× the driver's option-building time in the article reader's profile).
 */
export function readWriteCollections(client: MongoClient, name: string, writeConcern: WriteConcernSettings): ReadWriteCollections {
  const writes = collections(client.db(name, { writeConcern }));
  return { reads: collections(client.db(name)), writes, atomically: atomicWrites(client, writes, writeConcern) };
}

export const INDEXES: Record<Exclude<keyof Collections, 'searchTerms'>, IndexDescription[]> = {
  articles: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { publishedAt: -1, _id: -1 }, name: 'publishedAt_id' },
    { key: { headline: 1, _id: 1 }, name: 'headline_id' },
    { key: { personIds: 1, publishedAt: -1, _id: -1 }, name: 'personIds_publishedAt_id' },
    { key: { headline: 'text', 'paragraphs.text': 'text' }, name: 'article_text', weights: { headline: 3, 'paragraphs.text': 1 } },
  ],
  people: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { name: 1, _id: 1 }, name: 'name_id' },
    { key: { nationalities: 1, name: 1, _id: 1 }, name: 'nationalities_name_id' },
    { key: { 'roles.organization': 1 }, name: 'roles_organization' },
    {
      key: { name: 'text', aliases: 'text', description: 'text', 'roles.title': 'text' },
      name: 'person_text',
      weights: { name: 5, aliases: 3, description: 1, 'roles.title': 2 },
    },
  ],
  statements: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { saidOn: 1, _id: 1 }, name: 'saidOn_id' },
    { key: { paragraphIndex: 1, _id: 1 }, name: 'paragraphIndex_id' },
    { key: { speakerId: 1, saidOn: 1, _id: 1 }, name: 'speakerId_saidOn_id' },
    { key: { speakerNationalities: 1, saidOn: 1, _id: 1 }, name: 'speakerNationalities_saidOn_id' },
    { key: { speakerNationalities: 1, paragraphIndex: 1, _id: 1 }, name: 'speakerNationalities_paragraphIndex_id' },
    { key: { speakerId: 1, paragraphIndex: 1, _id: 1 }, name: 'speakerId_paragraphIndex_id' },
    { key: { articleId: 1, paragraphIndex: 1, _id: 1 }, name: 'articleId_paragraphIndex_id' },
    // An article's statements by date: the timeline and `statements(filter: { articleId }, orderBy: SAID_ON)`.
    { key: { articleId: 1, saidOn: 1, _id: 1 }, name: 'articleId_saidOn_id' },
    { key: { aboutIds: 1, saidOn: 1, _id: 1 }, name: 'aboutIds_saidOn_id' },
    { key: { kind: 1 }, name: 'kind' },
    { key: { channel: 1 }, name: 'channel' },
    // The review queue (statements awaiting review), and what a reader's search leaves out: the
    // embedded server counts a search's matches less the few this index finds under review.
    { key: { status: 1, _id: 1 }, name: 'status_id' },
    { key: { text: 'text', context: 'text' }, name: 'statement_text', weights: { text: 3, context: 1 } },
  ],
  statementTallies: TALLY_INDEXES,
  exchanges: [
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { date: -1, _id: -1 }, name: 'date_id' },
    { key: { personIds: 1 }, name: 'personIds' },
    { key: { articleIds: 1 }, name: 'articleIds' },
    { key: { countries: 1, date: -1 }, name: 'countries_date' },
    { key: { description: 'text', 'releases.detail': 'text' }, name: 'exchange_text' },
  ],
};

export async function ensureIndexes(db: Db): Promise<void> {
  const all = collections(db);
  await Promise.all((Object.keys(INDEXES) as Array<keyof typeof INDEXES>).map((name) => all[name].createIndexes(INDEXES[name])));
}
