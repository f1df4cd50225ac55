/** schema.graphql, read once. The file is the source of truth; this module only loads it. */
import { readFileSync } from 'node:fs';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
