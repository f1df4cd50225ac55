/**
 * CORS for browsers: the origins in CORS_ORIGINS; without it, Apollo Studio's Sandbox and local
 * frontends in development, and in production nothing but Studio, and Studio only while
 * introspection is on (it is useless without). Preflights are answered here; other requests get the
 * allow headers, and may read the x-request-id header to quote it in a bug report.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const STUDIO_ORIGINS = ['https://studio.apollographql.com', 'https://sandbox.embed.apollographql.com'];

export const DEFAULT_CORS_ORIGINS = [...STUDIO_ORIGINS, /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/];

/** The origins allowed when CORS_ORIGINS is not set. */
export function defaultCorsOrigins({ production, introspection }: { production: boolean; introspection: boolean }): OriginRule[] {
  if (!production) return DEFAULT_CORS_ORIGINS;
  return introspection ? STUDIO_ORIGINS : [];
}

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
    response.setHeader('access-control-expose-headers', 'x-request-id');
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
