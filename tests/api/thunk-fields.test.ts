/**
 * The compiled executor reads every field without a resolver as a plain property, except the
 * fields in THUNK_FIELDS, which keep graphql-js's default resolver (it calls a property that holds a
 * function). That is only graphql-js's meaning if no other field ever holds a function. This runs
 * graphql-js with a default resolver that notes every field whose value is a function, over queries
 * that select every field reachable without required arguments (four levels deep, from every root
 * field of Query), plus the README examples and the benchmark queries, on the demo data.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  defaultFieldResolver,
  execute,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/scenarios.js';
import { makeContext } from '../../src/context.js';
import { readWriteCollections } from '../../src/db/collections.js';
import { THUNK_FIELDS } from '../../src/execution/compiled-execution.js';
import { resolvers } from '../../src/resolvers/index.js';
import { typeDefs } from '../../src/schema.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';
import { README_QUERIES as readmeQueries } from '../helpers/readme-queries.js';

const schema = makeExecutableSchema({ typeDefs, resolvers });
/** `Type.field` of every value read by the default resolver that was a function. */
const thunks = new Set<string>();
for (const type of Object.values(schema.getTypeMap())) {
  if (!isObjectType(type) || type.name.startsWith('__')) continue;
  for (const field of Object.values(type.getFields())) {
    if (field.resolve) continue;
    field.resolve = (source, args, context, info) => {
      if (typeof (source as Record<string, unknown> | null)?.[info.fieldName] === 'function') thunks.add(`${type.name}.${info.fieldName}`);
      return defaultFieldResolver(source, args, context, info);
    };
  }
}

const callable = (field: GraphQLField<unknown, unknown>) =>
  field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);

/** Every field reachable without required arguments, aliased by type so that fragments never conflict. */
function selection(type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (depth === 0) return '{ __typename }';
  if (isAbstractType(type))
    return `{ __typename ${schema
      .getPossibleTypes(type)
      .map((member) => `... on ${member.name} ${selection(member, depth)}`)
      .join(' ')} }`;
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter(callable);
  return `{ ${fields.map((f) => `${type.name}_${f.name}: ${f.name} ${selection(getNamedType(f.type), depth - 1)}`).join(' ')} }`;
}

const queryType = schema.getQueryType();
if (!queryType) throw new Error('no Query type');
const rootQueries = [
  ...Object.values(queryType.getFields())
    .filter(callable)
    .map((field) => `{ ${field.name} ${selection(getNamedType(field.type), 4)} }`),
  `{ search(query: "Karelina") ${selection(getNamedType(queryType.getFields().search.type), 4)} }`,
];

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('fields that hold functions', () => {
  it('are only the thunk fields the compiled executor resolves', async () => {
    const runs: Array<[string, Record<string, unknown>]> = [
      ...rootQueries.map((q): [string, Record<string, unknown>] => [q, {}]),
      ...readmeQueries.map((q): [string, Record<string, unknown>] => [q, {}]),
      ...SCENARIOS.filter((s) => !s.mutation).map((s): [string, Record<string, unknown>] => [s.query, s.variables(10, { excerpt: '' })]),
    ];
    let answered = 0;
    for (const [query, variables] of runs) {
      const document = parse(query);
      expect(validate(schema, document)).toEqual([]);
      const contextValue = makeContext(readWriteCollections(api.db.client, api.db.databaseName, { w: 'majority' }));
      const result = await execute({ schema, document, variableValues: variables, contextValue });
      if (result.data) answered++;
    }
    expect(answered).toBeGreaterThan(rootQueries.length);
    // The probe sees the thunks it is there to see…
    expect([...thunks].some((where) => where.endsWith('.totalCount'))).toBe(true);
    // …and none elsewhere.
    expect([...thunks].filter((where) => !THUNK_FIELDS.has(where.split('.')[1]))).toEqual([]);
  });
});
