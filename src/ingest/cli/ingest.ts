import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Writer } from '../../auth/require-role.js';
import { loadConfig } from '../../config.js';
import { collections, ensureIndexes } from '../../db/collections.js';
import { connectClient } from '../../db/connect.js';
import { provideDatabase } from '../../db/database-server.js';
import { addSearchTermsOf } from '../../db/search-terms.js';
import { Refusal } from '../../writes/user-errors.js';
import { ArticleInputError, readCorpusFile } from '../extraction/article-text.js';
import { ingestArticle } from '../ingestion/ingest-article.js';

/**
 * `npm run ingest -- FILE…`: extracts each corpus file and writes it into the configured database
 * (MONGODB_URI, or DATA_DIR for the embedded server) as PENDING statements. Every file is read and
 * checked first: one bad file stops the run before anything is written.
 */
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run ingest -- FILE…');
  process.exit(2);
}

const inputs: Array<{ file: string; text: string; publishedOn: string }> = [];
for (const file of files) {
  try {
    inputs.push({ file, ...readCorpusFile(readFileSync(file)) });
  } catch (error) {
    const why =
      error instanceof ArticleInputError
        ? `${error.code}: ${error.message}`
        : `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`;
    console.error(`ingest: ${file}: ${why}`);
    console.error('ingest: nothing was written');
    process.exit(1);
  }
}

const config = loadConfig();
if (!config.mongodbUri && !config.memoryServer && !config.dataDir) {
  console.error('npm run ingest needs a database that outlives it: set MONGODB_URI, or DATA_DIR for the embedded server.');
  process.exit(2);
}
const server = await provideDatabase({ uri: config.mongodbUri, memoryServer: config.memoryServer, dataDir: config.dataDir });
const client = await connectClient(server.uri);
const writer: Writer = { kind: 'user', name: 'ingest-cli', role: 'editor' };
try {
  const db = client.db(config.databaseName);
  await ensureIndexes(db);
  const c = collections(db);
  for (const input of inputs) {
    const result = await ingestArticle(c, writer, { text: input.text, publishedOn: input.publishedOn, sourceFile: basename(input.file) });
    await addSearchTermsOf(c.searchTerms, { articles: [result.article], statements: result.statements, people: result.createdPeople });
    const pending = result.statements.filter((s) => s.status === 'PENDING').length;
    console.log(
      `${input.file}: article ${result.article?.slug}; ${result.statements.length} statements (${pending} pending review), ${result.createdPeople.length} people added, ${result.unattributedQuotes.length} of them without a speaker yet`,
    );
  }
} catch (error) {
  if (error instanceof Refusal) {
    console.error(`ingest: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await client.close();
  await server.stop();
}
