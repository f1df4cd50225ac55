/**
 * The benchmark scenarios: real client queries with their variables, each with a check that a
 * response body carries the expected data and no errors. Sizes (`first`) are parameters so the
 * command count can be measured at 1, 10 and 100 items.
 */
/**
 * Values read from the synthetic database that scenarios need (a verbatim excerpt for the mutation).
 * The mutation writes under person 299 and article 99, which no read scenario looks at, so load on
 * it does not change what the read scenarios measure.
 */
export interface Fixtures {
  excerpt: string;
}

export interface Scenario {
  name: string;
  query: string;
  variables: (size: number, fixtures: Fixtures) => Record<string, unknown>;
  /** True when the body is a complete, error-free answer. */
  check: (body: string) => boolean;
  mutation?: boolean;
}

const ok = (key: string) => (body: string) => !body.includes('"errors"') && body.includes(`"${key}":`);

export const SCENARIOS: Scenario[] = [
  {
    name: 'article reader',
    query: `query ArticleReader($slug: String!, $n: Int!) {
  article(slug: $slug) {
    headline publishedAt
    paragraphs { index text }
    statements(first: $n) { nodes { text kind saidOn speaker { name roles { title } } } }
    exchanges { date releases { releasedBy releasedTo person { name } } }
  }
}`,
    variables: (n) => ({ slug: 'synthetic-article-5', n }),
    check: (body) => ok('article')(body) && body.includes('"statements":{"nodes":[{'),
  },
  {
    name: 'people page',
    query: `query PeoplePage($n: Int!) {
  people(first: $n) { totalCount nodes { name slug nationalities roles { title organization } statements(first: 1) { totalCount } } }
}`,
    variables: (n) => ({ n }),
    check: (body) => ok('people')(body) && body.includes('"nodes":[{'),
  },
  {
    name: 'statements by nationality',
    query: `query ByNationality($n: Int!) {
  statements(filter: { speakerNationality: "RU" }, orderBy: { field: SAID_ON, direction: DESC }, first: $n) {
    nodes { text saidOn speaker { name } }
  }
}`,
    variables: (n) => ({ n }),
    check: (body) => ok('statements')(body) && body.includes('"nodes":[{'),
  },
  {
    name: 'search',
    query: `query Search($n: Int!) {
  search(query: "ceasefire summit", first: $n) {
    totalCount
    edges { score node { __typename ... on Article { headline } ... on Person { name } ... on Statement { text } ... on Exchange { slug } } }
  }
}`,
    variables: (n) => ({ n }),
    check: (body) => ok('search')(body) && body.includes('"edges":[{'),
  },
  {
    name: 'node by id',
    query: `query NodeById($id: ID!) { node(id: $id) { id ... on Person { name nationalities roles { title } } } }`,
    variables: () => ({ id: Buffer.from('Person:000000010000000000000007').toString('base64') }),
    check: (body) => ok('node')(body) && body.includes('"name":"Synthetic Person'),
  },
  {
    name: 'statement stats',
    query: `query StatementStats($n: Int!) {
  statementStats(filter: { speakerNationality: "RU" }, groupBy: [SPEAKER, CHANNEL], first: $n) {
    speaker { name } channel count earliestSaidOn latestSaidOn
  }
}`,
    variables: (n) => ({ n }),
    check: (body) => ok('statementStats')(body) && body.includes('"count":'),
  },
  {
    name: 'timeline',
    query: `query Timeline($n: Int!) {
  timeline(first: $n) {
    edges { date precision node { __typename ... on Statement { text speaker { name } } ... on Article { headline } ... on Exchange { slug } } }
  }
}`,
    variables: (n) => ({ n }),
    check: (body) => ok('timeline')(body) && body.includes('"edges":[{'),
  },
  {
    name: 'createStatement',
    mutation: true,
    query: `mutation Create($input: CreateStatementInput!) {
  createStatement(input: $input) { statement { id text verification { status } } userErrors { code } }
}`,
    variables: (_n, fixtures) => ({
      input: {
        text: 'bench statement',
        kind: 'PARAPHRASE',
        speakerId: Buffer.from('Person:00000001000000000000012b').toString('base64'),
        articleId: Buffer.from('Article:000000020000000000000063').toString('base64'),
        evidence: [
          { articleId: Buffer.from('Article:000000020000000000000063').toString('base64'), paragraphIndex: 0, excerpt: fixtures.excerpt },
        ],
      },
    }),
    check: (body) => ok('createStatement')(body) && body.includes('"userErrors":[]'),
  },
];
