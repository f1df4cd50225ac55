import { OCCASIONS, OUTLET_BY_KIND, PLATFORMS } from './lexicon/channels.js';
import type { Mention } from './mentions.js';

/**
 * Stage 6b: the medium of the words — a platform ("on X"), an outlet ("told NBC News", "according to
 * TASS", "the newspaper" for the outlet named before), an interview with a person, state media, or
 * an occasion ("a statement", "a press briefing"). "told reporters" alone gives none.
 */
export type ChannelFinding = { channel: string } | { inherit: true } | null;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PLATFORM = new RegExp(
  `\\b(?:on|via|in a post on) (?:his |her |their |its |the )?(${[...PLATFORMS]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}-])`,
  'u',
);
const SAME = /\b(?:the|that) same (?:statement|post|interview|briefing|video|remarks?|speech|address|conference|message|appearance)\b/i;
const STATE_MEDIA = /\b((?:[A-Z][a-z]+ )?state(?:-run)? (?:media|television|TV|news agency|broadcaster))\b/;

/**
 * `text` is the sentence's reporter text (quotes masked), `offset` where it starts in the paragraph;
 * `mentions` are the paragraph's; `lastOutlet` is the outlet the article named most recently.
 */
export function findChannel(
  text: string,
  offset: number,
  cueAt: number,
  mentions: Mention[],
  lastOutlet: string | null,
  paragraph: string,
): ChannelFinding {
  if (SAME.test(text)) return { inherit: true };
  const platform = PLATFORM.exec(text);
  if (platform) return { channel: platform[1] };
  const inSentence = mentions.filter((m) => m.start >= offset && m.end <= offset + text.length);
  const interview = /\binterview with\b/i.exec(text);
  if (interview) {
    const after = offset + interview.index + interview[0].length;
    const next = inSentence.find((m) => m.start >= after && m.start - after < 60);
    if (next?.kind === 'PERSON' && next.person) return { channel: `an interview with ${next.person}` };
    if (next?.outlet) return { channel: paragraph.slice(next.start, next.end) };
  }
  const byKind = OUTLET_BY_KIND.exec(text);
  if (byKind) return { channel: byKind[1] };
  const outlets = inSentence.filter((m) => m.outlet);
  // "The European Space Agency … said in a statement": an outlet-like subject before the verb is the
  // speaker's organisation; the occasion named after the verb is the medium.
  const occasion = occasionIn(text);
  if (occasion && outlets.every((m) => m.end <= cueAt) && offset + occasion.index >= cueAt) return { channel: occasion.channel };
  if (outlets.length > 0) {
    const nearest = outlets.reduce((a, b) => (Math.abs(b.start - cueAt) < Math.abs(a.start - cueAt) ? b : a));
    if (nearest.head) return lastOutlet ? { channel: lastOutlet } : null;
    return { channel: paragraph.slice(nearest.start, nearest.end) };
  }
  const state = STATE_MEDIA.exec(text);
  if (state) return { channel: state[1] };
  return occasion ? { channel: occasion.channel } : null;
}

function occasionIn(text: string): { channel: string; index: number } | null {
  for (const { pattern, channel } of OCCASIONS) {
    const m = pattern.exec(text);
    if (m) return { channel: channel(m), index: m.index };
  }
  return null;
}
