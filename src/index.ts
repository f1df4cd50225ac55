/** `npm start`: config → database → indexes and demo data → HTTP server; SIGTERM/SIGINT drain. */
import { randomBytes } from 'node:crypto';
import { isEmpty, seedDatabase } from '../seed/seed-database.js';
import { apiKey } from './auth/api-keys.js';
import { loadConfig } from './config.js';
import { collections, ensureIndexes } from './db/collections.js';
import { connectClient } from './db/connect.js';
import { provideDatabase } from './db/database-server.js';
import { rebuildSearchTerms, searchTerms } from './db/search-terms.js';
import { rebuildStatementTallies, repairStatementTallies, statementTallies } from './db/statement-tallies.js';
import { createServer } from './server.js';

let config = loadConfig();
// So that Sandbox can be used for writes out of the box, development without keys gets a demo one.
if (!config.production && config.apiKeys.length === 0) {
  const token = `demo-${randomBytes(18).toString('base64url')}`;
  config = { ...config, apiKeys: [apiKey('demo-editor', 'editor', token)] };
  console.log(`Demo editor token (this run only): ${token}`);
  console.log('In Sandbox, add the header  Authorization: Bearer <token>  to run mutations.');
}
const database = await provideDatabase({
  uri: config.mongodbUri,
  memoryServer: config.memoryServer,
  dataDir: config.dataDir,
  topology: config.topology,
});
// Request logs count database commands from the connection pool's events (plugins/request-context.ts),
// so the driver's command monitoring stays off.
const client = await connectClient(database.uri);
const db = client.db(config.databaseName);
await ensureIndexes(db);
if (config.seedOnStart && (await isEmpty(db))) {
  await seedDatabase(db);
  console.log('Loaded the demo data (one article, 9 people, 12 statements, 1 exchange).');
}
// A database written before search completions existed gets its vocabulary once.
if ((await searchTerms(db).estimatedDocumentCount()) === 0) await rebuildSearchTerms(db);
// And its statement tallies (db/statement-tallies.ts), the counts behind statementStats; a speaker
// whose tallies disagree with their statements (a create stopped between commit and count) is recounted.
if ((await statementTallies(db).estimatedDocumentCount()) === 0) await rebuildStatementTallies(db);
else {
  const recounted = await repairStatementTallies(collections(db));
  if (recounted > 0) console.log(`Recounted the statement tallies of ${recounted} speaker(s).`);
}
const server = createServer({ config, client });
await server.start();
await new Promise<void>((resolve) => server.http.listen(config.port, resolve));
const address = server.http.address();
const port = typeof address === 'object' && address ? address.port : config.port;
// The addresses first, the "ready" line last: whoever waits for it has the whole banner.
const base = `http://localhost:${port}`;
console.log(server.webAppBuilt ? `  Reader app:        ${base}/` : '  Reader app:        not built (run `npm run build`)');
if (config.explorer && server.webAppBuilt) console.log(`  Offline explorer:  ${base}/graphiql (GraphiQL, no internet needed)`);
console.log(`  GraphQL API:       ${base}/graphql${config.production ? '' : ' (Apollo Sandbox, loaded from Apollo: needs internet)'}`);
console.log(`newsgraph ready at ${base}/graphql (database: ${database.mode})`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: draining`);
  await server.stop();
  await client.close();
  await database.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
