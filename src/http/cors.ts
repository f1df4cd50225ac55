/**
 * CORS for browsers: Apollo Studio's Sandbox and local frontends by default, or the origins in
 * CORS_ORIGINS. Preflights are answered here; other requests just get the allow headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_CORS_ORIGINS = [
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
  /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/,
];

export type OriginRule = string | RegExp;

export function allowedOrigin(origin: string | undefined, rules: readonly OriginRule[]): string | undefined {
  if (!origin) return undefined;
  return rules.some((rule) => (typeof rule === 'string' ? rule === '*' || rule === origin : rule.test(origin))) ? origin : undefined;
}

/** Sets CORS headers; returns true when the request was a preflight and has been answered. */
export function applyCors(request: IncomingMessage, response: ServerResponse, rules: readonly OriginRule[]): boolean {
  const origin = allowedOrigin(request.headers.origin, rules);
  if (origin) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    response.setHeader('access-control-allow-credentials', 'true');
  }
  if (request.method !== 'OPTIONS') return false;
  if (origin) {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader(
      'access-control-allow-headers',
      request.headers['access-control-request-headers'] ?? 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name',
    );
    response.setHeader('access-control-max-age', '600');
  }
  response.statusCode = 204;
  response.end();
  return true;
}
