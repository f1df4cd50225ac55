/**
 * The origin this server is reached at, for URLs it hands out (JSON-LD `@id`s): NEWSGRAPH_PUBLIC_URL
 * when set — which a deployment behind a proxy or a shared cache should do, since a Host header is
 * the client's to choose — else the request's Host header when it is a plain host[:port].
 */
import type { IncomingMessage } from 'node:http';

const PLAIN_HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

export function publicOrigin(request: IncomingMessage, publicUrl: string | undefined, port: number | undefined): string {
  if (publicUrl) return publicUrl;
  const host = request.headers.host;
  if (typeof host === 'string' && PLAIN_HOST.test(host)) return `http://${host}`;
  return `http://localhost${port ? `:${port}` : ''}`;
}

/** NEWSGRAPH_PUBLIC_URL as an origin (`https://news.example`), or an error saying why not. */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`NEWSGRAPH_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('NEWSGRAPH_PUBLIC_URL must be an http(s) URL');
  if (url.pathname !== '/' || url.search || url.hash) throw new Error('NEWSGRAPH_PUBLIC_URL must be an origin, without a path');
  return url.origin;
}
