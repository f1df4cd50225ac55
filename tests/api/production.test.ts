/** Production policy: no introspection, no suggestions, no stack traces, masked internals with a request id, no landing page. */
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ production: true });
});
afterAll(() => api.stop());

describe('production mode', () => {
  it('disables introspection and field suggestions', async () => {
    const introspection = await api.query('{ __schema { types { name } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await api.query('{ peple { totalCount } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('masks internal errors, with a request id and no stack trace', async () => {
    // A corrupt document (no evidence array) makes a resolver throw: an internal fault, not bad input.
    await api.db
      .collection('statements')
      .insertOne({ _id: new ObjectId(), slug: 'corrupt', text: 'x', kind: 'DIRECT_QUOTE', saidOn: '1999-01-01', evidence: null });
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: '{ statements(filter: { saidTo: "2000-01-01" }) { nodes { verification { status } } } }' }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(response.status).toBeLessThan(500);
    expect(body.errors[0].message).toBe('Internal server error');
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-123' });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|TypeError|\.ts:/);
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    await api.db.collection('statements').deleteOne({ slug: 'corrupt' });
  });

  it('serves no landing page, and refuses batched requests', async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('sandbox');
    const batched = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batched.status).toBe(400);
  });
});

describe('CORS', () => {
  it('allows no origin by default in production (neither Studio, with introspection off, nor localhost)', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const studio = await preflight('https://studio.apollographql.com');
    expect(studio.status).toBe(204);
    expect(studio.headers.get('access-control-allow-origin')).toBeNull();
    const local = await preflight('http://localhost:5173');
    expect(local.headers.get('access-control-allow-origin')).toBeNull();
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
