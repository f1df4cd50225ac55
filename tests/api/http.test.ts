/** The HTTP surface: POST and GET /graphql, health and readiness, the Sandbox landing page, unknown routes. */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('HTTP', () => {
  it('serves queries over GET as well as POST', async () => {
    const query = encodeURIComponent('{ person(slug: "dmitry-peskov") { name } }');
    const response = await fetch(`${api.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { person: { name: 'Dmitry Peskov' } } });
  });

  it('refuses a simple cross-site GET without a preflight header (CSRF prevention)', async () => {
    const query = encodeURIComponent('{ __typename }');
    const response = await fetch(`${api.url}/graphql?query=${query}`);
    expect(response.status).toBe(400);
  });

  it('reports liveness and readiness', async () => {
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('opens Apollo Sandbox in a browser, on an example query that works', async () => {
    const response = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('sandbox');
    const { EXAMPLE_QUERY } = await import('../../src/example-query.js');
    const result = await api.query<{ article: { statements: { totalCount: number } } }>(EXAMPLE_QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data?.article.statements.totalCount).toBe(12);
  });

  it('supports automatic persisted queries', async () => {
    const query = '{ person(slug: "marco-rubio") { name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const send = (body: Record<string, unknown>) =>
      fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.json(),
      );
    expect(await send({ extensions })).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    expect(await send({ query, extensions })).toEqual({ data: { person: { name: 'Marco Rubio' } } });
    expect(await send({ extensions })).toEqual({ data: { person: { name: 'Marco Rubio' } } });
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${api.url}/nope`)).status).toBe(404);
  });

  it('accepts an absolute-form request target, as HTTP/1.1 servers must', async () => {
    const query = encodeURIComponent('{ person(slug: "dmitry-peskov") { name } }');
    // node:http sends `path` verbatim, so this is `GET http://…/graphql?query=… HTTP/1.1`.
    const body = await new Promise<string>((resolve, reject) => {
      const url = new URL(api.url);
      const request = httpRequest(
        { host: url.hostname, port: url.port, path: `${api.url}/graphql?query=${query}`, headers: { 'apollo-require-preflight': 'true' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => {
            text += chunk;
          });
          response.on('end', () => resolve(text));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(JSON.parse(body)).toEqual({ data: { person: { name: 'Dmitry Peskov' } } });
  });
});
