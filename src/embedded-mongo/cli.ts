/**
 * `npm run db -- [--port N] [--data-dir DIR] [--replica-set NAME | --standalone] [--advertised-host H]
 * [--enable-test-commands]`: runs the embedded server until SIGINT/SIGTERM and prints its URI.
 */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    'data-dir': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'replica-set': { type: 'string' },
    standalone: { type: 'boolean', default: false },
    'advertised-host': { type: 'string' },
    'enable-test-commands': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
if (values.standalone && values['replica-set']) {
  console.error('--standalone and --replica-set exclude each other');
  process.exit(2);
}
const server = await startEmbeddedMongo({
  port,
  host: values.host,
  dataDir: values['data-dir'],
  replicaSet: values['replica-set'],
  standalone: values.standalone,
  advertisedHost: values['advertised-host'],
  enableTestCommands: values['enable-test-commands'],
});
console.log(server.uri);
const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
