import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node loads the first for
    // graphql-ws, Apollo and graphql-tools, Vite would give test-transformed sources the second:
    // two copies of graphql, and a schema from one is refused by the other. One copy, as in production.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-build.ts'],
    // A guard against hangs, not a speed goal: tests that start API processes need more on a busy machine.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
