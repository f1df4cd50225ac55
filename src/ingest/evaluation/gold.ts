import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE, STATEMENTS } from '../../../seed/annotations.js';
import { readCorpusFile } from '../extraction/article-text.js';
import type { PublicStatement } from '../extraction/public-output.js';

/**
 * Gold annotations: the development articles' `.gold.json` files kept in `corpus/`, and the seed
 * article's curated statements (seed/annotations.ts), its quotes only — paraphrases are not spans.
 */
export interface GoldArticle {
  file: string;
  input: { text: string; publishedOn: string };
  statements: Array<Omit<PublicStatement, 'confidence'>>;
}

export const CORPUS_DIR = new URL('../../../corpus/', import.meta.url).pathname;
export const SEED_FILE = '000_0b1de31f74846667.txt';

function seedGold(dir: string): GoldArticle {
  const nameOf = new Map(PEOPLE.map((p) => [p.slug, p.name]));
  return {
    file: SEED_FILE,
    input: readCorpusFile(readFileSync(join(dir, SEED_FILE))),
    statements: STATEMENTS.filter((s) => s.kind !== 'PARAPHRASE').map((s) => ({
      paragraphIndex: s.evidence[0].paragraph,
      text: s.text,
      kind: s.kind,
      speaker: nameOf.get(s.speaker) ?? null,
      channel: s.channel,
      saidOn: s.saidOnPrecision === 'DAY' ? s.saidOn : null,
    })),
  };
}

/** `corpus/fresh/`: articles written after the rules were, on other stories, never used to tune them. */
export const FRESH_DIR = new URL('../../../corpus/fresh/', import.meta.url).pathname;

/**
 * `corpus/fresh-round2/`: six more articles (court, election, earnings, disaster, doping, EU vote), gold
 * written before the extractor first ran on them; their first-run figures are kept in the README.
 */
export const FRESH_ROUND2_DIR = new URL('../../../corpus/fresh-round2/', import.meta.url).pathname;

/** `corpus/fresh-round3/`: three more, written after the round-2 fixes to measure them on unseen text. */
export const FRESH_ROUND3_DIR = new URL('../../../corpus/fresh-round3/', import.meta.url).pathname;

export function loadGold(dir: string = CORPUS_DIR, withSeed = dir === CORPUS_DIR): GoldArticle[] {
  const articles: GoldArticle[] = withSeed ? [seedGold(dir)] : [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()) {
    const gold = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { file: string; statements: GoldArticle['statements'] };
    articles.push({ file: gold.file, input: readCorpusFile(readFileSync(join(dir, gold.file))), statements: gold.statements });
  }
  return articles;
}
