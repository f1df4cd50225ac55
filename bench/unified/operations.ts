/**
 * The operations of the unified test format this runner supports: CRUD on collections, database and
 * client commands, sessions and transactions (incl. withTransaction), change streams, and the test
 * runner's own operations (fail points, session and catalog assertions). Anything else is a Skip.
 */
import { type Document, EJSON } from 'bson';
import {
  type ChangeStream,
  type ClientSession,
  type Collection,
  type Db,
  MongoBulkWriteError,
  type MongoClient,
  MongoError,
  MongoServerError,
} from 'mongodb';
import { ClientEntity, type Entities, Skip } from './entities.js';
import { type Json, match } from './matching.js';

export interface RunContext {
  entities: Entities;
  /** The runner's own client, for fail points to switch off and assertions on the catalog. */
  internal: MongoClient;
  failPoints: Array<{ client: MongoClient; name: string }>;
}

/** The driver's transaction states as the format names them. */
const TRANSACTION_STATE: Record<string, string> = {
  NO_TRANSACTION: 'none',
  STARTING_TRANSACTION: 'starting',
  TRANSACTION_IN_PROGRESS: 'in_progress',
  TRANSACTION_COMMITTED: 'committed',
  TRANSACTION_COMMITTED_EMPTY: 'committed',
  TRANSACTION_ABORTED: 'aborted',
};

function options(args: Json, ctx: RunContext, omit: string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(args)) {
    if (omit.includes(key)) continue;
    if (key === 'session') out.session = ctx.entities.session(value);
    else if (key === 'returnDocument') out.returnDocument = String(value).toLowerCase();
    else out[key] = value;
  }
  return out;
}

const isDb = (value: unknown): value is Db => value !== null && typeof value === 'object' && value.constructor?.name === 'Db';
const isCollection = (value: unknown): value is Collection =>
  value !== null && typeof value === 'object' && value.constructor?.name === 'Collection';
const isChangeStream = (value: unknown): value is ChangeStream =>
  value !== null && typeof value === 'object' && value.constructor?.name === 'ChangeStream';

/** Opens a change stream now (the driver sends its aggregate lazily), as the format expects. */
async function openChangeStream(stream: ChangeStream): Promise<ChangeStream> {
  await (stream as unknown as { cursor: { cursorInit(): Promise<void> } }).cursor.cursorInit();
  return stream;
}

export async function runOperation(operation: Json, ctx: RunContext): Promise<unknown> {
  const args = (operation.arguments ?? {}) as Json;
  const name = String(operation.name);
  if (operation.object === 'testRunner') return runTestRunnerOperation(name, args, ctx);
  const target = ctx.entities.get(String(operation.object));
  const o = (...omit: string[]) => options(args, ctx, omit);
  if (target instanceof ClientEntity) {
    const client = target.client;
    switch (name) {
      case 'listDatabases':
        return (await client.db('admin').admin().listDatabases(o())).databases;
      case 'listDatabaseNames':
        return (
          await client
            .db('admin')
            .admin()
            .listDatabases({ ...o(), nameOnly: true })
        ).databases.map((d) => d.name);
      case 'createChangeStream':
        return openChangeStream(client.watch((args.pipeline ?? []) as Document[], o('pipeline')));
      default:
        throw new Skip(`client.${name}`);
    }
  }
  if (isDb(target)) {
    const db = target;
    switch (name) {
      case 'aggregate':
        return db.aggregate(args.pipeline as Document[], o('pipeline')).toArray();
      case 'createCollection':
        await db.createCollection(String(args.collection), o('collection'));
        return undefined;
      case 'dropCollection':
        return db.dropCollection(String(args.collection), o('collection'));
      case 'modifyCollection':
        return db.command({ collMod: args.collection, ...o('collection') });
      case 'runCommand':
        return db.command(args.command as Document, o('command', 'commandName'));
      case 'listCollections':
        return db.listCollections((args.filter ?? {}) as Document, o('filter')).toArray();
      case 'listCollectionNames':
        return (await db.listCollections((args.filter ?? {}) as Document, { ...o('filter'), nameOnly: true }).toArray()).map((c) => c.name);
      case 'createChangeStream':
        return openChangeStream(db.watch((args.pipeline ?? []) as Document[], o('pipeline')));
      default:
        throw new Skip(`database.${name}`);
    }
  }
  if (isCollection(target)) return runCollectionOperation(target, name, args, o);
  if (isChangeStream(target)) {
    switch (name) {
      case 'iterateUntilDocumentOrError':
        return target.next();
      case 'iterateOnce':
        return target.tryNext();
      case 'close':
        await target.close();
        return undefined;
      default:
        throw new Skip(`changeStream.${name}`);
    }
  }
  if (target && typeof target === 'object' && 'withTransaction' in target)
    return runSessionOperation(target as ClientSession, name, args, ctx);
  throw new Skip(`${String(operation.object)}.${name}`);
}

function runCollectionOperation(coll: Collection, name: string, args: Json, o: (...omit: string[]) => Json): Promise<unknown> {
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
    case 'dropIndex':
      return coll.dropIndex(String(args.name), o('name'));
    case 'listIndexes':
      return coll.listIndexes(o()).toArray();
    case 'rename':
      return coll.rename(String(args.to), o('to')).then(() => undefined);
    case 'drop':
      return coll.drop(o());
    case 'createChangeStream':
      return openChangeStream(coll.watch((args.pipeline ?? []) as Document[], o('pipeline')));
    default:
      throw new Skip(`collection.${name}`);
  }
}

async function runSessionOperation(session: ClientSession, name: string, args: Json, ctx: RunContext): Promise<unknown> {
  switch (name) {
    case 'startTransaction':
      session.startTransaction(args as Document);
      return undefined;
    case 'commitTransaction':
      await session.commitTransaction();
      return undefined;
    case 'abortTransaction':
      await session.abortTransaction();
      return undefined;
    case 'endSession':
      await session.endSession();
      return undefined;
    case 'withTransaction': {
      const { callback, ...transactionOptions } = args;
      return session.withTransaction(async () => {
        // Errors propagate out of the callback (after their checks), so the driver retries or aborts.
        for (const step of callback as Json[]) await runChecked(step, ctx, true);
      }, transactionOptions as Document);
    }
    default:
      throw new Skip(`session.${name}`);
  }
}

async function configureFailPoint(client: MongoClient, failPoint: Json, ctx: RunContext): Promise<void> {
  await client.db('admin').command(failPoint);
  ctx.failPoints.push({ client, name: String(failPoint.configureFailPoint) });
}

async function collectionNames(ctx: RunContext, args: Json): Promise<string[]> {
  const found = await ctx.internal.db(String(args.databaseName)).listCollections({}, { nameOnly: true }).toArray();
  return found.map((c) => c.name);
}

async function indexNames(ctx: RunContext, args: Json): Promise<string[]> {
  const found = await ctx.internal.db(String(args.databaseName)).collection(String(args.collectionName)).listIndexes().toArray();
  return found.map((index) => String(index.name));
}

function lastTwoLsids(ctx: RunContext, args: Json): [string, string] {
  const started = ctx.entities.client(args.client).started;
  if (started.length < 2) throw new Error('fewer than two commands were started');
  const [a, b] = started.slice(-2).map((event) => EJSON.stringify(event.command.lsid as never));
  return [a, b];
}

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function runTestRunnerOperation(name: string, args: Json, ctx: RunContext): Promise<unknown> {
  switch (name) {
    case 'failPoint':
      await configureFailPoint(ctx.entities.client(args.client).client, args.failPoint as Json, ctx);
      return undefined;
    case 'targetedFailPoint': {
      const session = ctx.entities.session(args.session);
      // On a replica set a session is never pinned: the fail point goes to the one primary.
      await configureFailPoint(ctx.entities.clientOf(session).client, args.failPoint as Json, ctx);
      return undefined;
    }
    case 'assertSessionTransactionState': {
      // The driver keeps the state on an internal field the public typings leave out.
      const session = ctx.entities.session(args.session) as unknown as { transaction: { state: string } };
      const state = TRANSACTION_STATE[session.transaction.state];
      assert(state === args.state, `session transaction state ${state}, expected ${String(args.state)}`);
      return undefined;
    }
    case 'assertSessionPinned':
    case 'assertSessionUnpinned': {
      const pinned = ctx.entities.session(args.session).isPinned;
      assert(pinned === (name === 'assertSessionPinned'), `session ${pinned ? 'pinned' : 'unpinned'}`);
      return undefined;
    }
    case 'assertSessionDirty':
    case 'assertSessionNotDirty': {
      const dirty = ctx.entities.session(args.session).serverSession?.isDirty === true;
      assert(dirty === (name === 'assertSessionDirty'), `session ${dirty ? 'dirty' : 'not dirty'}`);
      return undefined;
    }
    case 'assertSameLsidOnLastTwoCommands': {
      const [a, b] = lastTwoLsids(ctx, args);
      assert(a === b, `lsids differ: ${a} ${b}`);
      return undefined;
    }
    case 'assertDifferentLsidOnLastTwoCommands': {
      const [a, b] = lastTwoLsids(ctx, args);
      assert(a !== b, `same lsid ${a}`);
      return undefined;
    }
    case 'assertCollectionExists':
    case 'assertCollectionNotExists': {
      const exists = (await collectionNames(ctx, args)).includes(String(args.collectionName));
      assert(exists === (name === 'assertCollectionExists'), `collection ${String(args.collectionName)} ${exists ? 'exists' : 'missing'}`);
      return undefined;
    }
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      const exists = (await indexNames(ctx, args).catch((): string[] => [])).includes(String(args.indexName));
      assert(exists === (name === 'assertIndexExists'), `index ${String(args.indexName)} ${exists ? 'exists' : 'missing'}`);
      return undefined;
    }
    case 'createEntities':
      await ctx.entities.create(args.entities as Json[]);
      return undefined;
    case 'wait':
      await new Promise((resolve) => setTimeout(resolve, Number(args.ms)));
      return undefined;
    default:
      throw new Skip(`testRunner.${name}`);
  }
}

export function checkError(expected: Json, error: unknown, ctx: RunContext): string | undefined {
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
  const labels = error instanceof MongoError ? error.errorLabels : [];
  for (const label of (expected.errorLabelsContain ?? []) as string[]) {
    if (!labels.includes(label)) return `expected label ${label}, got [${labels.join(',')}] (${e.message})`;
  }
  for (const label of (expected.errorLabelsOmit ?? []) as string[]) {
    if (labels.includes(label)) return `unexpected label ${label} (${e.message})`;
  }
  if (expected.errorResponse !== undefined) {
    const problem = match(expected.errorResponse, e.errorResponse ?? e, true, 'errorResponse', ctx.entities);
    if (problem) return problem;
  }
  if (expected.expectResult !== undefined && error instanceof MongoBulkWriteError) {
    const problem = match(expected.expectResult, error.result, true, 'partialResult', ctx.entities);
    if (problem) return problem;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor?.name !== 'Object') {
    return `a ${value.constructor?.name}`;
  }
  return EJSON.stringify(value as never);
}

/** Runs one operation and checks its expectError / expectResult; a failed check throws. */
export async function runChecked(operation: Json, ctx: RunContext, rethrow = false): Promise<void> {
  let result: unknown;
  let error: unknown;
  try {
    result = await runOperation(operation, ctx);
  } catch (caught) {
    if (caught instanceof Skip) throw caught;
    error = caught;
  }
  const label = `${String(operation.object)}.${String(operation.name)}`;
  if (operation.expectError) {
    if (!error) throw new Error(`${label}: expected an error, got ${describe(result)}`);
    const problem = checkError(operation.expectError as Json, error, ctx);
    if (problem) throw new Error(`${label}: ${problem}`);
    if (rethrow) throw error;
    return;
  }
  if (error) {
    if (operation.ignoreResultAndError && !rethrow) return;
    // Inside withTransaction the driver must see the operation's own error, to retry or abort.
    throw error;
  }
  if (operation.saveResultAsEntity) ctx.entities.set(String(operation.saveResultAsEntity), result);
  if (operation.expectResult !== undefined) {
    const problem = match(operation.expectResult, result, true, label, ctx.entities);
    if (problem) throw new Error(problem);
  }
}
