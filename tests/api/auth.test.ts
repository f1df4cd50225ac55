/** Reads are public; mutations need an editor or admin — and a refusal reveals nothing and reads nothing. */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_JWT_SECRET, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
let trumpId: string;
beforeAll(async () => {
  api = await startApi();
  const { data } = await api.query<{ person: { id: string } }>('{ person(slug: "donald-trump") { id } }');
  trumpId = data?.person.id ?? '';
});
afterAll(() => api.stop());

const UPDATE = 'mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { description } userErrors { code } } }';
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const jwt = (claims: Record<string, unknown>, expires: string | number = '5m', key = secret) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'jwt-user'))
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(key);

async function attempt(headers: Record<string, string>, id = trumpId) {
  api.resetCommands();
  const result = await api.query(UPDATE, { input: { id, expectedVersion: 1, description: 'edited' } }, headers);
  return { result, commands: api.commands.length };
}

describe('authentication and authorization', () => {
  it('keeps reads public', async () => {
    const { data, errors } = await api.query('{ people(first: 1) { totalCount } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({ people: { totalCount: 9 } });
  });

  it('answers no token, a wrong key, a malformed header and an expired JWT with UNAUTHENTICATED (401), reading nothing', async () => {
    const expired = await jwt({ role: 'editor' }, Math.floor(Date.now() / 1000) - 60);
    const forged = await jwt({ role: 'admin' }, '5m', new TextEncoder().encode('another-secret-that-is-long-enough-000000'));
    for (const headers of [{}, bearer('wrong-key-0123456789abcdef'), { authorization: 'Basic abc' }, bearer(expired), bearer(forged)]) {
      const { result, commands } = await attempt(headers);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toBeNull();
      expect(commands).toBe(0);
    }
    const { result } = await attempt(bearer(expired));
    expect(result.errors?.[0]?.message).toMatch(/expired/);
  });

  it('answers a role without write rights with FORBIDDEN (403), the same for existing and missing ids', async () => {
    const missing = Buffer.from('Person:000000000000000000000000').toString('base64');
    const existing = await attempt(bearer(TEST_KEYS.reader));
    const absent = await attempt(bearer(TEST_KEYS.reader), missing);
    expect(existing.result.status).toBe(403);
    expect(existing.result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(absent.result.errors).toEqual(existing.result.errors);
    expect(existing.commands).toBe(0);
    const readerJwt = await jwt({ role: 'reader' });
    expect((await attempt(bearer(readerJwt))).result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets editors and admins write, by API key or JWT, and records who did', async () => {
    const byKey = await api.query<{ updatePerson: { userErrors: unknown[] } }>(
      UPDATE,
      { input: { id: trumpId, expectedVersion: 1, description: 'by key' } },
      bearer(TEST_KEYS.admin),
    );
    expect(byKey.data?.updatePerson.userErrors).toEqual([]);
    const token = await jwt({ sub: 'alice', role: 'editor' });
    const byJwt = await api.query<{ updatePerson: { userErrors: unknown[] } }>(
      UPDATE,
      { input: { id: trumpId, expectedVersion: 2, description: 'by jwt' } },
      bearer(token),
    );
    expect(byJwt.data?.updatePerson.userErrors).toEqual([]);
    const { data } = await api.query<{ person: { description: string; updatedBy: string; createdBy: string; version: number } }>(
      '{ person(slug: "donald-trump") { description updatedBy createdBy version } }',
    );
    expect(data?.person).toEqual({ description: 'by jwt', updatedBy: 'alice', createdBy: 'seed', version: 3 });
  });
});
