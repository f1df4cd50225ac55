/**
 * `npm run bench:extract`: extraction time of a ~500-word article after warm-up (goal: under 100 ms).
 * The article is the development corpus's 001 followed by 006's paragraphs until it passes 500 words.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readCorpusFile } from '../src/ingest/extraction/article-text.js';
import { extractStatements } from '../src/ingest/extraction/extract.js';

const first = readCorpusFile(readFileSync('corpus/001_karelina-freed-in-abu-dhabi-swap.txt'));
const more = readCorpusFile(readFileSync('corpus/006_rubio-warns-us-may-move-on.txt')).text.split('\n\n');
const paragraphs = first.text.split('\n\n');
const words = () => paragraphs.join(' ').split(/\s+/).length;
for (const p of more) {
  if (words() >= 500) break;
  paragraphs.push(p);
}
const input = { text: paragraphs.join('\n\n'), publishedOn: first.publishedOn };

const WARM_UP = 30;
const RUNS = 200;
for (let i = 0; i < WARM_UP; i++) extractStatements(input);
const times: number[] = [];
let statements = 0;
// On a shared machine wall time includes waiting for a core; CPU time per run says what the work costs.
const cpuBefore = process.cpuUsage();
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  statements = extractStatements(input).statements.length;
  times.push(performance.now() - start);
}
const cpu = process.cpuUsage(cpuBefore);
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
console.log(`article: ${words()} words, ${paragraphs.length} paragraphs, ${statements} statements extracted`);
console.log(
  `extraction after ${WARM_UP} warm-up runs, ${RUNS} runs: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1 - 1e-9)} ms (goal: < 100 ms)`,
);
console.log(`CPU time per extraction: ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(2)} ms`);
