/**
 * `npm run soak -- [--duration 60] [--rate 200]`: a fixed request rate on the article query for a
 * while (autocannon), every response body checked for the expected data and no errors. Prints errors
 * (must be 0), p50/p99 latency and the server's memory before and after.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startApi } from '../tests/helpers/api-server.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    rate: { type: 'string', default: '200' },
    connections: { type: 'string', default: '10' },
  },
});
const api = await startApi({ recordCommands: false });
const query = JSON.stringify({
  query:
    'query ArticleReader($slug: String!) { article(slug: $slug) { headline statements(first: 20) { nodes { text kind speaker { name roles { title } } verification { status } } } exchanges { releases { person { name } releasedBy releasedTo } } } }',
  variables: { slug: 'trump-tells-russia-to-get-moving-as-witkoff-meets-putin' },
});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
global.gc?.();
const before = process.memoryUsage();
let badBodies = 0;
const result = await autocannon({
  url: `${api.url}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: query,
  duration: Number(values.duration),
  overallRate: Number(values.rate),
  connections: Number(values.connections),
  setupClient: (client) => {
    client.on('body', (body: Buffer) => {
      const text = body.toString();
      if (text.includes('"errors"') || !text.includes('"statements":{"nodes":[{')) badBodies++;
    });
  },
});
global.gc?.();
const after = process.memoryUsage();
await api.stop();
const errors = result.errors + result.non2xx + badBodies;
console.log(
  `soak: ${values.duration} s at ${values.rate} req/s, ${values.connections} connections, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`,
);
console.log(
  `requests: ${result.requests.total}, errors: ${errors} (transport ${result.errors}, non-2xx ${result.non2xx}, bad bodies ${badBodies})`,
);
console.log(`latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
console.log(
  `memory (API and load generator share this process): rss ${mb(before.rss)} → ${mb(after.rss)}, heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
);
process.exit(errors === 0 ? 0 : 1);
