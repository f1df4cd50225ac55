/**
 * `npx tsx bench/unified-spec.ts <specifications checkout> [spec…] [--only=substring]`: runs MongoDB's
 * unified-format specification tests (github.com/mongodb/specifications, read at run time and never
 * copied here) against the embedded server started with test commands enabled — as a one-node replica
 * set, and as a standalone for tests that accept only `single` — or against `MONGODB_URI` when set.
 * Specs: crud, transactions, transactions-convenient-api, change-streams, retryable-writes, sessions
 * (all by default). Prints pass/fail per file and pass/fail/skip counts per directory.
 *
 * Skipped, with the reason printed: tests whose runOnRequirements a 7.0 replica set or standalone does
 * not meet (sharded, load-balanced, other versions, serverless, auth), tests using an operation or
 * entity this runner does not implement, and tests the Node.js driver itself cannot pass whatever the
 * server (DRIVER_DIVERGENCES).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, EJSON } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/embedded-mongo/index.js';
import { Entities, Skip } from './unified/entities.js';
import { type Json, match } from './unified/matching.js';
import { type RunContext, runChecked } from './unified/operations.js';
import { type Topology, topologiesFor } from './unified/requirements.js';

/** A hang guard: a test that waits this long on a change stream or a blocked command has failed. */
const TEST_TIMEOUT_MS = 30_000;

const SPEC_DIRECTORIES: Record<string, string> = {
  crud: 'source/crud/tests/unified',
  transactions: 'source/transactions/tests/unified',
  'transactions-convenient-api': 'source/transactions-convenient-api/tests/unified',
  'change-streams': 'source/change-streams/tests/unified',
  'retryable-writes': 'source/retryable-writes/tests/unified',
  sessions: 'source/sessions/tests',
};

/**
 * Tests the Node.js driver itself does not pass whatever the server, reported apart with the reason.
 */
const DRIVER_DIVERGENCES: Array<[file: string, description: RegExp, reason: string]> = [
  [
    'bypassDocumentValidation.json',
    /^(Aggregate with \$out|BulkWrite|FindOneAndReplace|FindOneAndUpdate|InsertMany) passes bypassDocumentValidation: false$/,
    'the Node.js driver omits bypassDocumentValidation: false here',
  ],
  ['create-null-ids.json', /inserting _id with type null via (insertOne|insertMany|bulkWrite)$/, 'the Node.js driver replaces a null _id'],
  [
    'bulkWrite.json',
    /^First insertOne is never committed$/,
    "the Node.js driver's partial result lists the _ids it sent (no reply came: the connection was closed)",
  ],
  [
    'transaction-options.json',
    /^readPreference inherited from client$/,
    "the Node.js driver connects by selecting a server with the client's readPreference (secondary): none in a one-node set",
  ],
  [
    'run-command.json',
    /^run command with secondary read preference in client option/,
    "the Node.js driver connects by selecting a server with the client's readPreference (secondary): none in a one-node set",
  ],
];

async function loadInitialData(setup: MongoClient, file: Json): Promise<void> {
  for (const data of (file.initialData ?? []) as Json[]) {
    const db = setup.db(String(data.databaseName));
    const name = String(data.collectionName);
    await db
      .collection(name)
      .drop({ writeConcern: { w: 'majority' } })
      .catch(() => false);
    if (data.createOptions) await db.createCollection(name, { ...(data.createOptions as Document), writeConcern: { w: 'majority' } });
    const documents = data.documents as Document[];
    if (documents.length > 0) await db.collection(name).insertMany(documents, { writeConcern: { w: 'majority' } });
    else if (!data.createOptions) await db.createCollection(name, { writeConcern: { w: 'majority' } });
  }
}

/**
 * The Node.js driver adds `wtimeout: 10000` to the write concern of every commitTransaction and
 * abortTransaction that has one (the specification asks for it on retried commits only). The runner
 * takes that default back out before matching, as no server behaviour depends on it.
 */
function withoutDriverWtimeout(command: Json): Json {
  const wc = command.writeConcern as Json | undefined;
  if ((command.commitTransaction === undefined && command.abortTransaction === undefined) || wc?.wtimeout !== 10_000) return command;
  const { wtimeout: _dropped, ...rest } = wc;
  return { ...command, writeConcern: rest };
}

function checkEvents(test: Json, ctx: RunContext): void {
  for (const expected of (test.expectEvents ?? []) as Json[]) {
    const eventType = String(expected.eventType ?? 'command');
    if (eventType === 'sdam') throw new Skip('sdam events');
    const entry = ctx.entities.client(expected.client);
    const actual = entry.events.filter((e) => (eventType === 'command') === e.type.startsWith('command'));
    const wanted = expected.events as Json[];
    const list = actual.map((e) => `${e.type}:${(e.event as { commandName?: string }).commandName ?? ''}`).join(' ');
    if (expected.ignoreExtraEvents ? actual.length < wanted.length : actual.length !== wanted.length) {
      throw new Error(`events: expected ${wanted.length}, got ${actual.length} (${list})`);
    }
    wanted.forEach((want, i) => {
      const [type, spec] = Object.entries(want)[0] as [string, Json];
      const got = actual[i];
      const event = got.event as Json;
      if (got.type !== type) throw new Error(`event ${i}: expected ${type}, got ${got.type}:${String(event.commandName)} (${list})`);
      if (spec.commandName && spec.commandName !== event.commandName)
        throw new Error(`event ${i}: expected ${String(spec.commandName)}, got ${String(event.commandName)} (${list})`);
      if (spec.databaseName && spec.databaseName !== event.databaseName)
        throw new Error(`event ${i}: database ${String(event.databaseName)}`);
      for (const field of ['command', 'reply'] as const) {
        if (spec[field] === undefined) continue;
        const wantsWtimeout = JSON.stringify(spec[field]).includes('wtimeout');
        const value = field === 'command' && !wantsWtimeout ? withoutDriverWtimeout(event.command as Json) : event[field];
        const problem = match(spec[field], value, true, `event ${i} ${field}`, ctx.entities);
        if (problem) throw new Error(`${problem} in ${EJSON.stringify(value as never).slice(0, 300)}`);
      }
    });
  }
}

async function runTest(file: Json, test: Json, uri: string): Promise<void> {
  const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  const ctx: RunContext = { entities: new Entities(uri), internal, failPoints: [] };
  try {
    // A transaction left open by an earlier test would hold its documents.
    await internal
      .db('admin')
      .command({ killAllSessions: [] })
      .catch(() => undefined);
    await loadInitialData(internal, file);
    await ctx.entities.create((file.createEntities ?? []) as Json[]);
    for (const entry of ctx.entities.clients) entry.events.length = 0;
    for (const operation of test.operations as Json[]) {
      try {
        await runChecked(operation, ctx);
      } catch (error) {
        if (error instanceof Skip) throw error;
        const label = `${String(operation.object)}.${String(operation.name)}`;
        const message = (error as Error).message;
        throw new Error(message.startsWith(label) ? message : `${label}: ${message}`);
      }
    }
    checkEvents(test, ctx);
    for (const outcome of (test.outcome ?? []) as Json[]) {
      const docs = await internal
        .db(String(outcome.databaseName))
        .collection(String(outcome.collectionName))
        .find({}, { sort: { _id: 1 }, readConcern: { level: 'local' } })
        .toArray();
      const problem = match(outcome.documents, docs, false, `outcome ${String(outcome.collectionName)}`, ctx.entities);
      if (problem) throw new Error(problem);
    }
  } finally {
    for (const { name } of ctx.failPoints) {
      await internal
        .db('admin')
        .command({ configureFailPoint: name, mode: 'off' })
        .catch(() => undefined);
    }
    await ctx.entities.close();
    await internal.close();
  }
}

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

async function runDirectory(directory: string, uris: Record<Topology, string>, only: string | undefined): Promise<Totals> {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  const offered = (Object.keys(uris) as Topology[]).filter((t) => uris[t]);
  for (const name of readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    if (only && !name.includes(only)) continue;
    const file = EJSON.parse(readFileSync(join(directory, name), 'utf8'), { relaxed: true }) as Json;
    if (!file.tests || !file.schemaVersion) continue;
    const fileChoice = topologiesFor(file.runOnRequirements as Json[] | undefined, offered);
    const lines: string[] = [];
    const counts: Totals = { passed: 0, failed: 0, skipped: 0 };
    for (const test of file.tests as Json[]) {
      const description = String(test.description);
      const divergence = DRIVER_DIVERGENCES.find(([f, pattern]) => f === name && pattern.test(description));
      const testChoice = fileChoice.reason
        ? fileChoice
        : topologiesFor(test.runOnRequirements as Json[] | undefined, fileChoice.topologies ?? []);
      const reason = fileChoice.reason ?? divergence?.[2] ?? (test.skipReason ? String(test.skipReason) : testChoice.reason);
      if (reason) {
        counts.skipped++;
        if (!fileChoice.reason) lines.push(`    skip ${description}: ${reason}`);
        continue;
      }
      try {
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no result after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
        });
        await Promise.race([runTest(file, test, uris[(testChoice.topologies as Topology[])[0]]), hung]).finally(() => clearTimeout(timer));
        counts.passed++;
      } catch (error) {
        if (error instanceof Skip) {
          counts.skipped++;
          lines.push(`    skip ${description}: ${error.message}`);
          continue;
        }
        counts.failed++;
        lines.push(`    FAIL ${description}: ${(error as Error).message.slice(0, 500)}`);
      }
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    const ran = counts.passed + counts.failed;
    if (ran === 0) {
      console.log(`  skip ${name}${fileChoice.reason ? ` (${fileChoice.reason})` : ''}`);
    } else {
      console.log(
        `  ${counts.failed === 0 ? 'pass' : 'FAIL'} ${name}: ${counts.passed}/${ran}${counts.skipped ? ` (${counts.skipped} skipped)` : ''}`,
      );
    }
    for (const line of lines) console.log(line);
  }
  return totals;
}

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const [checkout, ...requested] = positional;
if (!checkout) {
  console.error(
    `usage: npx tsx bench/unified-spec.ts <mongodb/specifications checkout> [${Object.keys(SPEC_DIRECTORIES).join('|')}…] [--only=file-substring]`,
  );
  process.exit(2);
}
const specs = requested.length > 0 ? requested : Object.keys(SPEC_DIRECTORIES);
const unknown = specs.filter((spec) => !SPEC_DIRECTORIES[spec]);
if (unknown.length > 0) {
  console.error(`unknown spec ${unknown.join(', ')}; known: ${Object.keys(SPEC_DIRECTORIES).join(', ')}`);
  process.exit(2);
}
const external = process.env.MONGODB_URI;
const replicaSet = external ? undefined : await startEmbeddedMongo({ enableTestCommands: true });
const standalone = external ? undefined : await startEmbeddedMongo({ standalone: true, enableTestCommands: true });
const uris = external
  ? ({ replicaset: external, single: '' } as Record<Topology, string>)
  : { replicaset: (replicaSet as { uri: string }).uri, single: (standalone as { uri: string }).uri };
const summary: string[] = [];
let failures = 0;
for (const spec of specs) {
  const directory = join(checkout, SPEC_DIRECTORIES[spec]);
  if (!existsSync(directory)) {
    console.error(`missing ${directory}`);
    process.exit(2);
  }
  console.log(`${spec} (${SPEC_DIRECTORIES[spec]})`);
  const totals = await runDirectory(directory, uris, only);
  failures += totals.failed;
  summary.push(
    `${spec.padEnd(28)} ${String(totals.passed).padStart(4)} passed ${String(totals.failed).padStart(4)} failed ${String(totals.skipped).padStart(4)} skipped`,
  );
}
console.log(`\n${summary.join('\n')}`);
await replicaSet?.stop();
await standalone?.stop();
process.exit(failures > 0 ? 1 : 0);
