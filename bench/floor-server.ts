/**
 * The floor as a server: a plain node:http handler around bench/floor-handlers.ts, writing the
 * same JSON newsgraph writes.
 *
 * Run as a child process: `MONGODB_URI=… FLOOR_DATABASE=… node dist/bench/floor-server.js` prints its URL.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connectClient } from '../src/db/connect.js';
import { floorHandlerFor, floorHandlers } from './floor-handlers.js';

// newsgraph's client settings (timeouts, heartbeat): the driver's work per command depends on them.
const client = await connectClient(process.env.MONGODB_URI ?? '');
const handlers = floorHandlers(client.db(process.env.FLOOR_DATABASE));

async function readJson(
  request: IncomingMessage,
): Promise<{ operationName?: string; query?: string; variables?: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const server = createServer(async (request, response) => {
  try {
    const body = await readJson(request);
    const data = await floorHandlerFor(handlers, body.query)(body.variables ?? {});
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    // Apollo ends its JSON with a newline; so does the floor, for byte-identical bodies.
    response.end(`${JSON.stringify({ data })}\n`);
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
