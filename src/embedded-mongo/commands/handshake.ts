/**
 * Handshake and administrative commands. The hello reply makes the driver see a mongod 7.0
 * (maxWireVersion 21) that supports sessions (logicalSessionTimeoutMinutes): a replica-set primary
 * (replica-set.ts adds setName, hosts…) or a standalone. It deliberately has no topologyVersion or
 * compression, so the driver polls instead of streaming, and never compresses.
 */
import { Long } from 'bson';
import type { Doc } from '../bson-values.js';
import { MongoCommandError } from '../errors.js';
import type { CommandHandler } from '../server-state.js';

const VERSION = '7.0.0';

const hello: CommandHandler = (context, command) => {
  const primaryField = 'hello' in command ? { isWritablePrimary: true } : { ismaster: true };
  return {
    ...primaryField,
    helloOk: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ...context.state.replication.helloFields(),
    ok: 1,
  };
};

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  gitVersion: 'newsgraph-embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  ok: 1,
});

const serverStatus: CommandHandler = ({ state }) => ({
  host: 'embedded',
  version: VERSION,
  process: 'newsgraph-embedded-mongo',
  pid: Long.fromNumber(process.pid),
  uptime: (Date.now() - state.startedAt.getTime()) / 1000,
  localTime: new Date(),
  connections: { current: state.connections.current, available: 1_000_000, totalCreated: state.connections.totalCreated },
  opcounters: { ...state.opcounters },
  metrics: { cursor: { open: { total: state.cursors.openCount } } },
  mem: { resident: Math.round(process.memoryUsage().rss / 1024 / 1024), bits: 64 },
  ok: 1,
});

const getParameter: CommandHandler = (_context, command) => {
  const reply: Doc = { ok: 1 };
  if (command.featureCompatibilityVersion !== undefined || command.getParameter === '*') {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  return reply;
};

const ok: CommandHandler = () => ({ ok: 1 });

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: ok,
  buildinfo: buildInfo,
  buildInfo,
  serverStatus,
  getParameter,
  endSessions: ok,
  killAllSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  startSession: ({ state: _state }) => ({ id: { id: crypto.randomUUID() }, timeoutMinutes: 30, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'embedded' }, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  saslStart: () => {
    throw new MongoCommandError('AuthenticationFailed', 'Authentication failed: the embedded server has no users');
  },
};
