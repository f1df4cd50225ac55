/**
 * graphql-jit and graphql-js give the same answers: every README example and every benchmark query
 * (at 1, 10 and 100 items), plus queries that fail in resolvers, in null propagation and in variable
 * coercion, run through both executors (src/execution/compiled-execution.ts) with fresh per-request
 * contexts, and their results — data, error messages, paths, locations, extensions — must be equal.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { type ExecutionResult, getOperationAST, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/scenarios.js';
import { seedSynthetic, syntheticDatabaseName } from '../../seed/synthetic.js';
import { makeContext } from '../../src/context.js';
import { readWriteCollections } from '../../src/db/collections.js';
import { compiledExecutor, type Executor, interpretedExecutor } from '../../src/execution/compiled-execution.js';
import { resolvers } from '../../src/resolvers/index.js';
import { typeDefs } from '../../src/schema.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';
import { FAILING_QUERIES } from '../helpers/failing-queries.js';
import { README_QUERIES as readmeQueries } from '../helpers/readme-queries.js';

const schema = makeExecutableSchema({ typeDefs, resolvers });
const executors: Record<string, Executor> = { compiled: compiledExecutor(schema), interpreted: interpretedExecutor(schema) };

let api: ApiHarness;
const syntheticName = syntheticDatabaseName(1);
beforeAll(async () => {
  api = await startApi();
  await seedSynthetic(api.db.client.db(syntheticName), 1);
});
afterAll(() => api.stop());

/** A result as a client would see its content: JSON, errors reduced to what formatting reads. */
function comparable(result: ExecutionResult): string {
  return JSON.stringify({
    data: result.data,
    errors: result.errors?.map((e) => ({
      message: e.message,
      locations: e.locations,
      path: e.path,
      extensions: e.extensions,
      original: e.originalError?.message,
    })),
  });
}

async function both(databaseName: string, query: string, variables: Record<string, unknown>) {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const results: Record<string, string> = {};
  for (const [name, executor] of Object.entries(executors)) {
    // Run twice: the first run compiles, the second uses the compiled query kept for the document.
    for (let run = 0; run < 2; run++) {
      const contextValue = makeContext(readWriteCollections(api.db.client, databaseName, { w: 'majority' }));
      const result = await executor({
        document,
        operation: getOperationAST(document) ?? undefined,
        operationName: undefined,
        variables,
        contextValue,
      });
      results[`${name} ${run}`] = comparable(result);
    }
  }
  return results;
}

describe('compiled and interpreted execution give the same results', () => {
  it('has README examples and bench queries to compare', () => {
    expect(readmeQueries.length).toBeGreaterThanOrEqual(5);
    expect(SCENARIOS.filter((s) => !s.mutation).length).toBeGreaterThanOrEqual(7);
  });

  it.each(readmeQueries.map((query, i) => [i + 1, query]))('README example %i', async (_n, query) => {
    const results = await both(api.db.databaseName, query as string, {});
    expect(results['compiled 0']).toContain('"data":{');
    for (const result of Object.values(results)) expect(result).toBe(results['interpreted 0']);
  });

  const reads = SCENARIOS.filter((s) => !s.mutation);
  it.each(reads.flatMap((s) => [1, 10, 100].map((size) => [s.name, size] as const)))('bench query %s at %i items', async (name, size) => {
    const scenario = reads.find((s) => s.name === name);
    if (!scenario) throw new Error(name);
    const results = await both(syntheticName, scenario.query, scenario.variables(size, { excerpt: '' }));
    expect(scenario.check(results['interpreted 0'])).toBe(true);
    for (const result of Object.values(results)) expect(result).toBe(results['interpreted 0']);
  });

  it.each(FAILING_QUERIES)('%s', async (_name, query, variables) => {
    const results = await both(api.db.databaseName, query, variables);
    expect(results['interpreted 0']).toContain('"errors":[{');
    for (const result of Object.values(results)) expect(result).toBe(results['interpreted 0']);
  });
});
