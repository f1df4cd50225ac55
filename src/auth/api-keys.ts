/**
 * API keys from configuration: `name:role:key` entries. Only SHA-256 digests are kept in memory,
 * and a presented key is compared against every digest with `timingSafeEqual`, so neither the
 * keys nor the timing of a comparison reveal which key (if any) was close.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from './viewer.js';

export interface ApiKey {
  name: string;
  role: Role;
  digest: Buffer;
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export function parseApiKeys(spec: string | undefined): ApiKey[] {
  if (!spec) return [];
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, role, ...rest] = entry.split(':');
      const key = rest.join(':');
      if (!name || !ROLES.includes(role as Role) || key.length < 16) {
        throw new Error(
          `NEWSGRAPH_API_KEYS entries are name:role:key with role ${ROLES.join('|')} and a key of 16+ characters; got "${name}:${role}:…"`,
        );
      }
      return { name, role: role as Role, digest: digest(key) };
    });
}

export function apiKey(name: string, role: Role, key: string): ApiKey {
  return { name, role, digest: digest(key) };
}

export function findApiKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const presentedDigest = digest(presented);
  let match: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.digest, presentedDigest) && !match) match = key;
  return match;
}
