import { OUTLET_LAST_WORDS, OUTLETS, PLATFORMS } from './lexicon/channels.js';
import { givenNameGender, isDemonym, isFunctionWord, isPlace, isVerb } from './lexicon/english-lexicon.js';
import {
  MONTHS,
  NAME_PARTICLES,
  NON_PERSON_LAST_WORDS,
  PLACE_FIRST_WORDS,
  SENTENCE_OPENERS,
  TITLES,
  WEEKDAYS,
} from './lexicon/name-words.js';
import { FEMALE_HEADS, MALE_HEADS, ORGANISATION_HEADS, ROLE_HEADS } from './lexicon/role-nouns.js';
import type { Token } from './tokens.js';
import type { ExtractedPerson } from './types.js';

/**
 * Stage 2: the people an article names. A run of capitalised words is a person's name when, after
 * titles and demonyms are set aside, two to four name-like words remain that do not end like an
 * organisation or place. Roles come from the words before a name ("Kremlin spokesman") and from an
 * appositive after it (", head of the Russian Direct Investment Fund,").
 */

const titles = new Set(TITLES);
const nonPersonLast = new Set(NON_PERSON_LAST_WORDS);
const placeFirst = new Set(PLACE_FIRST_WORDS);
const particles = new Set(NAME_PARTICLES);
const openers = new Set(SENTENCE_OPENERS);
const calendar = new Set([...MONTHS, ...WEEKDAYS]);
const roleHeads = new Set(ROLE_HEADS);
const femaleHeads = new Set(FEMALE_HEADS);
const maleHeads = new Set(MALE_HEADS);
const organisationHeads = new Set(ORGANISATION_HEADS);
const mediaNames = new Set([...OUTLETS, ...PLATFORMS].map((s) => s.toLowerCase()));
const outletLast = new Set(OUTLET_LAST_WORDS.map((w) => w.toLowerCase()));

export interface NameOccurrence {
  paragraphIndex: number;
  /** Index of the first and one-past-last token of the name itself (titles excluded). */
  from: number;
  to: number;
  name: string;
  roles: string[];
  honorificGender: 'male' | 'female' | null;
}

function isAcronym(token: Token): boolean {
  return /^[A-Z][A-Z.-]+$/.test(token.text) && token.text.length >= 2;
}

/** "Kremlin-backed", "Russian-born": a hyphenated modifier; "Marc-André" (capitalised parts) is a name. */
function modifierCompound(token: Token): boolean {
  return /-/.test(token.text) && !token.text.split('-').every((part) => /^\p{Lu}/u.test(part));
}

/**
 * "Cyclist Ama Owusu", "Pianist Grace Wambui": a sentence-initial occupation the role list does not
 * hold, told by its agent-noun ending, before at least two more name words; never a known given name.
 */
function occupationWord(tokens: Token[], at: number, runTo: number): boolean {
  const t = tokens[at];
  return runTo - at >= 3 && givenNameGender(t.text) === null && /^\p{Lu}\p{Ll}+(?:ist|ian|er|or|ant|ent)$/u.test(t.text);
}

function isNameWord(token: Token): boolean {
  if (!token.word || !token.capitalised || isAcronym(token)) return false;
  if (calendar.has(token.lower) || openers.has(token.lower)) return false;
  return true;
}

/** Capitalised runs, joined across name particles ("Chris van Heerden"). */
function capitalisedRuns(tokens: Token[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < tokens.length) {
    if (!(tokens[i].word && tokens[i].capitalised)) {
      i++;
      continue;
    }
    const from = i;
    let to = i + 1;
    while (to < tokens.length && !tokens[to - 1].possessive) {
      const t = tokens[to];
      if (t.word && t.capitalised) to++;
      else if (particles.has(t.text) && tokens[to + 1]?.capitalised && tokens[to + 1]?.word) to += 2;
      else break;
    }
    runs.push([from, to]);
    i = to;
  }
  return runs;
}

function looksLikeName(tokens: Token[], from: number, to: number, hadTitle: boolean): boolean {
  const words = tokens.slice(from, to).filter((t) => !particles.has(t.text));
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every(isNameWord)) return false;
  const last = words[words.length - 1];
  // "Judge Helen Park": after a title, a given name and one more word are a person whatever that word.
  const titledGivenName = hadTitle && words.length === 2 && givenNameGender(words[0].text) !== null;
  if (!titledGivenName && (nonPersonLast.has(last.lower) || outletLast.has(last.lower))) return false;
  const phrase = tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(' ')
    .toLowerCase();
  if (mediaNames.has(phrase)) return false;
  if (words.some((w) => isDemonym(w.text))) return false;
  if (placeFirst.has(words[0].lower) && !hadTitle) return false;
  if (hadTitle || givenNameGender(words[0].text) !== null) return true;
  if (words.some((w) => isPlace(w.text))) return false;
  // No first-name evidence: accept only words the lexicon does not know as ordinary English.
  return words.every((w) => !isFunctionWord(w.text) && !isVerb(w.text) && !titles.has(w.lower));
}

/** Words before a name that describe the person: stop at function words, verbs and punctuation. */
function roleBefore(tokens: Token[], from: number): string | null {
  let i = from - 1;
  while (i >= 0) {
    const t = tokens[i];
    if (!t.word || t.inQuote !== tokens[from].inQuote) break;
    if (t.text === 'of' && tokens[i - 1]?.capitalised) {
      i--;
      continue;
    }
    if (openers.has(t.lower) && !(t.capitalised && titles.has(t.lower))) break;
    if (!t.capitalised && (isFunctionWord(t.text) || /^(said|says|told|wrote|freed|met|held|and|or)$/.test(t.lower))) break;
    if (!t.capitalised && isVerb(t.text) && !roleHeads.has(t.lower) && !titles.has(t.lower) && /(ed|ing)$/.test(t.lower)) break;
    i--;
  }
  const words = tokens.slice(i + 1, from);
  if (words.length === 0) return null;
  const head = words[words.length - 1].lower;
  if (!roleHeads.has(head) && !titles.has(head)) return null;
  if (words.length === 1 && /^(mr|mrs|ms|dr|sir)$/.test(head)) return null;
  return words.map((t) => t.text + (t.possessive ? "'s" : '')).join(' ');
}

/** ", head of the Fund and Putin's envoy for economic cooperation," after a name. */
function rolesAfter(paragraph: string, tokens: Token[], to: number): string[] {
  const comma = tokens[to];
  if (comma?.text !== ',' || tokens[to - 1].inQuote) return [];
  const rest = paragraph.slice(comma.end);
  const segment = /^\s*([^,;:.()"\u201C\u201D]+?)(?:\s*\([^)]*\))?\s*(?:[,;:.]|$)/.exec(rest)?.[1];
  if (!segment || /^\s*["\u201C\u201D]/.test(rest)) return [];
  // ", was joined by Judge Reyes": the sentence's verb, not an appositive.
  if (/^\s*(?:was|is|were|are|has|had|have|will|would|said|says)\b/i.test(segment)) return [];
  let phrase = segment
    .replace(/^(?:a|an|the)\s+/i, '')
    .split(/\s+(?:who|which|that|whose|held|arrested|accused|detained|based)\b/)[0]
    .trim();
  if (/^\d/.test(phrase) || phrase.length < 3) return [];
  phrase = phrase.replace(/\s+(?:in|since|from|at)\s+.*$/, (m) => (/\b(?:of|for)\b/.test(phrase.slice(0, phrase.indexOf(m))) ? m : ''));
  const parts = phrase.split(/\s+and\s+/).map((p) => p.replace(/^(?:a|an|the)\s+/i, '').trim());
  const hasHead = (p: string) => p.split(/[\s-]+/).some((w) => roleHeads.has(w.toLowerCase().replace(/['’]s$/, '')));
  if (parts.length > 1 && parts.every(hasHead)) return parts;
  return hasHead(phrase) ? [phrase] : [];
}

/** "Capital Economics, a London-based research firm,": the appositive's head noun says what it names. */
function organisationAppositive(paragraph: string, tokens: Token[], to: number): boolean {
  if (tokens[to]?.text !== ',') return false;
  const segment = /^\s*(?:a|an|the)\s+([^,;:.()"\u201C]+?)\s*[,;:.]/i.exec(paragraph.slice(tokens[to].end))?.[1];
  if (!segment) return false;
  // The head ends the noun phrase before its post-modifier ("a member of the party" → member), but
  // "of" inside a proper name ("a former Bank of Japan board member") does not end it.
  const head =
    segment
      .split(/(?<=\b[a-z][\w-]*)\s+(?:of|in|at|for|with|from|based|that|which|behind|whose)\b/)[0]
      .split(/\s+/)
      .pop() ?? '';
  return organisationHeads.has(head.toLowerCase());
}

/** Every full-name occurrence in one paragraph. */
export function findNameOccurrences(paragraph: string, paragraphIndex: number, tokens: Token[]): NameOccurrence[] {
  const found: NameOccurrence[] = [];
  for (const [runFrom, runTo] of capitalisedRuns(tokens)) {
    let from = runFrom;
    let honorificGender: 'male' | 'female' | null = null;
    while (from < runTo - 1) {
      const t = tokens[from];
      const strip =
        titles.has(t.lower) || roleHeads.has(t.lower) || openers.has(t.lower) || isDemonym(t.text) || isAcronym(t) || modifierCompound(t);
      if (
        (!strip && !occupationWord(tokens, from, runTo)) ||
        (givenNameGender(t.text) !== null && !titles.has(t.lower) && !openers.has(t.lower))
      )
        break;
      if (femaleHeads.has(t.lower)) honorificGender = 'female';
      if (maleHeads.has(t.lower)) honorificGender = 'male';
      from++;
    }
    // "Texas Attorney General Daniel Okafor", "Outgoing President Gabriel Boric": whatever precedes the
    // last title or role word of the run describes the person; the name is what follows it.
    for (let k = runTo - 3; k >= from; k--) {
      const t = tokens[k];
      if (titles.has(t.lower) || roleHeads.has(t.lower)) {
        for (let j = from; j <= k; j++) {
          if (femaleHeads.has(tokens[j].lower)) honorificGender = 'female';
          if (maleHeads.has(tokens[j].lower)) honorificGender = 'male';
        }
        from = k + 1;
        break;
      }
    }
    const hadTitle = from > runFrom && tokens.slice(runFrom, from).some((t) => titles.has(t.lower) || isDemonym(t.text));
    const roleWords = roleBefore(tokens, from);
    if (!looksLikeName(tokens, from, runTo, hadTitle || roleWords !== null)) continue;
    if (organisationAppositive(paragraph, tokens, runTo)) continue;
    const name = tokens
      .slice(from, runTo)
      .map((t) => t.text)
      .join(' ');
    const roles = [roleWords, ...rolesAfter(paragraph, tokens, runTo)].filter((r): r is string => !!r);
    found.push({ paragraphIndex, from, to: runTo, name, roles, honorificGender });
  }
  return found;
}

function genderOf(name: string, roles: string[], honorific: 'male' | 'female' | null): ExtractedPerson['gender'] {
  if (honorific) return honorific;
  for (const role of roles) {
    for (const w of role.toLowerCase().split(/[\s-]+/)) {
      if (femaleHeads.has(w)) return 'female';
      if (maleHeads.has(w)) return 'male';
    }
  }
  const given = givenNameGender(name.split(' ')[0]);
  return given === 'male' || given === 'female' ? given : 'unknown';
}

/** Merges occurrences into people: one entry per full name, its roles and evidence in order. */
export function collectPeople(occurrences: NameOccurrence[], paragraphs: string[], tokens: Token[][]): ExtractedPerson[] {
  const byName = new Map<string, ExtractedPerson & { honorific: 'male' | 'female' | null }>();
  for (const o of occurrences) {
    let person = byName.get(o.name);
    if (!person) {
      person = { name: o.name, aliases: [], roles: [], gender: 'unknown', evidence: [], honorific: o.honorificGender };
      byName.set(o.name, person);
    }
    for (const role of o.roles) if (!person.roles.some((r) => r.toLowerCase() === role.toLowerCase())) person.roles.push(role);
    const t = tokens[o.paragraphIndex];
    const excerptStart = t[o.from].start;
    const excerpt = paragraphs[o.paragraphIndex].slice(excerptStart, t[o.to - 1].end);
    if (person.evidence.length < 5) person.evidence.push({ paragraphIndex: o.paragraphIndex, excerpt });
  }
  return [...byName.values()].map(({ honorific, ...p }) => ({ ...p, gender: genderOf(p.name, p.roles, honorific) }));
}
