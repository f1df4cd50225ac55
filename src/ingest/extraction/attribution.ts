import type { Cue } from './cues.js';
import { ROLE_HEADS } from './lexicon/role-nouns.js';
import type { PlacedMention } from './resolution.js';
import type { Sentence } from './sentences.js';

/**
 * Stage 5: the subject of an attribution cue. Inverted order ('"…," said Peskov') takes the mention
 * after the verb; otherwise the nearest mention before it, skipping possessives, prepositional
 * objects and a comma-enclosed appositive or relative clause ("Dmitriev, who met Witkoff, said").
 */
export type Subject = { mention: PlacedMention } | { nonPerson: true } | null;

const roleHeads = new Set(ROLE_HEADS);
const ADVERBIAL_GAP =
  /^[\s,]*(?:(?:had|has|have|was|is|were|are|also|then|later|again|earlier|only|previously|once|first|would|will|could|did|does|not|never|repeatedly|publicly|privately|quickly|directly|separately|still|too|himself|herself)\b[\s,]*)*$/i;

function appositive(segment: string): boolean {
  if (/^(?:who|which|whose|a|an|the|\d|former|his|her|its|their)\b/i.test(segment)) return true;
  return segment
    .toLowerCase()
    .split(/[\s-]+/)
    .some((w) => roleHeads.has(w));
}

export function subjectOf(cue: Cue, sentence: Sentence, masked: string, mentions: PlacedMention[], quoteCloses: number[]): Subject {
  const inSentence = mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
  const afterQuote = quoteCloses.some((close) => close < cue.start && /^["\u201D]?[\s,]*$/.test(masked.slice(close + 1, cue.start)));
  if (afterQuote) {
    const next = inSentence.find((m) => m.start >= cue.end && m.start - cue.end < 40 && m.kind !== 'THING');
    if (next) return { mention: next };
  }
  if (cue.verb === 'according to') {
    // "according to Luevano, …": the source follows the cue.
    const source = inSentence.find((m) => m.start >= cue.end && m.start - cue.end < 40);
    if (source && source.kind !== 'THING') return { mention: source };
    return source ? { nonPerson: true } : null;
  }
  // ", saying …", "and promised …": the verb shares the clause's subject, which is the sentence's
  // first person-like mention, not the object nearest the verb ("called Ibarra …, saying").
  const lead = masked.slice(sentence.start, cue.start);
  const sharedSubject = (/ing$/.test(masked.slice(cue.start, cue.end)) && /,\s*$/.test(lead)) || /\band\s+(?:then\s+|also\s+)?$/.test(lead);
  if (sharedSubject) {
    const topic = inSentence.find((m) => m.end <= cue.start && m.kind !== 'THING' && !m.possessive && !m.prepositional);
    if (topic) return { mention: topic };
  }
  let limit = cue.start;
  for (;;) {
    const before = masked.slice(sentence.start, limit);
    const trailing = /,\s*$/.exec(before);
    if (!trailing) break;
    const opening = before.lastIndexOf(',', trailing.index - 1);
    if (opening < 0) break;
    const segment = before
      .slice(opening + 1, trailing.index)
      .replace(/\([^)]*\)/g, '')
      .trim();
    if (!appositive(segment)) break;
    limit = sentence.start + opening;
  }
  const candidates = inSentence.filter((m) => m.end <= limit).reverse();
  for (const m of candidates) {
    if (m.possessive || m.prepositional) continue;
    const gap = masked.slice(m.end, cue.start);
    if (/\bwhich\b/.test(gap)) return { nonPerson: true };
    // "a final that organisers called": the verb has a subject of its own inside a relative clause.
    if (/\b(?:that|whom)\s+(?:the\s+|its\s+|their\s+|some\s+|many\s+)?[a-z][a-z-]*\s*$/.test(gap)) return { nonPerson: true };
    // "Marta Undurraga of Diego Portales University said": the institution qualifies the person before it.
    if (
      m.kind === 'THING' &&
      inSentence.some(
        (p) =>
          p.kind === 'PERSON' &&
          p.end <= m.start &&
          /^\s*(?:of|at|from)\s+(?:the\s+)?(?:\p{Lu}[\p{L}'’-]*\s+)*$/u.test(masked.slice(p.end, m.start)),
      )
    )
      continue;
    if (m.kind === 'THING') {
      // A capitalised non-person right before the verb is its subject ("TASS reported", "the Kremlin said").
      if (ADVERBIAL_GAP.test(masked.slice(m.end, limit))) return { nonPerson: true };
      continue;
    }
    return { mention: m };
  }
  const next = inSentence.find((m) => m.start >= cue.end && m.start - cue.end < 30 && !m.prepositional && m.kind !== 'THING');
  if (next) return { mention: next };
  // A plain noun phrase right before the verb ("the finance ministry said"): a subject, not a person.
  const head = masked.slice(sentence.start, limit);
  const nounPhrase = /\b(?:the|a|an|its|their|his|her)\s+(?:[\p{L}'’-]+\s+){0,3}[\p{L}-]+\s*$/iu.test(head);
  const auxiliary = /\b(?:was|were|is|are|been|be|being|had|has|have|will|would)\s*$/i.test(head);
  if (nounPhrase && !auxiliary) return { nonPerson: true };
  return null;
}
