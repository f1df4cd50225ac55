/**
 * The floor for subscriptions' payload resolution: a WebSocket server that speaks just enough of
 * graphql-ws's protocol for the bench's subscribers (connection_init → connection_ack, subscribe,
 * complete, ping → pong) to one operation, SUBSCRIPTION_FLOOR_SELECTION. It watches the statements
 * through newsgraph's own ChangeFeed (the same change stream, opened by the first subscriber and
 * kept, as newsgraph keeps its), sends per event the MongoDB command newsgraph sends for that
 * selection (the speaker's by-id `find`, once per event whatever the number of subscribers) and then
 * writes to each subscriber the bytes recorded for that event and subscriber: no GraphQL execution
 * and no JSON building per message.
 *
 * The bytes come from a plan (POST /plan: the events the bench will insert, by id, with their
 * `next` payloads); at subscribe time the floor builds each subscriber's whole message for every
 * planned event. An event not in the plan (the bench's probes) has its message built when it comes.
 * The bench checks every message of both servers byte for byte, and tests/api/subscription-floor.test.ts
 * holds the floor to newsgraph's commands and bytes.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChangeStreamDocument, Db, Document, ObjectId } from 'mongodb';
import pino from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import { globalId } from '../src/db/ids.js';
import { ChangeFeed } from '../src/subscriptions/change-feed.js';

/** The one operation the floor serves. */
export const SUBSCRIPTION_FLOOR_SELECTION = 'subscription { statementAdded { id text speaker { name } } }';

/** An event the bench will insert: its statement's id (hex) and the `payload` of its `next` message (JSON). */
export interface PlannedEvent {
  id: string;
  payload: string;
}

/** The `next` payload newsgraph sends for SUBSCRIPTION_FLOOR_SELECTION, as JSON text. */
export function floorPayload(statement: Document, speaker: Document | null): string {
  const added = {
    id: globalId('Statement', statement._id as ObjectId),
    text: statement.text,
    speaker: speaker ? { name: speaker.name } : null,
  };
  return JSON.stringify({ data: { statementAdded: added } });
}

/** The whole `next` message for one subscriber, as graphql-ws serialises it (id, type, payload). */
export const nextMessage = (subscriptionId: string, payload: string) =>
  `{"id":${JSON.stringify(subscriptionId)},"type":"next","payload":${payload}}`;

interface FloorSubscriber {
  socket: WebSocket;
  id: string;
  /** This subscriber's message for each planned event, by statement id (hex). */
  recorded: Map<string, Buffer>;
}

export interface SubscriptionFloor {
  url: string;
  close(): Promise<void>;
}

const PROTOCOL = 'graphql-transport-ws';
/** As newsgraph's hub: readers see confirmed statements only (curated ones carry no status). */
const visible = (statement: Document) => statement.status !== 'PENDING' && statement.status !== 'REJECTED';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSubscriptionFloor(db: Db): Promise<SubscriptionFloor> {
  const statements = db.collection('statements');
  const people = db.collection('people');
  const plan = new Map<string, string>();
  const subscribers = new Set<FloorSubscriber>();
  let feed: ChangeFeed | undefined;
  /** Deliveries go out in event order, as each newsgraph subscriber's queue delivers them. */
  let delivered: Promise<void> = Promise.resolve();

  const deliver = async (statement: Document, speakerRead: Promise<Document[]> | undefined) => {
    const hex = (statement._id as ObjectId).toHexString();
    let built: string | undefined;
    const speaker = speakerRead ? ((await speakerRead)[0] ?? null) : null;
    for (const subscriber of subscribers) {
      let bytes = subscriber.recorded.get(hex);
      if (bytes === undefined) {
        built ??= plan.get(hex) ?? floorPayload(statement, speaker);
        bytes = Buffer.from(nextMessage(subscriber.id, built));
      } else subscriber.recorded.delete(hex);
      if (subscriber.socket.readyState === WebSocket.OPEN) subscriber.socket.send(bytes, { binary: false });
    }
  };

  const change = (event: ChangeStreamDocument<Document>) => {
    if (event.operationType !== 'insert' || subscribers.size === 0 || !visible(event.fullDocument)) return;
    const statement = event.fullDocument;
    // newsgraph's speaker loader: one by-id find per event, sent as soon as the event is in.
    const speakerRead = statement.speakerId ? people.find({ _id: { $in: [statement.speakerId] } }, { batchSize: 1 }).toArray() : undefined;
    delivered = delivered.then(() => deliver(statement, speakerRead)).catch((error: unknown) => console.error('floor delivery', error));
  };

  const http = createServer(async (request, response) => {
    if (request.method === 'POST' && request.url === '/plan') {
      const events = JSON.parse(await readBody(request)) as PlannedEvent[];
      for (const event of events) plan.set(event.id, event.payload);
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  const websockets = new WebSocketServer({
    server: http,
    path: '/graphql',
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  });
  websockets.on('connection', (socket) => {
    const mine = new Set<FloorSubscriber>();
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: string; payload?: { query?: string } };
      if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'complete') {
        for (const subscriber of mine) if (subscriber.id === message.id) subscribers.delete(subscriber);
      } else if (message.type === 'subscribe' && message.id !== undefined) {
        if (message.payload?.query !== SUBSCRIPTION_FLOOR_SELECTION) {
          socket.close(4400, 'the floor serves one subscription only');
          return;
        }
        const id = message.id;
        const recorded = new Map([...plan].map(([hex, payload]) => [hex, Buffer.from(nextMessage(id, payload))]));
        const subscriber: FloorSubscriber = { socket, id, recorded };
        mine.add(subscriber);
        subscriber.socket.once('close', () => subscribers.delete(subscriber));
        void openFeed().then(() => subscribers.add(subscriber));
      }
    });
  });

  // Opened by the first subscriber and kept, as newsgraph keeps its feed once opened.
  let opening: Promise<void> | undefined;
  const openFeed = () => {
    opening ??= (async () => {
      feed = new ChangeFeed(statements, { change }, pino({ level: 'warn' }));
      await feed.ready();
    })();
    return opening;
  };

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      for (const client of websockets.clients) client.terminate();
      websockets.close();
      await new Promise((resolve) => http.close(resolve));
      await feed?.close();
    },
  };
}
