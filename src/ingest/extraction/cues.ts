import { ATTRIBUTION_FORMS, NAMING_FORMS } from './lexicon/attribution-verbs.js';
import type { Token } from './tokens.js';

/**
 * Stage 3b: attribution cues in reporter text — verbs from the list ("said", "told", "wrote"),
 * "according to", and naming verbs ("dubbed") that mark a quote as a label.
 */
export interface Cue {
  token: number;
  start: number;
  end: number;
  verb: string;
  naming: boolean;
}

/** Bases that are also common nouns ("a post", "the report"): only their -ed/-ing forms are cues. */
const NOUN_LIKE = new Set([
  'post',
  'report',
  'call',
  'text',
  'quote',
  'state',
  'charge',
  'note',
  'reason',
  'signal',
  'answer',
  'comment',
  'counter',
  'demand',
  'promise',
  'tweet',
  'pledge',
  'praise',
  'reply',
  'remark',
  'protest',
  'estimate',
  'claim',
  'thank',
  'joke',
  'vow',
  'mention',
  'respond',
  'swear',
  'cite',
  'tout',
  'title',
  'name',
  'style',
  'term',
  'label',
  'brand',
]);

export function findCues(tokens: Token[], sentenceStarts: Set<number>): Cue[] {
  const cues: Cue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.word || t.inQuote) continue;
    if (t.capitalised && !sentenceStarts.has(t.start)) continue;
    if (t.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      cues.push({ token: i, start: t.start, end: tokens[i + 1].end, verb: 'according to', naming: false });
      continue;
    }
    const naming = NAMING_FORMS.get(t.lower);
    const base = ATTRIBUTION_FORMS.get(t.lower) ?? naming;
    if (!base) continue;
    if (NOUN_LIKE.has(base) && !/(ed|ing)$/.test(t.lower)) continue;
    cues.push({ token: i, start: t.start, end: t.end, verb: base, naming: naming !== undefined });
  }
  return cues;
}
