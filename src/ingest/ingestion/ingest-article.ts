import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import type { Writer } from '../../auth/require-role.js';
import type { Collections } from '../../db/collections.js';
import type { ArticleDocument, PersonDocument, StatementDocument } from '../../db/documents.js';
import { countIn } from '../../db/statement-tallies.js';
import { created } from '../../writes/audit.js';
import { isDuplicateKey } from '../../writes/guarded-update.js';
import { refuse, type UserError } from '../../writes/user-errors.js';
import { ArticleInputError } from '../extraction/article-text.js';
import { EXTRACTOR_VERSION, extractStatements } from '../extraction/extract.js';
import type { ExtractedStatement, Extraction } from '../extraction/types.js';
import { asciiSlug } from './ascii-slug.js';
import { type MatchedPeople, matchPeople } from './people-matching.js';
import { peopleByRole } from './role-matching.js';

/**
 * Ingestion: extraction's output written into the database — the article, its people (matched or
 * added as PENDING) and its statements (PENDING, marked with the extractor's version and confidence).
 * A speaker known only by role ("the Kremlin spokesman") is matched to the person the database knows
 * by that role; words with no speaker at all are stored too, without one, for an editor to assign.
 *
 * Idempotent by construction: the article's slug and every statement's slug derive from the text
 * (a content hash, the paragraph and the quote's offset), and statements are inserted with
 * `$setOnInsert`, so ingesting the same text again adds nothing and leaves reviews untouched.
 * The writes are ordered (article, people, statements, then the article's people list) so that an
 * ingest cut short is completed by running it again.
 */
export interface IngestInput {
  text: string;
  publishedOn: string;
  sourceFile?: string | null;
  headline?: string | null;
}

export interface IngestResult {
  article: ArticleDocument | null;
  statements: StatementDocument[];
  createdPeople: PersonDocument[];
  unattributedQuotes: string[];
  userErrors: UserError[];
}

function contentHash(extraction: Extraction): string {
  const body = extraction.paragraphs.map((p) => p.text).join('\n\n');
  return createHash('sha256').update(`${extraction.publishedOn}\n${body}`).digest('hex');
}

function derivedHeadline(extraction: Extraction): string {
  const first = extraction.paragraphs[0].text;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(first)?.[0] ?? first;
  return sentence.length <= 160 ? sentence : `${sentence.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

function extract(input: IngestInput): Extraction {
  if (input.sourceFile != null && (input.sourceFile.length === 0 || input.sourceFile.length > 300)) {
    refuse('VALIDATION', 'input.sourceFile must be 1 to 300 characters', ['input', 'sourceFile']);
  }
  if (input.headline != null && (input.headline.trim().length === 0 || input.headline.length > 300)) {
    refuse('VALIDATION', 'input.headline must be 1 to 300 characters', ['input', 'headline']);
  }
  try {
    return extractStatements({ text: input.text, publishedOn: input.publishedOn });
  } catch (error) {
    if (error instanceof ArticleInputError) {
      const field = error.code === 'INVALID_DATE' ? 'publishedOn' : 'text';
      return refuse('VALIDATION', `input.${field}: ${error.message} (${error.code})`, ['input', field]);
    }
    throw error;
  }
}

async function storeArticle(
  c: Collections,
  writer: Writer,
  input: IngestInput,
  extraction: Extraction,
  hash: string,
): Promise<ArticleDocument> {
  const slug = `${asciiSlug(extraction.paragraphs[0].text.split(/\s+/).slice(0, 8).join(' '), 70)}-${hash.slice(0, 10)}`;
  const existing = await c.articles.findOne({ slug });
  if (existing) return existing;
  const doc: ArticleDocument = {
    _id: new ObjectId(),
    slug,
    headline: input.headline?.trim() || derivedHeadline(extraction),
    publishedAt: new Date(`${extraction.publishedOn}T00:00:00Z`),
    dateline: null,
    paragraphs: extraction.paragraphs.map((p) => ({ index: p.index, text: p.text, section: p.section })),
    topics: [],
    personIds: [],
    sourceFile: input.sourceFile ?? null,
    ...created(writer),
  };
  try {
    await c.articles.insertOne(doc);
    return doc;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await c.articles.findOne({ slug });
    if (!raced) throw error;
    return raced;
  }
}

/** Who the statement is given to: the extractor's speaker, or the one person known by its role reference. */
interface Attribution {
  speaker: PersonDocument | null;
  confidence: number;
  candidates: Array<{ personId: ObjectId | null; name: string; score: number }>;
}

async function attribute(c: Collections, s: ExtractedStatement, people: MatchedPeople): Promise<Attribution> {
  const candidates = s.candidates.map((candidate) => ({
    personId: people.idByName.get(candidate.name) ?? null,
    name: candidate.name,
    score: candidate.score,
  }));
  const speaker = s.speaker ? (people.docs.get(s.speaker) ?? null) : null;
  if (speaker || !s.speakerRole) return { speaker, confidence: s.confidence, candidates };
  const holders = await peopleByRole(c, s.speakerRole);
  const byRole = holders.map((p) => ({ personId: p._id, name: p.name, score: 1 }));
  // One person known by that role is the speaker (confidence below a named one); several are the editor's choice.
  if (holders.length === 1) return { speaker: holders[0], confidence: 0.6, candidates: byRole };
  return { speaker: null, confidence: s.confidence, candidates: byRole };
}

function statementDocument(
  writer: Writer,
  s: ExtractedStatement,
  article: ArticleDocument,
  hash: string,
  attribution: Attribution,
): StatementDocument {
  const { speaker } = attribution;
  return {
    _id: new ObjectId(),
    slug: `ingest-${hash.slice(0, 16)}-p${s.paragraphIndex}-c${s.start}`,
    text: s.text,
    kind: s.kind,
    speakerId: speaker?._id ?? null,
    speakerNationalities: speaker?.nationalities ?? [],
    articleId: article._id,
    paragraphIndex: s.paragraphIndex,
    channel: s.channel,
    saidOn: s.saidOn,
    saidOnPrecision: s.saidOnPrecision,
    aboutIds: [],
    context: null,
    evidence: [{ articleId: article._id, paragraphIndex: s.paragraphIndex, excerpt: s.text }],
    status: 'PENDING',
    extractedBy: EXTRACTOR_VERSION,
    confidence: attribution.confidence,
    speakerCandidates: attribution.candidates,
    ...created(writer),
  };
}

export async function ingestArticle(c: Collections, writer: Writer, input: IngestInput): Promise<IngestResult> {
  const extraction = extract(input);
  const hash = contentHash(extraction);
  const article = await storeArticle(c, writer, input, extraction, hash);
  const people = await matchPeople(c, writer, extraction.people, article._id, EXTRACTOR_VERSION);
  const slugs: string[] = [];
  const unattributedQuotes: string[] = [];
  const inserted: StatementDocument[] = [];
  const speakerIds = [...people.idByName.values()];
  for (const s of extraction.statements) {
    const attribution = await attribute(c, s, people);
    // Words without a named speaker are kept, PENDING and speakerless: an editor names the speaker
    // to confirm them (readers only ever see CONFIRMED statements).
    const speakerId = attribution.speaker?._id;
    if (!speakerId) unattributedQuotes.push(s.text);
    else if (!speakerIds.some((id) => id.equals(speakerId))) speakerIds.push(speakerId);
    const doc = statementDocument(writer, s, article, hash, attribution);
    slugs.push(doc.slug);
    try {
      const written = await c.statements.updateOne({ slug: doc.slug }, { $setOnInsert: doc }, { upsert: true });
      if (written.upsertedCount === 1) inserted.push(doc);
    } catch (error) {
      // Two ingests of the same text at once: the other inserted it first.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  const personIds = speakerIds;
  if (personIds.length > 0 && personIds.some((id) => !article.personIds.some((known) => known.equals(id)))) {
    await c.articles.updateOne({ _id: article._id }, { $addToSet: { personIds: { $each: personIds } } });
  }
  const stored = await c.articles.findOne({ _id: article._id });
  const statements = await c.statements.find({ slug: { $in: slugs } }).toArray();
  // Counted in inside the ingest's transaction: ingests are few, so their tallies rarely contend.
  await countIn(c.statementTallies, inserted);
  statements.sort((a, b) => a.paragraphIndex - b.paragraphIndex || slugs.indexOf(a.slug) - slugs.indexOf(b.slug));
  return { article: stored, statements, createdPeople: people.created, unattributedQuotes, userErrors: [] };
}
