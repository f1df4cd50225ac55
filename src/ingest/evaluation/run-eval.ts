import { extractStatements } from '../extraction/extract.js';
import { publicOutput } from '../extraction/public-output.js';
import { CORPUS_DIR, FRESH_DIR, FRESH_ROUND2_DIR, FRESH_ROUND3_DIR, loadGold } from './gold.js';
import { addScores, figures, type Score, scoreArticle } from './score.js';

/** `npm run eval:extract [-- --verbose]`: the extractor scored against the gold kept in corpus/. */
const verbose = process.argv.includes('--verbose');
const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(5);
const empty = (): Score => ({ gold: 0, predicted: 0, matched: 0, speakerCorrect: 0, kindCorrect: 0, channelCorrect: 0, saidOnCorrect: 0 });
const row = (name: string, score: Score) => {
  const f = figures(score);
  return `${name.slice(0, 46).padEnd(46)} ${String(score.gold).padStart(5)} ${String(score.predicted).padStart(4)} ${String(score.matched).padStart(5)} ${pct(f.precision)} ${pct(f.recall)} ${pct(f.f1)}  ${pct(f.speaker)}  ${pct(f.kind)} ${pct(f.channel)}  ${pct(f.saidOn)}`;
};

const sets = [
  { title: 'seed article and development articles (corpus/)', dir: CORPUS_DIR },
  { title: 'fresh articles written after the rules (corpus/fresh/)', dir: FRESH_DIR },
  { title: 'fresh round 2, written this session before any run (corpus/fresh-round2/; first run in README)', dir: FRESH_ROUND2_DIR },
  {
    title: 'fresh round 3, written after the round-2 fixes, before any run (corpus/fresh-round3/; first run in README)',
    dir: FRESH_ROUND3_DIR,
  },
];
for (const set of sets) {
  let total = empty();
  console.log(`\n${set.title}`);
  console.log('article                                         gold pred match    P     R    F1  speaker kind channel saidOn');
  for (const article of loadGold(set.dir)) {
    const predicted = publicOutput(extractStatements(article.input)).statements;
    const score = scoreArticle(article.statements, predicted);
    total = addScores(total, score);
    console.log(row(article.file, score));
    if (verbose) {
      const matchedPredicted = new Set(score.pairs.map(([, p]) => p));
      const matchedGold = new Set(score.pairs.map(([g]) => g));
      for (const g of article.statements)
        if (!matchedGold.has(g)) console.log(`    missed   p${g.paragraphIndex} "${g.text}" (${g.speaker})`);
      for (const p of predicted) if (!matchedPredicted.has(p)) console.log(`    spurious p${p.paragraphIndex} "${p.text}" (${p.speaker})`);
      for (const [g, p] of score.pairs) {
        const diffs = (['speaker', 'kind', 'channel', 'saidOn'] as const)
          .filter((k) => (g[k] ?? null) !== (p[k] ?? null))
          .map((k) => `${k}: gold ${g[k]} got ${p[k]}`);
        if (diffs.length) console.log(`    p${g.paragraphIndex} "${g.text.slice(0, 40)}": ${diffs.join('; ')}`);
      }
    }
  }
  console.log(row('overall', total));
}
