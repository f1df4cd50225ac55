import type { Mention } from './mentions.js';
import type { ExtractedPerson, SpeakerCandidate } from './types.js';

/**
 * Stage 4: coreference. A pronoun or a role reference ("the envoy") resolves to a person named
 * earlier, scored by closeness, by being the topic (first, non-prepositional mention) of a
 * sentence, by being the last speaker, by gender agreement and by a matching role head.
 */
export interface PlacedMention extends Mention {
  sentence: number;
  /** First person-like mention of its sentence that is not inside a prepositional phrase. */
  topic: boolean;
}

export interface Resolution {
  person: string | null;
  /** The reference is to someone the article does not name ("one mother … she said"). */
  unnamed?: boolean;
  candidates: SpeakerCandidate[];
  confidence: number;
}

function roleHeadMatches(person: ExtractedPerson, head: string): boolean {
  return person.roles.some((r) => {
    const words = r.toLowerCase().split(/[\s-]+/);
    return words.includes(head) || words.includes(`${head}'s`);
  });
}

export function resolveReference(
  target: PlacedMention,
  history: PlacedMention[],
  people: ExtractedPerson[],
  lastSpeaker: string | null,
): Resolution {
  const byName = new Map(people.map((p) => [p.name, p]));
  const scores = new Map<string, number>();
  let unnamed = Number.NEGATIVE_INFINITY;
  for (const m of history) {
    const singularUnnamed = m.kind === 'UNNAMED' && target.kind === 'PRONOUN' && !/s$/.test(m.head ?? 's');
    if ((!m.person && !singularUnnamed) || (m.start === target.start && m.paragraphIndex === target.paragraphIndex)) continue;
    if (m.paragraphIndex > target.paragraphIndex || (m.paragraphIndex === target.paragraphIndex && m.start >= target.start)) continue;
    const paragraphsBack = target.paragraphIndex - m.paragraphIndex;
    if (paragraphsBack > 2) continue;
    let score: number;
    if (paragraphsBack === 0) score = m.sentence === target.sentence ? 1 : m.sentence === target.sentence - 1 ? 0 : -1;
    else score = paragraphsBack === 1 ? -2 : -4;
    if (m.topic) score += 2;
    if (m.prepositional) score -= 2;
    if (m.possessive && !m.topic) score -= 1;
    if (!m.person) {
      const agrees = target.gender === 'unknown' || m.gender === 'unknown' || m.gender === target.gender;
      // Only an unnamed person who is the topic of the sentence just before competes with named ones.
      if (agrees && m.topic && paragraphsBack === 0) unnamed = Math.max(unnamed, score);
      continue;
    }
    const previous = scores.get(m.person);
    if (previous === undefined || score > previous) scores.set(m.person, score);
  }
  if (lastSpeaker) scores.set(lastSpeaker, Math.max(scores.get(lastSpeaker) ?? -5, -5) + 1.5);
  const ranked: SpeakerCandidate[] = [];
  for (const [name, base] of scores) {
    const person = byName.get(name);
    if (!person) continue;
    if (target.gender !== 'unknown' && person.gender !== 'unknown' && person.gender !== target.gender) continue;
    let score = base;
    if (target.kind === 'ROLE' && target.head) score += roleHeadMatches(person, target.head) ? 4 : 0;
    ranked.push({ name, score });
  }
  if (target.kind === 'ROLE' && target.head && !ranked.some((c) => c.score >= 2)) {
    // A role the article gave a person further back ("the Kremlin spokesman" two sections later).
    for (const p of people) {
      if (!scores.has(p.name) && roleHeadMatches(p, target.head) && history.some((m) => m.person === p.name))
        ranked.push({ name: p.name, score: 0 });
    }
  }
  ranked.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  if (unnamed > (ranked[0]?.score ?? Number.NEGATIVE_INFINITY)) {
    const margin = ranked.length > 0 ? unnamed - ranked[0].score : 4;
    return { person: null, unnamed: true, candidates: ranked.slice(0, 3), confidence: Math.min(0.8, 0.5 + 0.1 * Math.min(margin, 3)) };
  }
  if (ranked.length === 0) return { person: null, candidates: [], confidence: 0 };
  const margin = ranked.length > 1 ? ranked[0].score - ranked[1].score : 4;
  const confidence = Math.min(0.9, 0.5 + 0.1 * Math.min(margin, 4));
  return { person: ranked[0].name, candidates: ranked.slice(0, 4), confidence };
}
