/**
 * `npm run build`: compiles src, seed and bench to dist/ (what `npm start` and the benchmarks run)
 * and copies the files the code reads beside itself at run time, keeping their relative places.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ARTICLE } from '../seed/annotations.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// src/schema.ts reads ../schema.graphql; seed/seed-database.ts reads the article next to itself.
for (const file of ['schema.graphql', `seed/${ARTICLE.textFile}`]) {
  mkdirSync(dirname(`dist/${file}`), { recursive: true });
  copyFileSync(file, `dist/${file}`);
}
