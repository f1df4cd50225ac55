/**
 * Routes beside GraphQL that are not GraphQL: the SDL at /schema.graphql (what codegen and IDE
 * plugins fetch; served when introspection is on, as it reveals the same), and, in production, a
 * short page for a browser that opens /graphql (instead of a CSRF error: the explorer is off there).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { typeDefs } from '../schema.js';
import { sendBody } from './compressed-body.js';

export interface PublicRoutesConfig {
  production: boolean;
  introspection: boolean;
}

const ENDPOINT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>newsgraph GraphQL endpoint</title></head>
<body>
<h1>newsgraph</h1>
<p>This is a GraphQL endpoint. Send queries with <code>POST /graphql</code> and a JSON body such as
<code>{"query": "{ articles(first: 3) { nodes { headline } } }"}</code>, or with <code>GET /graphql?query=…</code>.</p>
<p>The interactive explorer is off in production.</p>
</body>
</html>
`;

function wantsHtml(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').toLowerCase().includes('text/html');
}

/** Answers the request if it is one of these routes; returns whether it did. */
export async function servePublicRoute(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  config: PublicRoutesConfig,
): Promise<boolean> {
  const reading = request.method === 'GET' || request.method === 'HEAD';
  if (url.pathname === '/schema.graphql' && reading && config.introspection) {
    response.statusCode = 200;
    response.setHeader('content-type', 'application/graphql; charset=utf-8');
    await sendBody(request, response, typeDefs, { cacheable: true });
    return true;
  }
  if (url.pathname === '/graphql' && reading && config.production && wantsHtml(request) && !url.searchParams.has('query')) {
    response.statusCode = 200;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', "default-src 'none'");
    await sendBody(request, response, ENDPOINT_PAGE, { cacheable: true });
    return true;
  }
  return false;
}
