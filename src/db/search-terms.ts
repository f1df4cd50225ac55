/**
 * The search vocabulary: every word that occurs in a searched field, one document per word
 * (`_id` is the lower-cased word). MongoDB's text index matches whole words only; to complete the
 * word a user is still typing ("Put" → Putin), search looks the prefix up here — an anchored
 * regular expression on `_id`, which is a range read of the `_id` index, not a scan — and searches
 * for the completions too. Words are added whenever a searched document is written; a word whose
 * last document went away stays, and only completes to nothing.
 */
import type { Collection, Db, Document } from 'mongodb';

export interface SearchTermDocument {
  _id: string;
  /** When the word was first seen. */
  addedAt?: Date;
}

export const SEARCH_TERMS = 'searchTerms';

/** The fields each collection's text index covers (src/db/collections.ts), as paths. */
const SEARCHED_FIELDS: Record<string, string[]> = {
  articles: ['headline', 'paragraphs.text'],
  people: ['name', 'aliases', 'description', 'roles.title'],
  statements: ['text', 'context'],
  exchanges: ['description', 'releases.detail'],
};

const MIN_WORD = 2;
const MAX_WORD = 40;

export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= MIN_WORD && word.length <= MAX_WORD);
}

function valuesAt(value: unknown, path: string[]): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return typeof value === 'string' ? [value] : [];
  return valuesAt((value as Document)[path[0]], path.slice(1));
}

/** The words of a document's searched fields; `collection` is the collection it belongs to. */
export function searchedWords(collection: string, doc: Document): Set<string> {
  const words = new Set<string>();
  for (const path of SEARCHED_FIELDS[collection] ?? [])
    for (const text of valuesAt(doc, path.split('.'))) for (const w of wordsOf(text)) words.add(w);
  return words;
}

export function searchTerms(db: Db): Collection<SearchTermDocument> {
  return db.collection<SearchTermDocument>(SEARCH_TERMS);
}

/** Adds words to the vocabulary: one read of which are known, one unordered insert of the rest. */
export async function addSearchTerms(terms: Collection<SearchTermDocument>, words: Iterable<string>): Promise<void> {
  const unique = [...new Set(words)];
  if (unique.length === 0) return;
  const known = new Set((await terms.find({ _id: { $in: unique } }, { projection: { _id: 1 } }).toArray()).map((t) => t._id));
  const addedAt = new Date();
  const missing = unique.filter((word) => !known.has(word)).map((word) => ({ _id: word, addedAt }));
  if (missing.length === 0) return;
  try {
    await terms.insertMany(missing, { ordered: false });
  } catch (error) {
    // Two writers adding the same new word at once: one insert loses the race, and the word is there.
    const writeErrors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
    const codes = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []).map((e) => e.code);
    if (codes.length === 0 || codes.some((code) => code !== 11000)) throw error;
  }
}

/** Adds the words of the given documents, by the collection each list belongs to (after a write of several). */
export async function addSearchTermsOf(
  terms: Collection<SearchTermDocument>,
  byCollection: Record<string, Array<Document | null>>,
): Promise<void> {
  const words: string[] = [];
  for (const [collection, docs] of Object.entries(byCollection))
    for (const doc of docs) if (doc) words.push(...searchedWords(collection, doc));
  await addSearchTerms(terms, words);
}

/** Adds the words of every searched document (seeding, or a database written before the vocabulary existed). */
export async function rebuildSearchTerms(db: Db): Promise<void> {
  const words = new Set<string>();
  for (const [collection, paths] of Object.entries(SEARCHED_FIELDS)) {
    const projection = Object.fromEntries(paths.map((p) => [p, 1]));
    for await (const doc of db.collection(collection).find({}, { projection }))
      for (const w of searchedWords(collection, doc)) words.add(w);
  }
  await addSearchTerms(searchTerms(db), words);
}

/** Up to `limit` vocabulary words that start with `prefix`, read from the `_id` index. */
export async function completions(terms: Collection<SearchTermDocument>, prefix: string, limit: number): Promise<string[]> {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rows = await terms
    .find({ _id: { $regex: `^${escaped}` } }, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .limit(limit)
    .toArray();
  return rows.map((row) => row._id);
}
