/** `npm run db -- [--port N] [--data-dir DIR]`: runs the embedded server until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '27017' }, 'data-dir': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const server = await startEmbeddedMongo({ port, host: values.host, dataDir: values['data-dir'] });
console.log(server.uri);
const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
