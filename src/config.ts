import { type ApiKey, parseApiKeys } from './auth/api-keys.js';
import { defaultCorsOrigins, type OriginRule } from './http/cors.js';
import { parsePublicUrl } from './http/public-origin.js';
import { DEFAULT_LIMITS, type QueryLimits } from './limits/query-limits.js';

/**
 * The only reader of process.env. Values are validated once at start-up and frozen, so a typo in
 * PORT fails fast with a clear message instead of surfacing as a strange runtime error.
 */
export interface Config {
  readonly port: number;
  readonly production: boolean;
  /** A real deployment; when set, no local database is started. */
  readonly mongodbUri: string | undefined;
  readonly memoryServer: boolean;
  /** NEWSGRAPH_TOPOLOGY: `replica-set` or `standalone` for a database started here (default: embedded replica set, memory-server standalone). */
  readonly topology: 'replica-set' | 'standalone' | undefined;
  /** Makes the embedded server durable. */
  readonly dataDir: string | undefined;
  readonly databaseName: string;
  readonly bodyLimitBytes: number;
  /** Seed the demo data when the database is empty. */
  readonly seedOnStart: boolean;
  /** API keys from NEWSGRAPH_API_KEYS (`name:role:key,…`), kept as digests. */
  readonly apiKeys: readonly ApiKey[];
  /** HS256 secret for JWTs (NEWSGRAPH_JWT_SECRET, 32+ characters); JWTs are refused without it. */
  readonly jwtSecret: Uint8Array | undefined;
  /** Write concern for every write: `majority` (default) or a number of nodes; journaled unless NEWSGRAPH_WRITE_JOURNAL=false. */
  readonly writeConcern: { w: 'majority' | number; j: boolean };
  /** Query limits (QUERY_MAX_DEPTH, …_ALIASES, …_DIRECTIVES, …_TOKENS, …_COST). */
  readonly limits: QueryLimits;
  /** Introspection; on in development, off in production unless NEWSGRAPH_INTROSPECTION=true. */
  readonly introspection: boolean;
  /** The offline GraphiQL explorer at /graphiql; on in development, off in production unless NEWSGRAPH_EXPLORER=true. */
  readonly explorer: boolean;
  /** Browser origins allowed by CORS (CORS_ORIGINS, comma-separated; `*` for any). Production allows none by default. */
  readonly corsOrigins: readonly OriginRule[];
  /** Whether the development Sandbox sends Apollo telemetry (SANDBOX_TELEMETRY=true); off by default. */
  readonly sandboxTelemetry: boolean;
  readonly logLevel: string;
  /** Requests slower than this are logged with `slow: true`. */
  readonly slowRequestMs: number;
  /** Seconds anonymous, error-free query responses may be cached (PUBLIC_CACHE_MAX_AGE; 0 = no header). */
  readonly publicCacheMaxAge: number;
  /** The public origin for URLs the API hands out, e.g. JSON-LD `@id`s (NEWSGRAPH_PUBLIC_URL); else each request's Host. */
  readonly publicUrl: string | undefined;
  /** DataLoader batching; NEWSGRAPH_BENCH_NO_BATCHING=true turns it off, for the benchmark only. */
  readonly batching: boolean;
  /** Apollo's cache of parsed and validated documents; NEWSGRAPH_BENCH_NO_DOCUMENT_CACHE=true turns it off, for the benchmark only. */
  readonly documentCache: boolean;
  /** Queries compiled by graphql-jit (src/execution/compiled-execution.ts); NEWSGRAPH_BENCH_INTERPRETED=true runs graphql-js instead, for the benchmark's comparison. */
  readonly compiledExecution: boolean;
  /** Leaving large unread fields out of reads; NEWSGRAPH_BENCH_NO_PROJECTIONS=true turns it off, for the benchmark only. */
  readonly projections: boolean;
  /** WebSocket subscriptions (SUBSCRIPTIONS_MAX_PER_CONNECTION, …_MAX_CONNECTIONS_PER_IP, …_QUEUE_LIMIT, …_KEEPALIVE_MS). */
  readonly subscriptions: SubscriptionLimits;
}

export interface SubscriptionLimits {
  /** Operations one connection may have running at once. */
  readonly maxPerConnection: number;
  /** Open WebSocket connections from one address (behind a proxy: the proxy's). */
  readonly maxConnectionsPerIp: number;
  /** Undelivered events one subscription may hold; past it the connection is closed (1008). */
  readonly queueLimit: number;
  /** Interval of WebSocket pings; a client that misses one pong is dropped. 0 turns them off. */
  readonly keepAliveMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const db = env.NEWSGRAPH_DB;
  if (db !== undefined && db !== '' && db !== 'memory-server' && db !== 'embedded') {
    throw new Error(`NEWSGRAPH_DB must be "memory-server" or "embedded", got "${db}"`);
  }
  const topology = env.NEWSGRAPH_TOPOLOGY || undefined;
  if (topology !== undefined && topology !== 'replica-set' && topology !== 'standalone') {
    throw new Error(`NEWSGRAPH_TOPOLOGY must be "replica-set" or "standalone", got "${topology}"`);
  }
  const databaseName = env.NEWSGRAPH_DATABASE ?? 'newsgraph';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(databaseName)) throw new Error('NEWSGRAPH_DATABASE must be 1-63 letters, digits, _ or -');
  const jwtSecret = env.NEWSGRAPH_JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret !== '' && jwtSecret.length < 32)
    throw new Error('NEWSGRAPH_JWT_SECRET must be at least 32 characters');
  const w = env.NEWSGRAPH_WRITE_CONCERN ?? 'majority';
  if (w !== 'majority' && !/^[1-9]\d?$/.test(w)) throw new Error('NEWSGRAPH_WRITE_CONCERN must be "majority" or a number of nodes');
  const production = env.NODE_ENV === 'production';
  const introspection = env.NEWSGRAPH_INTROSPECTION ? env.NEWSGRAPH_INTROSPECTION === 'true' : !production;
  const logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    throw new Error(`LOG_LEVEL "${logLevel}" is not a pino level`);
  return Object.freeze({
    port: integer(env, 'PORT', 4000, 0, 65535),
    production,
    mongodbUri: env.MONGODB_URI || undefined,
    memoryServer: db === 'memory-server',
    topology,
    dataDir: env.DATA_DIR || undefined,
    databaseName,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 100_000, 1_000, 10_000_000),
    seedOnStart: env.NEWSGRAPH_SEED !== 'false',
    apiKeys: parseApiKeys(env.NEWSGRAPH_API_KEYS),
    jwtSecret: jwtSecret ? new TextEncoder().encode(jwtSecret) : undefined,
    writeConcern: { w: w === 'majority' ? ('majority' as const) : Number(w), j: env.NEWSGRAPH_WRITE_JOURNAL !== 'false' },
    limits: {
      depth: integer(env, 'QUERY_MAX_DEPTH', DEFAULT_LIMITS.depth, 1, 100),
      aliases: integer(env, 'QUERY_MAX_ALIASES', DEFAULT_LIMITS.aliases, 0, 1000),
      directives: integer(env, 'QUERY_MAX_DIRECTIVES', DEFAULT_LIMITS.directives, 0, 1000),
      tokens: integer(env, 'QUERY_MAX_TOKENS', DEFAULT_LIMITS.tokens, 10, 100_000),
      cost: integer(env, 'QUERY_MAX_COST', DEFAULT_LIMITS.cost, 1, 10_000_000),
    },
    introspection,
    explorer: env.NEWSGRAPH_EXPLORER ? env.NEWSGRAPH_EXPLORER === 'true' : !production,
    corsOrigins: env.CORS_ORIGINS
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : defaultCorsOrigins({ production, introspection }),
    sandboxTelemetry: env.SANDBOX_TELEMETRY === 'true',
    logLevel,
    slowRequestMs: integer(env, 'SLOW_REQUEST_MS', 500, 1, 600_000),
    publicCacheMaxAge: integer(env, 'PUBLIC_CACHE_MAX_AGE', 0, 0, 86_400),
    publicUrl: parsePublicUrl(env.NEWSGRAPH_PUBLIC_URL),
    batching: env.NEWSGRAPH_BENCH_NO_BATCHING !== 'true',
    documentCache: env.NEWSGRAPH_BENCH_NO_DOCUMENT_CACHE !== 'true',
    compiledExecution: env.NEWSGRAPH_BENCH_INTERPRETED !== 'true',
    projections: env.NEWSGRAPH_BENCH_NO_PROJECTIONS !== 'true',
    subscriptions: {
      maxPerConnection: integer(env, 'SUBSCRIPTIONS_MAX_PER_CONNECTION', 100, 1, 100_000),
      maxConnectionsPerIp: integer(env, 'SUBSCRIPTIONS_MAX_CONNECTIONS_PER_IP', 200, 1, 1_000_000),
      queueLimit: integer(env, 'SUBSCRIPTIONS_QUEUE_LIMIT', 1000, 1, 1_000_000),
      keepAliveMs: integer(env, 'SUBSCRIPTIONS_KEEPALIVE_MS', 12_000, 0, 600_000),
    },
  });
}
