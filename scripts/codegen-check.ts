/** `npm run codegen:check`: fails when src/__generated__ differs from what schema.graphql generates now. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generate, loadContext } from '@graphql-codegen/cli';

const context = await loadContext(resolve('codegen.yml'));
const outputs = await generate(context, false);
const stale = outputs.filter(({ filename, content }: { filename: string; content: string }) => {
  try {
    return readFileSync(resolve(filename), 'utf8') !== content;
  } catch {
    return true;
  }
});
if (stale.length > 0) {
  for (const { filename } of stale as Array<{ filename: string }>) console.error(`stale: ${filename}`);
  console.error('Run `npm run codegen` and commit the result.');
  process.exit(1);
}
console.log(`generated types are up to date (${outputs.length} file${outputs.length === 1 ? '' : 's'})`);
