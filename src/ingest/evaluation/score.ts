import type { PublicStatement } from '../extraction/public-output.js';

/**
 * Scoring against gold: a predicted statement matches a gold one in the same paragraph when their
 * normalised texts overlap by at least 80 % of the longer (one-to-one, best overlap first).
 * Quote precision/recall/F1 count matches; speaker, kind, channel and saidOn accuracy are the share
 * of matched gold statements whose field agrees.
 */
type Scored = Omit<PublicStatement, 'confidence'>;

export interface Score {
  gold: number;
  predicted: number;
  matched: number;
  speakerCorrect: number;
  kindCorrect: number;
  channelCorrect: number;
  saidOnCorrect: number;
}

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Longest common substring length of two normalised strings, as the overlap of two spans. */
function overlap(a: string, b: string): number {
  let best = 0;
  const previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const saved = previous[j];
      previous[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      if (previous[j] > best) best = previous[j];
      diagonal = saved;
    }
  }
  return best;
}

export function matches(a: Scored, b: Scored): number {
  if (a.paragraphIndex !== b.paragraphIndex) return 0;
  const x = normalise(a.text);
  const y = normalise(b.text);
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 0;
  const ratio = overlap(x, y) / longer;
  return ratio >= 0.8 ? ratio : 0;
}

export function scoreArticle(gold: Scored[], predicted: Scored[]): Score & { pairs: Array<[Scored, Scored]> } {
  const pairs: Array<{ g: number; p: number; r: number }> = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      const r = matches(g, p);
      if (r > 0) pairs.push({ g: gi, p: pi, r });
    });
  });
  pairs.sort((a, b) => b.r - a.r || a.g - b.g || a.p - b.p);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  const matched: Array<[Scored, Scored]> = [];
  for (const { g, p } of pairs) {
    if (usedG.has(g) || usedP.has(p)) continue;
    usedG.add(g);
    usedP.add(p);
    matched.push([gold[g], predicted[p]]);
  }
  const count = (f: (g: Scored, p: Scored) => boolean) => matched.filter(([g, p]) => f(g, p)).length;
  return {
    gold: gold.length,
    predicted: predicted.length,
    matched: matched.length,
    speakerCorrect: count((g, p) => g.speaker === p.speaker),
    kindCorrect: count((g, p) => g.kind === p.kind),
    channelCorrect: count((g, p) => (g.channel ?? '').toLowerCase() === (p.channel ?? '').toLowerCase()),
    saidOnCorrect: count((g, p) => g.saidOn === p.saidOn),
    pairs: matched,
  };
}

export function addScores(a: Score, b: Score): Score {
  return {
    gold: a.gold + b.gold,
    predicted: a.predicted + b.predicted,
    matched: a.matched + b.matched,
    speakerCorrect: a.speakerCorrect + b.speakerCorrect,
    kindCorrect: a.kindCorrect + b.kindCorrect,
    channelCorrect: a.channelCorrect + b.channelCorrect,
    saidOnCorrect: a.saidOnCorrect + b.saidOnCorrect,
  };
}

export function figures(s: Score): {
  precision: number;
  recall: number;
  f1: number;
  speaker: number;
  kind: number;
  channel: number;
  saidOn: number;
} {
  const precision = s.predicted ? s.matched / s.predicted : 0;
  const recall = s.gold ? s.matched / s.gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const share = (n: number) => (s.matched ? n / s.matched : 0);
  return {
    precision,
    recall,
    f1,
    speaker: share(s.speakerCorrect),
    kind: share(s.kindCorrect),
    channel: share(s.channelCorrect),
    saidOn: share(s.saidOnCorrect),
  };
}
