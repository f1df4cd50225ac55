/**
 * Text indexes the way mongod (textIndexVersion 3) stores and scores them: one per collection,
 * weighted fields, a stop-word list, case and diacritic folding, and the per-field score
 * Σ weight·freq·(0.5·count/tokens + 0.5) from fts_spec.cpp. An inverted index (term → ids)
 * keeps `$text` from reading documents that contain none of the terms.
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

interface IndexedField {
  weight: number;
  tokens: string[];
  folded: string;
}

export interface TextIndexSpec extends Doc {
  weights: Record<string, number>;
}

export class TextIndex {
  readonly spec: TextIndexSpec;
  readonly #postings = new Map<string, Set<string>>();
  readonly #termsById = new Map<string, string[]>();
  readonly #fieldsById = new Map<string, IndexedField[]>();

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
    // Tokenized once here, so scoring a query never re-tokenizes stored text.
    const fields = this.#fieldTexts(doc).map(([weight, text]): IndexedField => ({ weight, tokens: tokenize(text), folded: fold(text) }));
    this.#fieldsById.set(id, fields);
    const terms = new Set(fields.flatMap((field) => field.tokens));
    this.#termsById.set(id, [...terms]);
    for (const term of terms) {
      const ids = this.#postings.get(term) ?? new Set<string>();
      ids.add(id);
      this.#postings.set(term, ids);
    }
  }

  remove(_doc: Doc, id: string): void {
    for (const term of this.#termsById.get(id) ?? []) {
      const ids = this.#postings.get(term);
      ids?.delete(id);
      if (ids?.size === 0) this.#postings.delete(term);
    }
    this.#termsById.delete(id);
    this.#fieldsById.delete(id);
  }

  clear(): void {
    this.#postings.clear();
    this.#termsById.clear();
    this.#fieldsById.clear();
  }

  /** Ids of documents containing at least one of the terms. */
  candidates(query: TextQuery): Set<string> {
    const ids = new Set<string>();
    for (const term of query.terms) for (const id of this.#postings.get(term) ?? []) ids.add(id);
    return ids;
  }

  /** The document's score for the query, or 0 when it does not match (phrase missing, negated word present). */
  score(id: string, query: TextQuery): number {
    const fields = this.#fieldsById.get(id) ?? [];
    for (const phrase of query.phrases) if (!fields.some((field) => field.folded.includes(fold(phrase)))) return 0;
    let score = 0;
    for (const { weight, tokens } of fields) {
      if (tokens.length === 0) continue;
      if (query.negated.some((term) => tokens.includes(term))) return 0;
      for (const term of query.terms) {
        let count = 0;
        let freq = 0;
        for (const token of tokens) {
          if (token === term) freq += 1 / 2 ** count++;
        }
        if (count === 0) continue;
        let coeff = (0.5 * count) / tokens.length + 0.5;
        if (tokens.length === 1) coeff *= 1.1; // the term is the whole field
        score += weight * freq * coeff;
      }
    }
    return score;
  }
}

function collectStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const element of value) collectStrings(element, visit);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !('_bsontype' in value)) {
    for (const element of Object.values(value)) collectStrings(element, visit);
  }
}
