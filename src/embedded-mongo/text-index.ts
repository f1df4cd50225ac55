/**
 * Text indexes the way mongod (textIndexVersion 3) stores and scores them: one per collection,
 * weighted fields, a stop-word list, case and diacritic folding, and the per-field score
 * Σ weight·freq·(0.5·count/tokens + 0.5) from fts_spec.cpp. The inverted index maps each term to
 * the documents holding it together with that term's share of their score, worked out once when
 * the document is written: a query sums the shares of its terms over their postings and never
 * reads a document or re-tokenizes its text (only a "phrase" needs the folded text).
 */
import { type Doc, pathValues } from './bson-values.js';

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

export class TextIndex {
  readonly spec: TextIndexSpec;
  /** term → (document id → the term's part of that document's score). */
  readonly #postings = new Map<string, Map<string, number>>();
  readonly #termsById = new Map<string, string[]>();
  /** Folded field texts, for phrase matching. */
  readonly #foldedById = new Map<string, string[]>();

  constructor(spec: TextIndexSpec) {
    this.spec = spec;
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
    this.#foldedById.set(
      id,
      texts.map(([, text]) => fold(text)),
    );
    this.#termsById.set(id, [...scores.keys()]);
    for (const [term, score] of scores) {
      const postings = this.#postings.get(term);
      if (postings) postings.set(id, score);
      else this.#postings.set(term, new Map([[id, score]]));
    }
  }

  remove(_doc: Doc, id: string): void {
    for (const term of this.#termsById.get(id) ?? []) {
      const postings = this.#postings.get(term);
      postings?.delete(id);
      if (postings?.size === 0) this.#postings.delete(term);
    }
    this.#termsById.delete(id);
    this.#foldedById.delete(id);
  }

  clear(): void {
    this.#postings.clear();
    this.#termsById.clear();
    this.#foldedById.clear();
  }

  /**
   * The documents matching the query with their scores: those holding at least one term, none of
   * the negated words, and every phrase. Costs one step per posting of the query's terms.
   */
  matches(query: TextQuery): Map<string, number> {
    const scores = new Map<string, number>();
    for (const term of query.terms) {
      this.#postings.get(term)?.forEach((share, id) => {
        scores.set(id, (scores.get(id) ?? 0) + share);
      });
    }
    for (const id of scores.keys()) if (!this.#passes(id, query)) scores.delete(id);
    return scores;
  }

  /** Whether a document holding some query term also passes the negations and phrases. */
  #passes(id: string, query: TextQuery): boolean {
    for (const term of query.negated) if (this.#postings.get(term)?.has(id)) return false;
    if (query.phrases.length === 0) return true;
    const folded = this.#foldedById.get(id) ?? [];
    return query.phrases.every((phrase) => folded.some((text) => text.includes(fold(phrase))));
  }

  /** The postings of the query's terms that exist. */
  #lists(query: TextQuery): Array<Map<string, number>> {
    return query.terms.map((term) => this.#postings.get(term)).filter((list) => list !== undefined);
  }

  /**
   * The `k` best matches that `accept` takes, best first (equal scores in the order met), in one
   * pass over the terms' postings: a document is scored when first met, from the postings of the
   * later terms, and `accept` (which may read the document) runs only for scores that would enter
   * the top — nothing is collected for the rest.
   */
  top(query: TextQuery, k: number, accept: (id: string) => boolean): Array<[id: string, score: number]> {
    const lists = this.#lists(query);
    const best: Array<[string, number]> = [];
    lists.forEach((list, j) => {
      // Map#forEach: no [id, share] pair is allocated per posting.
      list.forEach((share, id) => {
        for (let i = 0; i < j; i++) if (lists[i].has(id)) return; // scored already under an earlier term
        let score = share;
        for (let i = j + 1; i < lists.length; i++) score += lists[i].get(id) ?? 0;
        if (best.length === k && score <= best[k - 1][1]) return;
        if (!this.#passes(id, query) || !accept(id)) return;
        let at = best.length;
        while (at > 0 && best[at - 1][1] < score) at--;
        best.splice(at, 0, [id, score]);
        if (best.length > k) best.pop();
      });
    });
    return best;
  }

  /**
   * How many documents match, reading no document and collecting nothing: the longest term's
   * postings count by their size (unless negations or phrases must be checked one by one), every
   * other term's add the documents no earlier term held.
   */
  count(query: TextQuery): number {
    const lists = this.#lists(query).sort((a, b) => b.size - a.size);
    const checked = query.negated.length > 0 || query.phrases.length > 0;
    let n = 0;
    lists.forEach((list, j) => {
      if (j === 0 && !checked) {
        n += list.size;
        return;
      }
      list.forEach((_share, id) => {
        for (let i = 0; i < j; i++) if (lists[i].has(id)) return; // counted already under an earlier term
        if (this.#passes(id, query)) n++;
      });
    });
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
