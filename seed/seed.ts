/** `npm run seed`: loads the demo data into the configured database (idempotent). */
import { loadConfig } from '../src/config.js';
import { connectClient } from '../src/db/connect.js';
import { provideDatabase } from '../src/db/database-server.js';
import { seedDatabase } from './seed-database.js';

const config = loadConfig();
if (!config.mongodbUri && !config.memoryServer && !config.dataDir) {
  console.error('npm run seed needs a database that outlives it: set MONGODB_URI, or DATA_DIR for the embedded server.');
  console.error('(npm start seeds its own database when it is empty.)');
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
  const result = await seedDatabase(client.db(config.databaseName));
  console.log(
    `seeded ${config.databaseName}: ${result.upserted} inserted, ${result.modified} updated, ${result.matched - result.modified} unchanged`,
  );
} finally {
  await client.close();
  await server.stop();
}
