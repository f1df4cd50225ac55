/**
 * What frontend builders expect from the HTTP layer: compressed responses, ETag revalidation,
 * the SDL at /schema.graphql, CORS that exposes x-request-id and is closed by default in
 * production, a short page for a browser opening /graphql in production, and a Sandbox that sends
 * no telemetry.
 */
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let dev: ApiHarness;
let prod: ApiHarness;
beforeAll(async () => {
  [dev, prod] = await Promise.all([startApi(), startApi({ production: true })]);
});
afterAll(() => Promise.all([dev.stop(), prod.stop()]));

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch decompresses bodies and hides Content-Encoding's effect on size. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const ARTICLE = '{ article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { headline text paragraphs { index text } } }';
const articleUrl = (base: string) => `${base}/graphql?query=${encodeURIComponent(ARTICLE)}`;
const GET_HEADERS = { 'apollo-require-preflight': 'true' };

describe('compression', () => {
  it('compresses a large response with brotli or gzip as accepted, and leaves a small one alone', async () => {
    const plain = await raw(articleUrl(dev.url), { headers: GET_HEADERS });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(5000);

    const br = await raw(articleUrl(dev.url), { headers: { ...GET_HEADERS, 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);

    const gz = await raw(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: ARTICLE }),
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString()).data.article.headline).toBeTruthy();

    const refused = await raw(articleUrl(dev.url), { headers: { ...GET_HEADERS, 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();

    const small = await raw(`${dev.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...GET_HEADERS, 'accept-encoding': 'br, gzip' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('ETag', () => {
  it('lets an anonymous GET revalidate with If-None-Match and get a 304 without a body', async () => {
    const first = await raw(articleUrl(dev.url), { headers: GET_HEADERS });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await raw(articleUrl(dev.url), { headers: { ...GET_HEADERS, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const other = await raw(articleUrl(dev.url), { headers: { ...GET_HEADERS, 'if-none-match': 'W/"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('sends no ETag on POSTs or on answers for a signed-in caller', async () => {
    const post = await raw(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ARTICLE }),
    });
    expect(post.headers.etag).toBeUndefined();
    const signedIn = await raw(articleUrl(dev.url), { headers: { ...GET_HEADERS, ...bearer(TEST_KEYS.editor) } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.etag).toBeUndefined();
  });
});

describe('GET /schema.graphql', () => {
  it('serves the SDL in development, and not in production with introspection off', async () => {
    const sdl = await raw(`${dev.url}/schema.graphql`);
    expect(sdl.status).toBe(200);
    expect(String(sdl.headers['content-type'])).toMatch(/graphql/);
    expect(sdl.body.toString()).toContain('type Query {');
    expect((await raw(`${prod.url}/schema.graphql`)).status).toBe(404);
  });

  it('serves it in production when introspection is enabled', async () => {
    const open = await startApi({ production: true, env: { NEWSGRAPH_INTROSPECTION: 'true' } });
    try {
      expect((await raw(`${open.url}/schema.graphql`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('CORS', () => {
  it('exposes x-request-id to browser code', async () => {
    const response = await raw(`${dev.url}/healthz`, { headers: { origin: 'http://localhost:5173' } });
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-expose-headers'])).toMatch(/x-request-id/i);
  });

  it('in production allows no origin by default, and only the CORS_ORIGINS when given', async () => {
    for (const origin of ['http://localhost:3000', 'https://studio.apollographql.com']) {
      const response = await raw(`${prod.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
    const configured = await startApi({ production: true, env: { CORS_ORIGINS: 'https://news.example' } });
    try {
      const allowed = await raw(`${configured.url}/healthz`, { headers: { origin: 'https://news.example' } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example');
      const local = await raw(`${configured.url}/healthz`, { headers: { origin: 'http://localhost:3000' } });
      expect(local.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await configured.stop();
    }
  });
});

describe('browser pages', () => {
  it('shows a short page, not a CSRF error, for a browser opening /graphql in production', async () => {
    const page = await raw(`${prod.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/text\/html/);
    expect(page.body.toString()).toMatch(/GraphQL endpoint/);
    expect(page.body.toString()).toMatch(/explorer is off in production/);
    // Queries over GET still work as before.
    const query = await raw(`${prod.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: GET_HEADERS });
    expect(JSON.parse(query.body.toString())).toEqual({ data: { __typename: 'Query' } });
  });

  it('embeds Sandbox without Apollo telemetry unless configured', async () => {
    const page = await raw(`${dev.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.body.toString()).toMatch(/"runTelemetry":false/);
    const telemetry = await startApi({ env: { SANDBOX_TELEMETRY: 'true' } });
    try {
      const withTelemetry = await raw(`${telemetry.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(withTelemetry.body.toString()).toMatch(/"runTelemetry":true/);
    } finally {
      await telemetry.stop();
    }
  });
});
