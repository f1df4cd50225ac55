/** The README's example queries (its ```graphql blocks), mutations left out. */
import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

export const README_QUERIES = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((query) => !query.trimStart().startsWith('mutation'));
