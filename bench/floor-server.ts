/**
 * The floor as a server: a plain node:http handler around bench/floor-handlers.ts. Every request
 * sends the scenario's MongoDB commands; the answer to a read is built and serialised the first
 * time its exact request body is seen, and from then on the floor writes those recorded bytes — the
 * physical floor of the HTTP exchange plus the database work, with no JSON built per request. The
 * runner checks the recorded bytes against newsgraph's response to the same body before it measures.
 * Mutations (fresh ids in every answer) are built and serialised each time.
 *
 * `FLOOR_SERIALISE_EACH=true` builds and serialises every answer (the floor before pre-built bytes).
 *
 * Run as a child process: `MONGODB_URI=… FLOOR_DATABASE=… node dist/bench/floor-server.js` prints its URL.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connectClient } from '../src/db/connect.js';
import { floorHandlerFor, floorReads } from './floor-handlers.js';

// newsgraph's client settings (timeouts, heartbeat): the driver's work per command depends on them.
const client = await connectClient(process.env.MONGODB_URI ?? '');
const reads = floorReads(client.db(process.env.FLOOR_DATABASE));
const serialiseEach = process.env.FLOOR_SERIALISE_EACH === 'true';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Response bytes by request body, for reads. */
const recorded = new Map<string, Buffer>();
// Apollo ends its JSON with a newline; so does the floor, for byte-identical bodies.
const serialise = (data: unknown) => Buffer.from(`${JSON.stringify({ data })}\n`);

const server = createServer(async (request, response) => {
  try {
    const raw = await readBody(request);
    // The body is parsed on every request, as any server must to know what to read.
    const body: { query?: string; variables?: Record<string, unknown> } = JSON.parse(raw);
    const build = await floorHandlerFor(reads, body.query)(body.variables ?? {});
    const mutation = /^\s*mutation\b/.test(body.query ?? '');
    let bytes = serialiseEach || mutation ? undefined : recorded.get(raw);
    if (bytes === undefined) {
      bytes = serialise(build());
      if (!serialiseEach && !mutation) recorded.set(raw, bytes);
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    response.end(bytes);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`floor ready at http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.once('SIGTERM', () => {
  server.close();
  void client.close().then(() => process.exit(0));
});
