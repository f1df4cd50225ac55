import { ATTRIBUTION_FORMS } from './lexicon/attribution-verbs.js';
import { OUTLET_LAST_WORDS, OUTLET_NOUNS, OUTLETS, PLATFORMS } from './lexicon/channels.js';
import { isFunctionWord, isVerb } from './lexicon/english-lexicon.js';
import { SENTENCE_OPENERS, TITLES } from './lexicon/name-words.js';
import { FEMALE_HEADS, MALE_HEADS, ORGANISATION_HEADS, ROLE_HEADS, UNNAMED_SOURCE_HEADS } from './lexicon/role-nouns.js';
import type { NameOccurrence } from './people.js';
import type { Token } from './tokens.js';
import type { ExtractedPerson } from './types.js';

/**
 * Stage 3: who or what each stretch of reporter text refers to — a named person (full name or
 * alias), a pronoun, a role reference ("the spokeswoman"), an unnamed source ("a Russian official"),
 * or a capitalised thing that is not a person ("Moscow", "TASS"), which can be a verb's subject too.
 */
export type MentionKind = 'PERSON' | 'PRONOUN' | 'ROLE' | 'UNNAMED' | 'THING';

export interface Mention {
  kind: MentionKind;
  paragraphIndex: number;
  from: number;
  to: number;
  start: number;
  end: number;
  person: string | null;
  gender: 'male' | 'female' | 'unknown';
  /** The role's head noun for ROLE mentions ("spokeswoman"). */
  head: string | null;
  possessive: boolean;
  /** Object of a preposition ("with Kristen Welker"): rarely the topic of what follows. */
  prepositional: boolean;
  outlet: boolean;
}

const PREPOSITIONS = new Set([
  'with',
  'by',
  'to',
  'from',
  'for',
  'of',
  'about',
  'against',
  'on',
  'at',
  'in',
  'toward',
  'towards',
  'between',
  'among',
  'into',
  'over',
  'under',
  'than',
  'like',
  'after',
  'before',
]);
const roleHeads = new Set(ROLE_HEADS);
const unnamedHeads = new Set(UNNAMED_SOURCE_HEADS);
const organisationHeads = new Set(ORGANISATION_HEADS);
const femaleHeads = new Set(FEMALE_HEADS);
const maleHeads = new Set(MALE_HEADS);
const openers = new Set(SENTENCE_OPENERS);
const titles = new Set(TITLES);
const outletNames = [...OUTLETS, ...PLATFORMS].map((s) => s.split(' '));
const outletLast = new Set(OUTLET_LAST_WORDS);
const outletNouns = new Set(OUTLET_NOUNS);

export interface PersonIndex {
  people: ExtractedPerson[];
  /** Single-word forms (surname, first name, "Mr. Surname") → full names using them. */
  aliasTable: Map<string, string[]>;
}

export function buildPersonIndex(people: ExtractedPerson[]): PersonIndex {
  const aliasTable = new Map<string, string[]>();
  const add = (form: string, name: string) => {
    const list = aliasTable.get(form) ?? [];
    if (!list.includes(name)) list.push(name);
    aliasTable.set(form, list);
  };
  for (const p of people) {
    const parts = p.name.split(' ').filter((w) => /^\p{Lu}/u.test(w));
    if (parts.length >= 2) {
      add(parts[parts.length - 1], p.name);
      add(parts[0], p.name);
    }
  }
  return { people, aliasTable };
}

function headGender(head: string): Mention['gender'] {
  if (femaleHeads.has(head)) return 'female';
  if (maleHeads.has(head)) return 'male';
  return 'unknown';
}

function isPrepositional(tokens: Token[], from: number): boolean {
  let i = from - 1;
  const skippable = (t: Token, k: number) =>
    titles.has(t.lower) ||
    t.capitalised ||
    /^(the|a|an|his|her|its|their)$/.test(t.lower) ||
    (t.lower === 'of' && tokens[k - 1]?.capitalised);
  const ofBetweenNames = (k: number) => tokens[k].lower === 'of' && tokens[k - 1]?.capitalised && tokens[k + 1]?.capitalised;
  while (
    i >= 0 &&
    tokens[i].word &&
    !tokens[i].inQuote &&
    skippable(tokens[i], i) &&
    (!PREPOSITIONS.has(tokens[i].lower) || ofBetweenNames(i))
  )
    i--;
  // "according to Ouma": the source of what follows, not a passing object.
  if (i >= 1 && tokens[i].lower === 'to' && tokens[i - 1].lower === 'according') return false;
  return i >= 0 && PREPOSITIONS.has(tokens[i].lower);
}

function outletAt(tokens: Token[], i: number): number {
  for (const words of outletNames) {
    if (words.every((w, k) => tokens[i + k]?.text === w)) {
      const end = i + words.length;
      if (!tokens[end]?.capitalised || tokens[end - 1].possessive) return end;
    }
  }
  let j = i;
  while (j < tokens.length && tokens[j].word && tokens[j].capitalised && !tokens[j].inQuote) {
    j++;
    // "BBC Radio 4", "France 24": a number closes the outlet's name.
    if (outletLast.has(tokens[j - 1].text) && j - i >= 2 && /^\d+$/.test(tokens[j]?.text ?? '')) return j + 1;
    if (outletLast.has(tokens[j - 1].text) && j - i >= 2 && !(tokens[j]?.capitalised && tokens[j]?.word)) return j;
    if (tokens[j - 1].possessive) break;
  }
  return -1;
}

/** The mentions in one paragraph's reporter text (quotes are skipped). */
export function findMentions(
  paragraphIndex: number,
  tokens: Token[],
  names: NameOccurrence[],
  index: PersonIndex,
  previous: string | null,
): Mention[] {
  const mentions: Mention[] = [];
  const nameAt = new Map(names.map((n) => [n.from, n]));
  const mention = (kind: MentionKind, from: number, to: number, extra: Partial<Mention>): Mention => ({
    kind,
    paragraphIndex,
    from,
    to,
    start: tokens[from].start,
    end: tokens[to - 1].end,
    person: null,
    gender: 'unknown',
    head: null,
    possessive: tokens[to - 1].possessive,
    prepositional: isPrepositional(tokens, from),
    outlet: false,
    ...extra,
  });
  let lastPerson = previous;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.inQuote || !t.word) {
      i++;
      continue;
    }
    const full = nameAt.get(i);
    if (full) {
      const person = index.people.find((p) => p.name === full.name);
      mentions.push(mention('PERSON', full.from, full.to, { person: full.name, gender: person?.gender ?? 'unknown' }));
      lastPerson = full.name;
      i = full.to;
      continue;
    }
    const outletEnd = t.capitalised ? outletAt(tokens, i) : -1;
    if (outletEnd > i) {
      mentions.push(mention('THING', i, outletEnd, { outlet: true }));
      i = outletEnd;
      continue;
    }
    if (t.capitalised && index.aliasTable.has(t.text) && !(tokens[i + 1]?.capitalised && tokens[i + 1]?.word && !tokens[i].possessive)) {
      const names = index.aliasTable.get(t.text)!;
      const name = names.length === 1 || !lastPerson || !names.includes(lastPerson) ? names[names.length - 1] : lastPerson;
      const person = index.people.find((p) => p.name === name);
      mentions.push(mention('PERSON', i, i + 1, { person: name, gender: person?.gender ?? 'unknown' }));
      lastPerson = name;
      i++;
      continue;
    }
    if (t.lower === 'he' || t.lower === 'she') {
      mentions.push(mention('PRONOUN', i, i + 1, { gender: t.lower === 'he' ? 'male' : 'female' }));
      i++;
      continue;
    }
    const determiner = t.lower;
    if (determiner === 'the' || determiner === 'a' || determiner === 'an' || determiner === 'one') {
      // "the (top US) diplomat", "a Russian official": up to four modifiers, then a head noun.
      let j = i + 1;
      let head = -1;
      while (j < tokens.length && j <= i + 5 && tokens[j].word && !tokens[j].inQuote) {
        const w = tokens[j];
        if (roleHeads.has(w.lower) || unnamedHeads.has(w.lower) || outletNouns.has(w.lower)) head = j;
        const headFollows = [tokens[j + 1], tokens[j + 2]].some((u) => u && (roleHeads.has(u.lower) || unnamedHeads.has(u.lower)));
        if (
          !w.capitalised &&
          (isFunctionWord(w.text) || (isVerb(w.text) && !roleHeads.has(w.lower) && !unnamedHeads.has(w.lower) && !headFollows))
        )
          break;
        if (w.possessive) break;
        j++;
      }
      // "one juror who spoke": a noun the role list lacks is still a person when "who" follows it.
      const personByWho = head < 0 && determiner !== 'the' && j > i + 1 && tokens[j]?.lower === 'who' && !tokens[j - 1].capitalised;
      if (personByWho) head = j - 1;
      if (head < 0 && determiner === 'the') {
        // "the Italian told", "the world number one said": a definite description right before a
        // speech verb refers to a person unless its last word names an organisation.
        const last = j - 1;
        const verb = tokens[j];
        if (
          last > i &&
          !/^[A-Z][A-Z.&-]+$/.test(tokens[last].text) &&
          verb &&
          !verb.inQuote &&
          ATTRIBUTION_FORMS.has(verb.lower) &&
          !organisationHeads.has(tokens[last].lower) &&
          !tokens[last].possessive
        ) {
          mentions.push(mention('ROLE', i, last + 1, { head: tokens[last].lower }));
          i = last + 1;
          continue;
        }
      }
      const next = head >= 0 ? tokens[head + 1] : undefined;
      const namesFollow = next?.word && next.capitalised && !openers.has(next.lower);
      if (head >= 0 && !namesFollow) {
        const headWord = tokens[head].lower;
        if (outletNouns.has(headWord) && determiner === 'the') {
          mentions.push(mention('THING', i, head + 1, { outlet: true, head: headWord }));
        } else if (determiner === 'the' && roleHeads.has(headWord)) {
          mentions.push(mention('ROLE', i, head + 1, { head: headWord, gender: headGender(headWord) }));
        } else if (determiner !== 'the' && (unnamedHeads.has(headWord) || roleHeads.has(headWord) || personByWho)) {
          // "a Russian official", "one mother who testified": someone the article never names.
          mentions.push(mention('UNNAMED', i, head + 1, { head: headWord, gender: headGender(headWord) }));
        }
        i = head + 1;
        continue;
      }
    }
    // "its founders", "their lawyers": people the article does not name.
    const plural = tokens[i + 1];
    if (
      (t.lower === 'its' || t.lower === 'their') &&
      plural?.word &&
      !plural.inQuote &&
      /s$/.test(plural.lower) &&
      roleHeads.has(plural.lower.slice(0, -1))
    ) {
      mentions.push(mention('UNNAMED', i, i + 2, { head: plural.lower }));
      i += 2;
      continue;
    }
    if (unnamedHeads.has(t.lower) && t.lower.endsWith('s') && !tokens[i - 1]?.capitalised) {
      mentions.push(mention('UNNAMED', i, i + 1, { head: t.lower }));
      i++;
      continue;
    }
    if (t.capitalised && !openers.has(t.lower) && !titles.has(t.lower)) {
      mentions.push(mention('THING', i, i + 1, {}));
    }
    i++;
  }
  return mentions;
}
