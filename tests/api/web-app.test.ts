/**
 * The reader app and the explorer as the API serves them (web/dist, built by the global setup):
 * caching, the single-page fallback, what stays the API's, and the production rule for the explorer.
 */
import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_DIR } from '../../src/http/web-app.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
let production: ApiHarness;
beforeAll(async () => {
  [api, production] = await Promise.all([startApi({ seed: false }), startApi({ seed: false, production: true })]);
});
afterAll(() => Promise.all([api.stop(), production.stop()]));

const page = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml' } });

describe('the reader app served by the API', () => {
  it('serves index.html at / uncached, with a policy that keeps the page on this origin', async () => {
    const response = await page(`${api.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it('answers any page address of the app with index.html, so shared links work', async () => {
    for (const path of ['/articles/some-slug', '/people/dmitry-peskov', '/search?q=putin', '/no/such/page']) {
      const response = await page(`${api.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root"></div>');
    }
  });

  it('caches hashed assets for a year, gzipped when asked', async () => {
    const script = readdirSync(`${DEFAULT_WEB_DIR}/assets`).find((name) => /^main-.*\.js$/.test(name));
    expect(script).toBeDefined();
    const response = await fetch(`${api.url}/assets/${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const plain = Buffer.from(await response.arrayBuffer());
    // node:http's fetch would unzip transparently; ask raw to see the encoding.
    const { request } = await import('node:http');
    const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      request(`${api.url}/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(zipped.encoding).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain)).toBe(true);
  });

  it('refuses asset paths that are not plain file names, and unknown assets', async () => {
    for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/../package.json', '/assets/.hidden', '/assets/nope-123.js']) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status).toBe(404);
    }
  });

  it('leaves the API its addresses: GraphQL over GET at / and /graphql, JSON 404 for non-browser clients', async () => {
    const viaRoot = await fetch(`${api.url}/?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await viaRoot.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await fetch(`${api.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${api.url}/nope`)).status).toBe(404);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  it('serves the offline explorer at /graphiql in development, and not in production unless enabled', async () => {
    const explorer = await page(`${api.url}/graphiql`);
    expect(explorer.status).toBe(200);
    expect(explorer.headers.get('cache-control')).toBe('no-cache');
    expect(await explorer.text()).toContain('<div id="graphiql"></div>');
    expect((await page(`${production.url}/graphiql`)).status).not.toBe(200);
    expect((await page(`${production.url}/`)).status).toBe(200);
    const enabled = await startApi({ seed: false, production: true, env: { NEWSGRAPH_EXPLORER: 'true' } });
    try {
      expect((await page(`${enabled.url}/graphiql`)).status).toBe(200);
    } finally {
      await enabled.stop();
    }
  });
});
