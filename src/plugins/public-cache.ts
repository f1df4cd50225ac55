/**
 * Cache-Control for public reads: an anonymous query answered without errors may be cached by
 * browsers and CDNs for PUBLIC_CACHE_MAX_AGE seconds (0, the default, sends no header). Anything
 * with credentials, any mutation and any error stays uncached.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Viewer } from '../auth/viewer.js';

export function publicCachePlugin<TContext extends { viewer: Viewer }>(maxAgeSeconds: number): ApolloServerPlugin<TContext> {
  // Off (the default): no per-request listener at all.
  if (maxAgeSeconds <= 0) return {};
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation }) {
          if (operation?.operation !== 'query' || contextValue.viewer.kind !== 'anonymous') return;
          if (response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0) return;
          response.http.headers.set('cache-control', publicCacheControl(maxAgeSeconds));
        },
      };
    },
  };
}

/** The Cache-Control value of a public answer (also set by direct answers, src/execution/direct-answers.ts). */
export const publicCacheControl = (maxAgeSeconds: number) => `public, max-age=${maxAgeSeconds}`;
