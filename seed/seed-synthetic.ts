/** `npm run seed:synthetic -- --scale N`: the benchmark dataset, into its own database. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { connectClient } from '../src/db/connect.js';
import { provideDatabase } from '../src/db/database-server.js';
import { seedSynthetic, syntheticDatabaseName } from './synthetic.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1 || scale > 1000) {
  console.error('--scale must be an integer from 1 to 1000');
  process.exit(2);
}
const config = loadConfig();
if (!config.mongodbUri && !config.memoryServer && !config.dataDir) {
  console.error('npm run seed:synthetic needs a database that outlives it: set MONGODB_URI, or DATA_DIR for the embedded server.');
  process.exit(2);
}
const server = await provideDatabase({
  uri: config.mongodbUri,
  memoryServer: config.memoryServer,
  dataDir: config.dataDir,
  topology: config.topology,
});
const client = await connectClient(server.uri);
try {
  const name = syntheticDatabaseName(scale);
  const counts = await seedSynthetic(client.db(name), scale);
  console.log(`seeded ${name}: ${JSON.stringify(counts)}`);
} finally {
  await client.close();
  await server.stop();
}
