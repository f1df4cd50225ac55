/**
 * `npx tsx bench/crud-spec.ts <specifications checkout> [file-substring]`: runs MongoDB's unified CRUD
 * specification tests (source/crud/tests/unified/*.json of github.com/mongodb/specifications) that a
 * 7.0 standalone is expected to pass, against the embedded server (or `MONGODB_URI` when set), and
 * prints pass/fail per file. The checkout is read at run time and never copied into this repository.
 *
 * The runner implements the part of the unified test format these files use: client/database/
 * collection entities, initialData, the collection and database operations, expectResult and
 * expectError matching (with `$$exists`, `$$type`, `$$unsetOrMatches`), expectEvents for command
 * started/succeeded/failed events, and outcome. Tests needing a fail point, a replica set, a sharded
 * cluster, serverless or a server other than 7.0 are reported as skipped, with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, EJSON } from 'bson';
import {
  type ClientSession,
  type Collection,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
} from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';

const SERVER_VERSION = [7, 0, 0];
const IGNORED_COMMANDS = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'getnonce',
  'buildInfo',
  'buildinfo',
  'endSessions',
  'ping',
]);

type Json = Record<string, unknown>;
const isDoc = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !('_bsontype' in value) && !(value instanceof Date);

function versionAtLeast(version: string): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = SERVER_VERSION[i];
    const b = parts[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
function versionAtMost(version: string): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = SERVER_VERSION[i];
    const b = parts[i] ?? 0;
    if (a !== b) return a < b;
  }
  return true;
}

/** Why a requirement list rules a 7.0 standalone out, or undefined when one entry fits. */
function unmet(requirements: Json[] | undefined): string | undefined {
  if (!requirements || requirements.length === 0) return undefined;
  const reasons: string[] = [];
  for (const r of requirements) {
    if (r.minServerVersion && !versionAtLeast(String(r.minServerVersion))) reasons.push(`needs ≥ ${r.minServerVersion}`);
    else if (r.maxServerVersion && !versionAtMost(String(r.maxServerVersion))) reasons.push(`needs ≤ ${r.maxServerVersion}`);
    else if (Array.isArray(r.topologies) && !r.topologies.includes('single')) reasons.push(`topologies ${r.topologies.join(',')}`);
    else if (r.serverless === 'require') reasons.push('serverless');
    else if (r.auth === true) reasons.push('auth');
    else if (r.csfle === true) reasons.push('csfle');
    else return undefined;
  }
  return reasons.join(' / ');
}

// ---- matching -------------------------------------------------------------------------------

const TYPE_OF: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' || (v as { _bsontype?: string })?._bsontype === 'Double',
  int: (v) => (typeof v === 'number' && Number.isInteger(v)) || (v as { _bsontype?: string })?._bsontype === 'Int32',
  long: (v) => (v as { _bsontype?: string })?._bsontype === 'Long' || (typeof v === 'number' && Number.isInteger(v)),
  string: (v) => typeof v === 'string',
  object: (v) => isDoc(v),
  array: (v) => Array.isArray(v),
  objectId: (v) => (v as { _bsontype?: string })?._bsontype === 'ObjectId',
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  binData: (v) => (v as { _bsontype?: string })?._bsontype === 'Binary',
  timestamp: (v) => (v as { _bsontype?: string })?._bsontype === 'Timestamp',
  decimal: (v) => (v as { _bsontype?: string })?._bsontype === 'Decimal128',
};

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const tagged = value as { _bsontype?: string; toString(): string } | null;
  if (tagged && ['Int32', 'Double', 'Long', 'Decimal128'].includes(tagged._bsontype ?? '')) return Number(tagged.toString());
  return undefined;
}

/** Unified-format matching: extra fields allowed in root-level documents only; numbers by value. */
function match(expected: unknown, actualValue: unknown, root: boolean, path: string, entities: Map<string, unknown>): string | undefined {
  // The driver sends sort specifications as Maps.
  const actual = actualValue instanceof Map ? Object.fromEntries(actualValue) : actualValue;
  if (isDoc(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$$')) {
      const op = keys[0];
      const arg = expected[op];
      switch (op) {
        case '$$exists':
          return (actual !== undefined) === arg ? undefined : `${path}: expected ${arg ? 'present' : 'absent'}`;
        case '$$type': {
          const types = Array.isArray(arg) ? arg : [arg];
          return types.some((t) => TYPE_OF[String(t)]?.(actual)) ? undefined : `${path}: not of type ${types.join('|')}`;
        }
        case '$$unsetOrMatches':
          return actual === undefined ? undefined : match(arg, actual, root, path, entities);
        case '$$matchesEntity':
          return match(entities.get(String(arg)), actual, root, path, entities);
        case '$$sessionLsid': {
          const session = entities.get(String(arg)) as ClientSession | undefined;
          return match(session?.id, actual, false, path, entities);
        }
        case '$$lte': {
          const a = asNumber(actual);
          return a !== undefined && a <= Number(arg) ? undefined : `${path}: ${String(actual)} > ${String(arg)}`;
        }
        default:
          return `${path}: unsupported operator ${op}`;
      }
    }
    if (!isDoc(actual)) return `${path}: expected a document, got ${EJSON.stringify(actual as never)}`;
    for (const key of keys) {
      const problem = match(expected[key], actual[key], false, `${path}.${key}`, entities);
      if (problem) return problem;
    }
    if (!root) {
      const extra = Object.keys(actual).filter((key) => !(key in expected) && actual[key] !== undefined);
      if (extra.length > 0) return `${path}: unexpected fields ${extra.join(',')}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${EJSON.stringify(actual as never)}`;
    if (actual.length !== expected.length)
      return `${path}: expected ${expected.length} elements, got ${actual.length} ${EJSON.stringify(actual as never)}`;
    // Documents of an array that is the whole expected result (a find's) are root-level too.
    for (let i = 0; i < expected.length; i++) {
      const problem = match(expected[i], actual[i], root, `${path}[${i}]`, entities);
      if (problem) return problem;
    }
    return undefined;
  }
  const e = asNumber(expected);
  if (e !== undefined) {
    const a = asNumber(actual);
    return a === e || (Number.isNaN(a) && Number.isNaN(e)) ? undefined : `${path}: expected ${e}, got ${EJSON.stringify(actual as never)}`;
  }
  if (expected === null)
    return actual === null || actual === undefined ? undefined : `${path}: expected null, got ${EJSON.stringify(actual as never)}`;
  const same = EJSON.stringify({ v: expected } as never) === EJSON.stringify({ v: actual } as never);
  return same
    ? undefined
    : `${path}: expected ${EJSON.stringify({ v: expected } as never)}, got ${EJSON.stringify({ v: actual } as never)}`;
}

// ---- entities and operations ----------------------------------------------------------------

interface ClientEntity {
  client: MongoClient;
  observe: Set<string>;
  ignore: Set<string>;
  events: Array<{ type: string; event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent }>;
}

class Skip extends Error {}

/**
 * Tests the Node.js driver itself does not pass whatever the server: it leaves out
 * `bypassDocumentValidation: false` and replaces a null `_id` with a new ObjectId before sending.
 * They are reported apart, with the reason, not counted as the server's failures.
 */
const DRIVER_DIVERGENCES: Array<[file: string, description: RegExp, reason: string]> = [
  [
    'bypassDocumentValidation.json',
    /^(Aggregate with \$out|BulkWrite|FindOneAndReplace|FindOneAndUpdate|InsertMany) passes bypassDocumentValidation: false$/,
    'the Node.js driver omits bypassDocumentValidation: false here',
  ],
  ['create-null-ids.json', /inserting _id with type null via (insertOne|insertMany|bulkWrite)$/, 'the Node.js driver replaces a null _id'],
];

const clientEntities = new WeakSet<ClientEntity>();

function options(args: Json, entities: Map<string, unknown>, omit: string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(args)) {
    if (omit.includes(key)) continue;
    if (key === 'session') out.session = entities.get(String(value));
    else if (key === 'returnDocument') out.returnDocument = String(value).toLowerCase();
    else out[key] = value;
  }
  return out;
}

async function runOperation(operation: Json, entities: Map<string, unknown>): Promise<unknown> {
  const args = (operation.arguments ?? {}) as Json;
  const target = entities.get(String(operation.object));
  const name = String(operation.name);
  if (operation.object === 'testRunner') throw new Skip(`testRunner.${name}`);
  if (target instanceof MongoClient || clientEntities.has(target as ClientEntity)) throw new Skip(`client.${name}`);
  if (isDb(target)) {
    const db = target;
    switch (name) {
      case 'aggregate':
        return db.aggregate(args.pipeline as Document[], options(args, entities, ['pipeline'])).toArray();
      case 'createCollection':
        await db.createCollection(String(args.collection), options(args, entities, ['collection']));
        return undefined;
      case 'dropCollection':
        return db.dropCollection(String(args.collection), options(args, entities, ['collection']));
      case 'modifyCollection':
        return db.command({ collMod: args.collection, ...options(args, entities, ['collection']) });
      case 'runCommand':
        return db.command(args.command as Document, options(args, entities, ['command', 'commandName']));
      case 'listCollections':
        return db.listCollections((args.filter ?? {}) as Document, options(args, entities, ['filter'])).toArray();
      default:
        throw new Skip(`database.${name}`);
    }
  }
  const coll = target as Collection;
  const o = (...omit: string[]) => options(args, entities, omit);
  switch (name) {
    case 'insertOne':
      return coll.insertOne(args.document as Document, o('document'));
    case 'insertMany':
      return coll.insertMany(args.documents as Document[], o('documents'));
    case 'find':
      return coll.find((args.filter ?? {}) as Document, o('filter')).toArray();
    case 'findOne':
      return coll.findOne((args.filter ?? {}) as Document, o('filter'));
    case 'aggregate':
      return coll.aggregate(args.pipeline as Document[], o('pipeline')).toArray();
    case 'countDocuments':
      return coll.countDocuments((args.filter ?? {}) as Document, o('filter'));
    case 'count':
      return coll.count((args.filter ?? {}) as Document, o('filter'));
    case 'estimatedDocumentCount':
      return coll.estimatedDocumentCount(o());
    case 'distinct':
      return coll.distinct(String(args.fieldName), (args.filter ?? {}) as Document, o('fieldName', 'filter'));
    case 'updateOne':
      return coll.updateOne(args.filter as Document, args.update as Document, o('filter', 'update'));
    case 'updateMany':
      return coll.updateMany(args.filter as Document, args.update as Document, o('filter', 'update'));
    case 'replaceOne':
      return coll.replaceOne(args.filter as Document, args.replacement as Document, o('filter', 'replacement'));
    case 'deleteOne':
      return coll.deleteOne(args.filter as Document, o('filter'));
    case 'deleteMany':
      return coll.deleteMany(args.filter as Document, o('filter'));
    case 'findOneAndUpdate':
      return coll.findOneAndUpdate(args.filter as Document, args.update as Document, o('filter', 'update'));
    case 'findOneAndReplace':
      return coll.findOneAndReplace(args.filter as Document, args.replacement as Document, o('filter', 'replacement'));
    case 'findOneAndDelete':
      return coll.findOneAndDelete(args.filter as Document, o('filter'));
    case 'bulkWrite':
      return coll.bulkWrite(args.requests as never, o('requests'));
    case 'createIndex':
      return coll.createIndex(args.keys as Document, o('keys'));
    default:
      throw new Skip(`collection.${name}`);
  }
}

function isDb(value: unknown): value is Db {
  return value !== null && typeof value === 'object' && value.constructor?.name === 'Db';
}

function checkError(expected: Json, error: unknown, entities: Map<string, unknown>): string | undefined {
  const server = error instanceof MongoServerError;
  if (expected.isClientError === true && server) return `expected a client error, got server error ${(error as Error).message}`;
  if (expected.isClientError === false && !server) return `expected a server error, got ${(error as Error).message}`;
  const e = error as MongoServerError & Json;
  if (expected.errorCode !== undefined) {
    const code = e.code ?? (error instanceof MongoBulkWriteError ? e.writeErrors?.[0]?.code : undefined);
    if (code !== expected.errorCode) return `expected code ${expected.errorCode}, got ${String(code)} (${e.message})`;
  }
  if (expected.errorCodeName !== undefined && e.codeName !== expected.errorCodeName)
    return `expected codeName ${expected.errorCodeName}, got ${String(e.codeName)}`;
  if (typeof expected.errorContains === 'string' && !e.message.toLowerCase().includes(expected.errorContains.toLowerCase())) {
    return `expected message containing "${expected.errorContains}", got "${e.message}"`;
  }
  if (expected.errorResponse !== undefined) {
    const problem = match(expected.errorResponse, e.errorResponse ?? e, true, 'errorResponse', entities);
    if (problem) return problem;
  }
  if (expected.expectResult !== undefined && error instanceof MongoBulkWriteError) {
    const problem = match(expected.expectResult, error.result, true, 'partialResult', entities);
    if (problem) return problem;
  }
  return undefined;
}

async function runTest(file: Json, test: Json, uri: string): Promise<void> {
  const entities = new Map<string, unknown>();
  const clients: ClientEntity[] = [];
  const setup = new MongoClient(uri);
  try {
    for (const data of (file.initialData ?? []) as Json[]) {
      const db = setup.db(String(data.databaseName));
      await db
        .collection(String(data.collectionName))
        .drop({ writeConcern: { w: 'majority' } })
        .catch(() => false);
      if (data.createOptions) await db.createCollection(String(data.collectionName), data.createOptions as Document);
      const documents = data.documents as Document[];
      if (documents.length > 0) await db.collection(String(data.collectionName)).insertMany(documents, { writeConcern: { w: 'majority' } });
      else if (!data.createOptions) await db.createCollection(String(data.collectionName));
    }
    for (const entity of (file.createEntities ?? []) as Json[]) {
      const [kind, spec] = Object.entries(entity)[0] as [string, Json];
      if (kind === 'client') {
        const client = new MongoClient(uri, { monitorCommands: true, ...((spec.uriOptions ?? {}) as Json) });
        const entry: ClientEntity = {
          client,
          observe: new Set((spec.observeEvents ?? []) as string[]),
          ignore: new Set((spec.ignoreCommandMonitoringEvents ?? []) as string[]),
          events: [],
        };
        const record = (type: string) => (event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent) => {
          if (IGNORED_COMMANDS.has(event.commandName) || entry.ignore.has(event.commandName) || !entry.observe.has(type)) return;
          entry.events.push({ type, event });
        };
        client.on('commandStarted', record('commandStartedEvent'));
        client.on('commandSucceeded', record('commandSucceededEvent'));
        client.on('commandFailed', record('commandFailedEvent'));
        await client.connect();
        clients.push(entry);
        clientEntities.add(entry);
        entities.set(String(spec.id), entry);
        entities.set(`client:${String(spec.id)}`, client);
      } else if (kind === 'database') {
        const client = (entities.get(String(spec.client)) as ClientEntity).client;
        entities.set(String(spec.id), client.db(String(spec.databaseName), (spec.databaseOptions ?? {}) as Json));
      } else if (kind === 'collection') {
        const db = entities.get(String(spec.database)) as Db;
        entities.set(String(spec.id), db.collection(String(spec.collectionName), (spec.collectionOptions ?? {}) as Json));
      } else if (kind === 'session') {
        const client = (entities.get(String(spec.client)) as ClientEntity).client;
        entities.set(String(spec.id), client.startSession((spec.sessionOptions ?? {}) as Json));
      } else throw new Skip(`entity ${kind}`);
    }
    for (const entry of clients) entry.events.length = 0;
    for (const operation of test.operations as Json[]) {
      let result: unknown;
      let error: unknown;
      try {
        result = await runOperation(operation, entities);
      } catch (caught) {
        if (caught instanceof Skip) throw caught;
        error = caught;
      }
      const label = `${String(operation.object)}.${String(operation.name)}`;
      if (operation.expectError) {
        if (!error) throw new Error(`${label}: expected an error, got ${EJSON.stringify(result as never)}`);
        const problem = checkError(operation.expectError as Json, error, entities);
        if (problem) throw new Error(`${label}: ${problem}`);
        continue;
      }
      if (error && !operation.ignoreResultAndError) throw new Error(`${label}: ${(error as Error).message}`);
      if (operation.saveResultAsEntity) entities.set(String(operation.saveResultAsEntity), result);
      if (operation.expectResult !== undefined) {
        const problem = match(operation.expectResult, result, true, label, entities);
        if (problem) throw new Error(problem);
      }
    }
    for (const expected of (test.expectEvents ?? []) as Json[]) {
      if (expected.eventType && expected.eventType !== 'command') continue;
      const entry = entities.get(String(expected.client)) as ClientEntity;
      const actual = entry.events;
      const wanted = expected.events as Json[];
      if (expected.ignoreExtraEvents ? actual.length < wanted.length : actual.length !== wanted.length) {
        throw new Error(
          `events: expected ${wanted.length}, got ${actual.length} (${actual.map((e) => `${e.type}:${e.event.commandName}`).join(' ')})`,
        );
      }
      wanted.forEach((want, i) => {
        const [type, spec] = Object.entries(want)[0] as [string, Json];
        const got = actual[i];
        if (got.type !== type) throw new Error(`event ${i}: expected ${type}, got ${got.type}:${got.event.commandName}`);
        if (spec.commandName && spec.commandName !== got.event.commandName)
          throw new Error(`event ${i}: expected ${String(spec.commandName)}, got ${got.event.commandName}`);
        if (spec.databaseName && spec.databaseName !== (got.event as CommandStartedEvent).databaseName)
          throw new Error(`event ${i}: database`);
        if (spec.command) {
          const problem = match(spec.command, (got.event as CommandStartedEvent).command, true, `event ${i} command`, entities);
          if (problem) throw new Error(problem);
        }
        if (spec.reply) {
          const problem = match(spec.reply, (got.event as CommandSucceededEvent).reply, true, `event ${i} reply`, entities);
          if (problem) throw new Error(problem);
        }
      });
    }
    for (const outcome of (test.outcome ?? []) as Json[]) {
      const docs = await setup
        .db(String(outcome.databaseName))
        .collection(String(outcome.collectionName))
        .find({}, { sort: { _id: 1 } })
        .toArray();
      const problem = match(outcome.documents, docs, false, `outcome ${String(outcome.collectionName)}`, entities);
      if (problem) throw new Error(problem);
    }
  } finally {
    for (const entry of clients) await entry.client.close();
    await setup.close();
  }
}

const [checkout, only] = process.argv.slice(2);
if (!checkout) {
  console.error('usage: npx tsx bench/crud-spec.ts <path to a mongodb/specifications checkout> [file-substring]');
  process.exit(2);
}
const directory = join(checkout, 'source/crud/tests/unified');
const server = process.env.MONGODB_URI ? undefined : await startEmbeddedMongo();
const uri = process.env.MONGODB_URI ?? (server as { uri: string }).uri;
const totals = { files: 0, passedFiles: 0, passed: 0, failed: 0, skipped: 0, driver: 0 };
for (const name of readdirSync(directory)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  if (only && !name.includes(only)) continue;
  const file = EJSON.parse(readFileSync(join(directory, name), 'utf8'), { relaxed: true }) as Json;
  const fileReason = unmet(file.runOnRequirements as Json[] | undefined);
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const test of file.tests as Json[]) {
    const divergence = DRIVER_DIVERGENCES.find(([f, description]) => f === name && description.test(String(test.description)));
    const reason =
      fileReason ?? divergence?.[2] ?? (test.skipReason ? String(test.skipReason) : unmet(test.runOnRequirements as Json[] | undefined));
    if (divergence && !fileReason) {
      lines.push(`    skip ${String(test.description)}: ${divergence[2]}`);
      totals.driver++;
    }
    if (reason) {
      skipped++;
      continue;
    }
    try {
      await runTest(file, test, uri);
      passed++;
    } catch (error) {
      if (error instanceof Skip) {
        skipped++;
        lines.push(`    skip ${String(test.description)}: ${error.message}`);
        continue;
      }
      failed++;
      lines.push(`    FAIL ${String(test.description)}: ${(error as Error).message.slice(0, 400)}`);
    }
  }
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (passed + failed === 0) {
    console.log(`skip ${name}${fileReason ? ` (${fileReason})` : ''}${lines.length ? `: ${lines.join(' ').trim()}` : ''}`);
    continue;
  }
  totals.files++;
  if (failed === 0) totals.passedFiles++;
  console.log(`${failed === 0 ? 'pass' : 'FAIL'} ${name}: ${passed}/${passed + failed}${skipped ? ` (${skipped} skipped)` : ''}`);
  for (const line of lines) console.log(line);
}
console.log(
  `\n${totals.passedFiles}/${totals.files} files pass; tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped (${totals.driver} Node.js driver divergences; the rest not for a 7.0 standalone, or needing a fail point or client.bulkWrite)`,
);
await server?.stop();
