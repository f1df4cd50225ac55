/** Writes for the subscription tests, through the API as an editor, and the seed's ids they refer to. */
import { type ApiHarness, bearer, type GraphQLResponse, TEST_KEYS } from './api-server.js';

/** Anything that posts GraphQL to an API: the in-process harness or a child process's URL. */
export type GraphQLPoster = Pick<ApiHarness, 'query'>;

/** Posts GraphQL to an API at `url` (a child process, say). */
export function apiAt(url: string): GraphQLPoster {
  return {
    async query<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { ...((await response.json()) as GraphQLResponse<T>), status: response.status };
    },
  };
}

export interface SeedIds {
  article: string;
  trump: string;
  putin: string;
  peskov: string;
}

export async function seedIds(api: GraphQLPoster): Promise<SeedIds> {
  const { data } = await api.query<Record<string, { id: string }>>(`{
    article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id }
    trump: person(slug: "donald-trump") { id }
    putin: person(slug: "vladimir-putin") { id }
    peskov: person(slug: "dmitry-peskov") { id }
  }`);
  if (!data) throw new Error('seed ids not found');
  return { article: data.article.id, trump: data.trump.id, putin: data.putin.id, peskov: data.peskov.id };
}

const CREATE_STATEMENT =
  'mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } userErrors { message } } }';

/** A paraphrase (so no quote verification can refuse it) citing the article's first paragraph. */
export async function addStatement(
  api: GraphQLPoster,
  ids: SeedIds,
  speakerId: string,
  text: string,
  extra: Record<string, unknown> = {},
  editorKey = TEST_KEYS.editor,
): Promise<string> {
  const { data, errors } = await api.query<{ createStatement: { statement: { id: string } | null; userErrors: unknown[] } }>(
    CREATE_STATEMENT,
    {
      input: {
        text,
        kind: 'PARAPHRASE',
        speakerId,
        articleId: ids.article,
        evidence: [{ articleId: ids.article, paragraphIndex: 0, excerpt: 'get moving' }],
        ...extra,
      },
    },
    bearer(editorKey),
  );
  const id = data?.createStatement.statement?.id;
  if (!id) throw new Error(`createStatement failed: ${JSON.stringify(errors ?? data)}`);
  return id;
}

/** Resolves once `condition` holds, checking every 10 ms (a test's own timeout bounds it). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
