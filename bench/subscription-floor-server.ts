/**
 * The subscription floor (bench/subscription-floor.ts) as its own process, connected as newsgraph
 * connects (src/db/connect.ts):
 * `MONGODB_URI=… FLOOR_DATABASE=… node dist/bench/subscription-floor-server.js` prints its URL.
 */
import { connectClient } from '../src/db/connect.js';
import { startSubscriptionFloor } from './subscription-floor.js';

const client = await connectClient(process.env.MONGODB_URI ?? '');
const floor = await startSubscriptionFloor(client.db(process.env.FLOOR_DATABASE));
console.log(`subscription floor ready at ${floor.url}/graphql`);
process.once('SIGTERM', () => {
  void floor
    .close()
    .then(() => client.close())
    .then(() => process.exit(0));
});
