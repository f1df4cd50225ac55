/**
 * Bytes on the wire for the article reader's query, plain and compressed, and the time the server
 * spends compressing it: `npx tsx bench/compression-sizes.ts`. Sizes are exact; times are a median
 * of in-process zlib calls on this machine, for orientation only.
 */
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { startApi } from '../tests/helpers/api-server.js';

const QUERY = `{ article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") {
  headline publishedAt text paragraphs { index text } people { name slug }
  statements(first: 20) { nodes { text kind saidOn speaker { name } verification { status } evidence { excerpt } } } } }`;

function size(url: string, encoding: string | undefined): Promise<{ bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'apollo-require-preflight': 'true', ...(encoding ? { 'accept-encoding': encoding } : {}) };
    request(`${url}/graphql?query=${encodeURIComponent(QUERY)}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] }));
    })
      .on('error', reject)
      .end();
  });
}

async function medianMs(run: () => Promise<unknown>, times = 50): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)];
}

const api = await startApi();
try {
  const plain = await size(api.url, undefined);
  const gz = await size(api.url, 'gzip');
  const br = await size(api.url, 'br, gzip');
  console.log(`article reader response: ${plain.bytes} B plain, ${gz.bytes} B ${gz.encoding}, ${br.bytes} B ${br.encoding}`);
  const body = Buffer.alloc(plain.bytes, 'x');
  const real = Buffer.from(JSON.stringify((await api.query(QUERY)).data));
  const brotli = promisify(brotliCompress);
  const gzipAsync = promisify(gzip);
  const brMs = await medianMs(() => brotli(real, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }));
  const gzMs = await medianMs(() => gzipAsync(real, { level: 6 }));
  console.log(`compressing it: brotli q4 ${brMs.toFixed(3)} ms, gzip -6 ${gzMs.toFixed(3)} ms (median of 50; ${body.length} B)`);
} finally {
  await api.stop();
}
