/**
 * Text indexes the way mongod (textIndexVersion 3) stores and scores them: one per collection,
 * weighted fields, a stop-word list, case and diacritic folding, and the per-field score
 * Σ weight·freq·(0.5·count/tokens + 0.5) from fts_spec.cpp. The inverted index maps each term to
 * the documents holding it together with that term's share of their score, worked out once when
 * the document is written: a query sums the shares of its terms over their postings and never
 * reads a document or re-tokenizes its text (only a "phrase" needs the folded text).
 *
 * A clone (a transaction's snapshot) shares everything copy-on-write: the term and id maps and the
 * per-ordinal records by shard or page, and a term's postings by chunk (text-postings.ts).
 */
import { compareValues, type Doc, pathValues, type StringOrder } from './bson-values.js';
import { PagedArray } from './paged-array.js';
import { ShardedMap } from './sharded-map.js';
import { newOwner } from './shared-blocks.js';
import { merge, Postings } from './text-postings.js';

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves'
  ).split(' '),
);

/** A light English stemmer (plural and verb endings) applied alike to documents and queries. */
function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && !STOP_WORDS.has(word))
    .map(stem);
}

export interface TextQuery {
  terms: string[];
  negated: string[];
  phrases: string[];
}

/** Parses `$search`: words, "quoted phrases" and -negated words. */
export function parseTextSearch(search: string): TextQuery {
  const phrases: string[] = [];
  const withoutPhrases = search.replace(/"([^"]*)"/g, (_, phrase: string) => {
    if (phrase.trim()) phrases.push(phrase);
    return ' ';
  });
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of withoutPhrases.split(/\s+/)) {
    if (!word) continue;
    if (word.startsWith('-')) negated.push(...tokenize(word.slice(1)));
    else terms.push(...tokenize(word));
  }
  for (const phrase of phrases) terms.push(...tokenize(phrase));
  return { terms: [...new Set(terms)], negated, phrases };
}

export interface TextIndexSpec extends Doc {
  weights: Record<string, number>;
}

/** One field's part of a term's score: Σ weight·freq·coeff over the fields holding the term. */
function termScores(fields: Array<{ weight: number; tokens: string[] }>): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { weight, tokens } of fields) {
    const seen = new Map<string, { count: number; freq: number }>();
    for (const token of tokens) {
      const t = seen.get(token) ?? { count: 0, freq: 0 };
      t.freq += 1 / 2 ** t.count++; // each repeat counts half as much as the one before
      seen.set(token, t);
    }
    for (const [term, { count, freq }] of seen) {
      let coeff = (0.5 * count) / tokens.length + 0.5;
      if (tokens.length === 1) coeff *= 1.1; // the term is the whole field
      scores.set(term, (scores.get(term) ?? 0) + weight * freq * coeff);
    }
  }
  return scores;
}

/** What the index keeps of one written document version. */
interface OrdinalRecord {
  readonly id: string;
  /**
   * The version written. Stored versions are never changed in place (a write swaps in a new one,
   * which gets a new ordinal), so a query reads it here rather than looking its id up.
   */
  readonly doc: Doc;
  readonly terms: string[];
  /** Folded field texts, for phrase matching. */
  readonly folded: string[];
}

/** How `top` orders equal scores: by `_id`, ascending (1) or descending (-1), strings in a collation's order. */
export interface IdOrder {
  direction: 1 | -1;
  strings?: StringOrder;
}

/**
 * An `_id` key as two exact numbers that order as its bytes: an ObjectId's key is "o" and 24 hex
 * digits, i.e. two 48-bit halves. Other ids get NaN, and compare by their values.
 */
function idWords(id: string): [high: number, low: number] {
  if (id.length !== 25 || id.charCodeAt(0) !== 111) return [Number.NaN, Number.NaN];
  return [Number.parseInt(id.slice(1, 13), 16), Number.parseInt(id.slice(13), 16)];
}

export class TextIndex {
  readonly spec: TextIndexSpec;
  #postings = new ShardedMap<Postings>();
  /** The mark of the postings lists this index may change in place (see Postings). */
  #owner = newOwner();
  /**
   * Every document gets a new ordinal each time it is written, so postings append in order and
   * equal scores rank in the order documents were written. `#byOrd` holds undefined for
   * ordinals whose document was removed or rewritten.
   */
  #byOrd = new PagedArray<OrdinalRecord | undefined>();
  /**
   * Each ordinal's `idWords` at slots 2·ord and 2·ord+1: equal scores are broken by `_id`, often
   * for thousands of postings in a query, and packed numbers compare without reaching any record.
   */
  #idWords = new PagedArray<number>();
  /**
   * How many leading ordinals hold ObjectIds in strictly ascending order — all of them while
   * documents arrive in `_id` order, as ObjectIds made at insert do. Two such ordinals order as
   * their ids, so a tie among them is broken without reading either id.
   */
  #idOrderedOrds = 0;
  #ordById = new ShardedMap<number>();

  constructor(spec: TextIndexSpec) {
    this.spec = spec;
  }

  /** An independent copy (a transaction's snapshot) sharing everything until either side writes. */
  clone(): TextIndex {
    const copy = new TextIndex(this.spec);
    copy.#postings = this.#postings.clone();
    copy.#byOrd = this.#byOrd.clone();
    copy.#idWords = this.#idWords.clone();
    copy.#idOrderedOrds = this.#idOrderedOrds;
    copy.#ordById = this.#ordById.clone();
    this.#owner = newOwner();
    return copy;
  }

  /** The term's postings, made this side's own first if another side may see them. */
  #writablePostings(term: string): Postings | undefined {
    const postings = this.#postings.get(term);
    if (!postings || postings.owner === this.#owner) return postings;
    const own = postings.copyFor(this.#owner);
    this.#postings.set(term, own);
    return own;
  }

  #fieldTexts(doc: Doc): Array<[weight: number, text: string]> {
    const texts: Array<[number, string]> = [];
    for (const [field, weight] of Object.entries(this.spec.weights)) {
      if (field === '$**') {
        collectStrings(doc, (text) => texts.push([weight, text]));
        continue;
      }
      for (const value of pathValues(doc, field)) if (typeof value === 'string') texts.push([weight, value]);
    }
    return texts;
  }

  add(doc: Doc, id: string): void {
    const texts = this.#fieldTexts(doc);
    const scores = termScores(texts.map(([weight, text]) => ({ weight, tokens: tokenize(text) })));
    const ord = this.#byOrd.push({ id, doc, terms: [...scores.keys()], folded: texts.map(([, text]) => fold(text)) });
    for (const word of idWords(id)) this.#idWords.push(word);
    if (ord === this.#idOrderedOrds && this.#followsInIdOrder(ord)) this.#idOrderedOrds++;
    this.#ordById.set(id, ord);
    for (const [term, score] of scores) {
      let postings = this.#writablePostings(term);
      if (!postings) {
        postings = new Postings(this.#owner);
        this.#postings.set(term, postings);
      }
      postings.push(ord, score);
    }
  }

  /** Whether `ord` holds an ObjectId greater than the one before it (or is the first). */
  #followsInIdOrder(ord: number): boolean {
    const words = this.#idWords;
    const high = words.get(2 * ord) as number;
    if (Number.isNaN(high)) return false;
    if (ord === 0) return true;
    const previousHigh = words.get(2 * ord - 2) as number;
    return high > previousHigh || (high === previousHigh && (words.get(2 * ord + 1) as number) > (words.get(2 * ord - 1) as number));
  }

  remove(_doc: Doc, id: string): void {
    const ord = this.#ordById.get(id);
    if (ord === undefined) return;
    const record = this.#byOrd.get(ord);
    this.#ordById.delete(id);
    this.#byOrd.set(ord, undefined);
    const alive = (o: number) => this.#byOrd.get(o) !== undefined;
    for (const term of record?.terms ?? []) {
      const postings = this.#writablePostings(term) as Postings;
      postings.dead++;
      if (postings.live === 0) this.#postings.delete(term);
      else if (postings.dead * 2 > postings.length) postings.rebuild((o) => (alive(o) ? o : -1));
    }
    // Rewrites leave dead ordinals behind; renumber once they outnumber the living.
    if (this.#byOrd.length > 1024 && this.#ordById.size * 2 < this.#byOrd.length) this.#renumber();
  }

  /** Gives the living documents ordinals 0…n-1 in their present order and rewrites every list. */
  #renumber(): void {
    const next = new Int32Array(this.#byOrd.length).fill(-1);
    const byOrd = new PagedArray<OrdinalRecord | undefined>();
    const words = new PagedArray<number>();
    let ord = 0;
    for (const record of this.#byOrd) {
      if (record) {
        next[ord] = byOrd.push(record);
        words.push(this.#idWords.get(2 * ord) as number);
        words.push(this.#idWords.get(2 * ord + 1) as number);
        this.#ordById.set(record.id, next[ord]);
      }
      ord++;
    }
    this.#idWords = words;
    this.#idOrderedOrds = 0;
    while (this.#idOrderedOrds < byOrd.length && this.#followsInIdOrder(this.#idOrderedOrds)) this.#idOrderedOrds++;
    for (const [term] of [...this.#postings.entries()]) {
      const postings = this.#writablePostings(term) as Postings;
      postings.rebuild((o) => next[o]);
    }
    this.#byOrd = byOrd;
  }

  clear(): void {
    this.#postings.clear();
    this.#byOrd.clear();
    this.#idWords.clear();
    this.#idOrderedOrds = 0;
    this.#ordById.clear();
  }

  /** The postings of the query's terms that exist. */
  #lists(query: TextQuery): Postings[] {
    return query.terms.map((term) => this.#postings.get(term)).filter((list) => list !== undefined);
  }

  /** The record of a living document holding some query term, if it also passes the negations and phrases. */
  #passing(ord: number, query: TextQuery): OrdinalRecord | undefined {
    const record = this.#byOrd.get(ord);
    if (record === undefined) return undefined;
    for (const term of query.negated) if (this.#postings.get(term)?.has(ord)) return undefined;
    if (query.phrases.length === 0) return record;
    const folded = record.folded;
    return query.phrases.every((phrase) => folded.some((text) => text.includes(fold(phrase)))) ? record : undefined;
  }

  /**
   * The documents matching the query with their scores: those holding at least one term, none of
   * the negated words, and every phrase. Costs one step per posting of the query's terms.
   */
  matches(query: TextQuery): Array<[doc: Doc, score: number]> {
    const scored: Array<[Doc, number]> = [];
    merge(this.#lists(query), (ord, score) => {
      const record = this.#passing(ord, query);
      if (record) scored.push([record.doc, score]);
    });
    return scored;
  }

  /**
   * The `k` best matches that `accept` takes, best first, in one pass over the terms' postings;
   * equal scores in the order written, or by `_id` in `byId`'s direction (a keyset page's order).
   * `accept` runs only for matches that would enter the top — nothing is collected for the rest.
   */
  top(query: TextQuery, k: number, accept: (doc: Doc) => boolean, byId?: IdOrder): Array<[doc: Doc, score: number]> {
    const best: Array<[ord: number, record: OrdinalRecord, score: number]> = [];
    if (k <= 0) return [];
    const words = this.#idWords;
    const idOrdered = this.#idOrderedOrds;
    // Whether `ord` goes before `other` among equal scores: by their ordinals where those follow
    // the ids, else by the packed id words, or for ids other than ObjectIds by the documents' `_id`s.
    const before = (ord: number, other: number): boolean => {
      if (byId === undefined) return false;
      if (ord < idOrdered && other < idOrdered) return (ord - other) * byId.direction < 0;
      const high = words.get(2 * ord) as number;
      const otherHigh = words.get(2 * other) as number;
      let c: number;
      if (Number.isNaN(high) || Number.isNaN(otherHigh)) {
        const [a, b] = [this.#byOrd.get(ord), this.#byOrd.get(other)];
        if (a === undefined || b === undefined) return false;
        c = compareValues(a.doc._id, b.doc._id, byId.strings);
      } else if (high !== otherHigh) c = high < otherHigh ? -1 : 1;
      else c = (words.get(2 * ord + 1) as number) - (words.get(2 * other + 1) as number);
      return c * byId.direction < 0;
    };
    // Once k are kept, the last one's score and ordinal are the bar a posting must clear.
    let barScore = Number.NEGATIVE_INFINITY;
    let barOrd = -1;
    merge(this.#lists(query), (ord, score) => {
      // A tie enters only ahead of the last kept; in write order, the one written first stays.
      if (score < barScore || (score === barScore && !before(ord, barOrd))) return;
      const record = this.#passing(ord, query);
      if (record === undefined || !accept(record.doc)) return;
      let at = best.length;
      while (at > 0) {
        const [otherOrd, , otherScore] = best[at - 1];
        if (otherScore > score || (otherScore === score && !before(ord, otherOrd))) break;
        at--;
      }
      best.splice(at, 0, [ord, record, score]);
      if (best.length > k) best.pop();
      if (best.length === k) [barOrd, , barScore] = best[k - 1];
    });
    return best.map(([, record, score]) => [record.doc, score]);
  }

  /**
   * How many documents match (and `accept` takes), collecting nothing. Without `accept`, negations
   * or phrases, no record is read: a single term's living postings count by their number, and
   * several terms' by one merge when none of their postings is dead.
   */
  count(query: TextQuery, accept?: (doc: Doc) => boolean): number {
    const lists = this.#lists(query);
    if (!accept && query.negated.length === 0 && query.phrases.length === 0) {
      if (lists.length === 1) return lists[0].live;
      // With no dead postings left in the lists, every ordinal they hold is a living document.
      if (lists.every((list) => list.dead === 0)) {
        let n = 0;
        merge(lists, () => n++);
        return n;
      }
    }
    let n = 0;
    merge(lists, (ord) => {
      const record = this.#passing(ord, query);
      if (record && (!accept || accept(record.doc))) n++;
    });
    return n;
  }

  /** How many of the documents with these id keys match the query: what a count takes back for a negated filter. */
  countAmong(query: TextQuery, keys: Iterable<string>): number {
    const lists = this.#lists(query);
    let n = 0;
    for (const key of keys) {
      const ord = this.#ordById.get(key);
      if (ord !== undefined && lists.some((list) => list.has(ord)) && this.#passing(ord, query)) n++;
    }
    return n;
  }
}

function collectStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const element of value) collectStrings(element, visit);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !('_bsontype' in value)) {
    for (const element of Object.values(value)) collectStrings(element, visit);
  }
}
