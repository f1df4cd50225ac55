/**
 * Vitest global setup: `npm run build` once before any test file, so tests that start the API as
 * `npm start` does (compiled dist/, the reader app in web/dist) run what a fresh clone would build.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
