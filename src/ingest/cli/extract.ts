import { readFileSync } from 'node:fs';
import { ArticleInputError, readCorpusFile } from '../extraction/article-text.js';
import { extractStatements } from '../extraction/extract.js';
import { publicOutput } from '../extraction/public-output.js';

/** `npm run --silent extract -- FILE`: one JSON document on stdout; no database. */
function main(args: string[]): number {
  if (args.length !== 1) {
    process.stderr.write('usage: npm run --silent extract -- FILE\n');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(args[0]);
  } catch (error) {
    process.stderr.write(`extract: cannot read ${args[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  try {
    const extraction = extractStatements(readCorpusFile(bytes));
    process.stdout.write(`${JSON.stringify(publicOutput(extraction), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ArticleInputError) {
      process.stderr.write(`extract: ${args[0]}: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
