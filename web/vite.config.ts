/**
 * The reader app's build: two pages (the reader at /, the offline explorer at /graphiql) with hashed
 * asset names, so the API can cache them for a year and serve index.html uncached.
 * `npm run dev:web` serves the same sources with Vite's dev server, proxying /graphql to a running API.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // GraphiQL (CodeMirror, its fonts inlined) is one large chunk on its own page; the reader stays small.
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      input: { main: here('index.html'), graphiql: here('graphiql.html') },
      // GraphiQL's react-compiler-runtime opts out of memoization with a directive bundling drops harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `ws: true`: subscriptions use the same path over WebSocket.
    proxy: { '/graphql': { target: process.env.NEWSGRAPH_API_URL ?? 'http://localhost:4000', ws: true } },
  },
});
