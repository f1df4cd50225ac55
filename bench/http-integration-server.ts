/**
 * newsgraph's Apollo Server (src/apollo.ts: same schema, plugins, limits and context) behind
 * Express 5 or Fastify 5 with their official Apollo integrations, for `npm run bench:http` to
 * compare with the node:http handler `npm start` uses. Bench-only: not part of the service.
 *
 * `INTEGRATION=express|fastify MONGODB_URI=… NEWSGRAPH_DATABASE=… tsx bench/http-integration-server.ts`
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import express from 'express';
import Fastify from 'fastify';
import pino from 'pino';
import { createApollo, requestContext } from '../src/apollo.js';
import { loadConfig } from '../src/config.js';
import { readWriteCollections } from '../src/db/collections.js';
import { connectClient } from '../src/db/connect.js';

const config = loadConfig();
const client = await connectClient(config.mongodbUri ?? '');
const contextFor = requestContext(readWriteCollections(client, config.databaseName, config.writeConcern), config);
const logger = pino({ level: config.logLevel });
const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

let url: string;
if (process.env.INTEGRATION === 'fastify') {
  const app = Fastify({ bodyLimit: config.bodyLimitBytes });
  const apollo = createApollo({ config, logger, http: app.server });
  await apollo.start();
  app.post(
    '/graphql',
    fastifyApolloHandler(apollo, { context: async (request) => contextFor(header(request.headers.authorization), randomUUID()) }),
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
} else {
  const app = express();
  const http = createServer(app);
  const apollo = createApollo({ config, logger, http });
  await apollo.start();
  app.post(
    '/graphql',
    express.json({ limit: config.bodyLimitBytes }),
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(header(req.headers.authorization), randomUUID()) }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
console.log(`${process.env.INTEGRATION ?? 'express'} ready at ${url}/graphql`);
