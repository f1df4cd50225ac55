/**
 * `npm run build`: compiles src, seed and bench to dist/ (what `npm start` and the benchmarks run),
 * copies the files the code reads beside itself at run time, keeping their relative places, and
 * builds the reader app (web/ → web/dist, served by the API at /). `--api-only` skips the app.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ARTICLE } from '../seed/annotations.js';
import { buildWebApp } from './build-web.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// src/schema.ts reads ../schema.graphql; seed/seed-database.ts reads the article next to itself.
for (const file of ['schema.graphql', `seed/${ARTICLE.textFile}`]) {
  mkdirSync(dirname(`dist/${file}`), { recursive: true });
  copyFileSync(file, `dist/${file}`);
}

if (!process.argv.includes('--api-only')) await buildWebApp();
