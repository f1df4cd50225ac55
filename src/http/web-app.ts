/**
 * Serves the reader app (web/, built by Vite into web/dist) and the offline GraphiQL explorer from
 * the API process: hashed assets cached for a year, the HTML pages never cached (so a new build is
 * picked up at once), and any page address the app owns (/articles/…, /people/…) answered with the
 * app's index.html so shared links work. Everything is read once and kept in memory, gzipped once.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Both pages load only same-origin code and talk only to this origin (GraphiQL needs inline styles and data: fonts). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const YEAR = 365 * 24 * 60 * 60;

interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  type: string;
}

/** The project root: the nearest folder with a package.json above this file, in src/ or in dist/src/. */
function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

export const DEFAULT_WEB_DIR = join(projectRoot(), 'web', 'dist');

export interface WebAppOptions {
  /** The built app (Vite's output). */
  directory?: string;
  /** Serve GraphiQL at /graphiql (off in production unless NEWSGRAPH_EXPLORER=true). */
  explorer: boolean;
}

export interface WebApp {
  /** Whether the app is built and will be served. */
  readonly built: boolean;
  /** Answers the request if it is the app's; false leaves it to the API's other routes. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): boolean;
}

export function createWebApp({ directory = DEFAULT_WEB_DIR, explorer }: WebAppOptions): WebApp {
  const built = existsSync(join(directory, 'index.html'));
  const files = new Map<string, StaticFile | null>();

  const load = (path: string): StaticFile | null => {
    if (files.has(path)) return files.get(path)!;
    let file: StaticFile | null = null;
    try {
      const body = readFileSync(join(directory, path));
      file = { body, gzipped: gzipSync(body), type: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' };
    } catch {
      file = null;
    }
    files.set(path, file);
    return file;
  };

  const send = (request: IncomingMessage, response: ServerResponse, file: StaticFile, cacheControl: string) => {
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? file.gzipped : file.body;
    response.statusCode = 200;
    response.setHeader('content-type', file.type);
    response.setHeader('cache-control', cacheControl);
    response.setHeader('vary', 'accept-encoding');
    response.setHeader('x-content-type-options', 'nosniff');
    if (gzip) response.setHeader('content-encoding', 'gzip');
    response.setHeader('content-length', body.length);
    if (file.type.startsWith('text/html')) {
      response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
      response.setHeader('referrer-policy', 'no-referrer');
    }
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const page = (request: IncomingMessage, response: ServerResponse, name: string) => {
    const file = load(name);
    if (!file) return false;
    // no-cache: always revalidate, so a rebuilt app (new asset names) is picked up on the next visit.
    send(request, response, file, 'no-cache');
    return true;
  };

  return {
    built,
    handle(request, response, url) {
      if (!built || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
      const path = url.pathname;
      if (path.startsWith('/assets/')) {
        const name = path.slice('/assets/'.length);
        // Only plain file names Vite produces: no folders, no dot-dot, no encoded tricks.
        const file = /^[\w.-]+$/.test(name) && !name.startsWith('.') ? load(`assets/${name}`) : null;
        if (!file) return false;
        send(request, response, file, `public, max-age=${YEAR}, immutable`);
        return true;
      }
      if (path === '/graphiql' || path === '/graphiql/') return explorer ? page(request, response, 'graphiql.html') : false;
      // GraphQL over GET keeps working at / (`/?query=…`), as before the app existed.
      if (path === '/') return url.searchParams.has('query') ? false : page(request, response, 'index.html');
      // Unknown addresses fall back to the app only for browsers asking for a page, not for API clients.
      if ((request.headers.accept ?? '').includes('text/html')) return page(request, response, 'index.html');
      return false;
    },
  };
}
