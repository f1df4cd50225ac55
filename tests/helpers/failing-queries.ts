/**
 * Queries that go wrong in every way a query can — in a resolver, in null propagation, in variable
 * coercion — each with its variables; for tests that compare two ways of answering.
 */
export const FAILING_QUERIES: Array<[name: string, query: string, variables: Record<string, unknown>]> = [
  ['a resolver refuses its arguments', '{ person(id: "x", slug: "y") { name } }', {}],
  ['an unknown node id', '{ node(id: "bm90LWFuLWlk") { id } }', {}],
  ['a page size out of range, nested', '{ people(first: 2) { nodes { name statements(first: -1) { totalCount } } } }', {}],
  ['first and last together', '{ articles(first: 1, last: 1) { totalCount } }', {}],
  ['a variable of the wrong type', 'query Q($n: Int!) { people(first: $n) { totalCount } }', { n: 'ten' }],
  ['a missing required variable', 'query Q($n: Int!) { people(first: $n) { totalCount } }', {}],
  [
    'an aliased failing field beside a good one',
    '{ good: people(first: 1) { totalCount } bad: people(first: 1, last: 1) { totalCount } }',
    {},
  ],
];
