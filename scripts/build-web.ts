/** Builds the reader app and the offline explorer with Vite (web/ → web/dist) and prints how long it took. */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function buildWebApp(): Promise<void> {
  const started = performance.now();
  // A production bundle even when called from a test run (vitest sets NODE_ENV=test, which would
  // make React's JSX transform pick its development runtime).
  process.env.NODE_ENV = 'production';
  await build({ mode: 'production', configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  console.log(`web app built in ${((performance.now() - started) / 1000).toFixed(1)} s → web/dist`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWebApp();
