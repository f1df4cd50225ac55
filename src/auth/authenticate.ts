/**
 * Turns the Authorization header into a Viewer: `Bearer <api key>` or `Bearer <JWT>` (HS256, signed
 * with NEWSGRAPH_JWT_SECRET, claims `sub` and `role`). Failing credentials are remembered as
 * `rejected`, not thrown: reads stay public, and only a mutation turns them into UNAUTHENTICATED.
 */
import { errors, jwtVerify } from 'jose';
import { type ApiKey, findApiKey } from './api-keys.js';
import { ROLES, type Role, type Viewer } from './viewer.js';

export interface AuthConfig {
  apiKeys: readonly ApiKey[];
  jwtSecret: Uint8Array | undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export async function authenticate(header: string | undefined, config: AuthConfig): Promise<Viewer> {
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header.trim());
  if (!match) return { kind: 'rejected', reason: 'malformed' };
  const token = match[1];
  if (JWT_SHAPE.test(token) && config.jwtSecret) {
    try {
      const { payload } = await jwtVerify(token, config.jwtSecret, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role as Role)) return { kind: 'rejected', reason: 'invalid' };
      return { kind: 'user', name: payload.sub, role: payload.role as Role };
    } catch (error) {
      return { kind: 'rejected', reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
  const key = findApiKey(config.apiKeys, token);
  return key ? { kind: 'user', name: key.name, role: key.role } : { kind: 'rejected', reason: 'unknown' };
}
