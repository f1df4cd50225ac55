/**
 * Entities of the unified test format: clients (with command monitoring and CMAP events recorded as
 * the test asks), databases, collections, sessions, change streams, and saved results.
 */
import { type Document, deserialize, serialize } from 'bson';
import {
  type ClientSession,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  MongoClient,
  type MongoClientOptions,
} from 'mongodb';
import type { Json } from './matching.js';

/** Commands the format says a runner never reports, and the handshake and teardown noise. */
const IGNORED_COMMANDS = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'getnonce',
  'authenticate',
  'configureFailPoint',
  'buildInfo',
  'buildinfo',
  'endSessions',
  'ping',
]);
const COMMAND_EVENTS = ['commandStartedEvent', 'commandSucceededEvent', 'commandFailedEvent'];

export type CommandEvent = CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent;
export interface RecordedEvent {
  type: string;
  event: CommandEvent | Json;
}

export class ClientEntity {
  readonly events: RecordedEvent[] = [];
  /** Every command started, observed or not, for the lsid assertions. */
  readonly started: CommandStartedEvent[] = [];

  constructor(
    readonly client: MongoClient,
    observe: Set<string>,
    ignore: Set<string>,
  ) {
    const record = (type: string) => (event: CommandEvent) => {
      if (IGNORED_COMMANDS.has(event.commandName) || ignore.has(event.commandName)) return;
      if (type === 'commandStartedEvent') {
        // A copy: the driver later mutates objects the command shares with the session (its readConcern).
        const started = event as CommandStartedEvent;
        const copy = {
          commandName: started.commandName,
          databaseName: started.databaseName,
          command: deserialize(serialize(started.command)),
        };
        this.started.push(copy as unknown as CommandStartedEvent);
        if (observe.has(type)) this.events.push({ type, event: copy as unknown as Json });
        return;
      }
      if (observe.has(type)) this.events.push({ type, event });
    };
    client.on('commandStarted', record('commandStartedEvent'));
    client.on('commandSucceeded', record('commandSucceededEvent'));
    client.on('commandFailed', record('commandFailedEvent'));
    for (const type of observe) {
      if (COMMAND_EVENTS.includes(type)) continue;
      const name = type.replace(/Event$/, '');
      client.on(name as 'connectionCheckOutStarted', (event: unknown) => this.events.push({ type, event: event as Json }));
    }
  }
}

export class Skip extends Error {}

export class Entities extends Map<string, unknown> {
  readonly clients: ClientEntity[] = [];

  constructor(private readonly uri: string) {
    super();
  }

  client(id: unknown): ClientEntity {
    const entry = this.get(String(id));
    if (!(entry instanceof ClientEntity)) throw new Error(`no client entity ${String(id)}`);
    return entry;
  }

  session(id: unknown): ClientSession {
    const session = this.get(String(id));
    if (!session) throw new Error(`no session entity ${String(id)}`);
    return session as ClientSession;
  }

  /** The client a session belongs to. */
  clientOf(session: ClientSession): ClientEntity {
    const found = this.clients.find((entry) => entry.client === (session as unknown as { client: MongoClient }).client);
    if (!found) throw new Error('session of an unknown client');
    return found;
  }

  async create(definitions: Json[]): Promise<void> {
    for (const definition of definitions) {
      const [kind, spec] = Object.entries(definition)[0] as [string, Json];
      const id = String(spec.id);
      switch (kind) {
        case 'client': {
          if (spec.storeEventsAsEntities || spec.observeSensitiveCommands || spec.serverApi)
            throw new Skip(`client option not supported by this runner`);
          const options: MongoClientOptions = {
            monitorCommands: true,
            serverSelectionTimeoutMS: 10_000,
            ...((spec.uriOptions ?? {}) as MongoClientOptions),
          };
          const client = new MongoClient(this.uri, options);
          const entry = new ClientEntity(
            client,
            new Set((spec.observeEvents ?? []) as string[]),
            new Set((spec.ignoreCommandMonitoringEvents ?? []) as string[]),
          );
          this.clients.push(entry);
          // Not connected here: connect() selects a server by the client's read preference, which a
          // one-node set cannot satisfy for `secondary`; operations connect as they need.
          this.set(id, entry);
          break;
        }
        case 'database':
          this.set(id, this.client(spec.client).client.db(String(spec.databaseName), (spec.databaseOptions ?? {}) as Document));
          break;
        case 'collection':
          this.set(
            id,
            (this.get(String(spec.database)) as Db).collection(String(spec.collectionName), (spec.collectionOptions ?? {}) as Document),
          );
          break;
        case 'session':
          this.set(id, this.client(spec.client).client.startSession((spec.sessionOptions ?? {}) as Document));
          break;
        default:
          throw new Skip(`entity ${kind}`);
      }
    }
  }

  async close(): Promise<void> {
    for (const entry of this.clients) await entry.client.close().catch(() => undefined);
  }
}
