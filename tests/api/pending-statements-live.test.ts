/**
 * `statementAdded(filter: { status })` follows the rule of `Query.statements`: PENDING and REJECTED
 * statements are delivered to editors and admins only (credentials in connectionParams); readers
 * and anonymous subscribers are refused, and by default everyone gets confirmed statements only —
 * including one the moment an editor confirms it on review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';
import { until } from '../helpers/live-writes.js';
import { connect, subscribe } from '../helpers/ws-client.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ topology: 'replica-set' });
});
afterAll(() => api.stop());

const subscribers = () => api.server.subscriptions.stats().subscribers;
const PENDING_ADDED = 'subscription { statementAdded(filter: { status: PENDING }) { text status } }';

describe('statementAdded and review states', () => {
  it('refuses PENDING to anonymous and reader subscribers, as Query.statements does', async () => {
    for (const [params, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [{ Authorization: `Bearer ${TEST_KEYS.reader}` }, 'FORBIDDEN'],
    ] as const) {
      const { client } = connect(api.url, params);
      const refused = subscribe(client, PENDING_ADDED);
      await refused.done;
      const errors = refused.results[0]?.errors ?? (refused.error as Array<{ extensions?: Record<string, unknown> }>);
      expect(errors.map((e) => e.extensions?.code)).toEqual([code]);
      await client.dispose();
    }
  });

  it('delivers an ingested PENDING statement to an editor, and not to a default (confirmed-only) subscriber', async () => {
    const editor = connect(api.url, { Authorization: `Bearer ${TEST_KEYS.editor}` });
    const reader = connect(api.url);
    const pending = subscribe<{ statementAdded: { text: string; status: string } }>(editor.client, PENDING_ADDED);
    const confirmedOnly = subscribe(reader.client, 'subscription { statementAdded { text } }');
    await until(() => subscribers() === 2);
    const text = 'Officials met on Monday.\n\n"We are making progress on every front," said Jane Doe, a spokeswoman for the ministry.';
    const { data } = await api.query<{ ingestArticle: { statements: Array<{ text: string }> } }>(
      'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { statements { text } } }',
      { input: { text, publishedOn: '2025-05-05' } },
      bearer(TEST_KEYS.editor),
    );
    expect(data?.ingestArticle.statements.length).toBeGreaterThan(0);
    const [event] = await pending.received(1);
    expect(event.data?.statementAdded.status).toBe('PENDING');
    expect(text).toContain(event.data?.statementAdded.text);
    expect(confirmedOnly.results).toEqual([]);
    await editor.client.dispose();
    await reader.client.dispose();
  });

  it('delivers a statement to readers when an editor confirms it on review, and not one they reject', async () => {
    const text = [
      'Talks resumed on Tuesday.',
      '"We have agreed on a timetable," said Maria Lopez, the chief negotiator.',
      '"Nothing is settled yet," said Tom Becker, an adviser to the delegation.',
    ].join('\n\n');
    const { data } = await api.query<{
      ingestArticle: { article: { id: string }; statements: Array<{ id: string; version: number; text: string }> };
    }>(
      'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { article { id } statements { id version text } } }',
      { input: { text, publishedOn: '2025-05-06' } },
      bearer(TEST_KEYS.editor),
    );
    const ingested = data?.ingestArticle;
    expect(ingested?.statements.length).toBe(2);
    const [confirmed, rejected] = ingested?.statements ?? [];
    const { client } = connect(api.url);
    const added = subscribe<{ statementAdded: { id: string; text: string; status: string } }>(
      client,
      'subscription($articleId: ID!) { statementAdded(filter: { articleId: $articleId }) { id text status } }',
      { articleId: ingested?.article.id },
    );
    await until(() => subscribers() === 1);
    const review = async (id: string, version: number, decision: string) => {
      const { data: reviewed } = await api.query<{ reviewStatement: { userErrors: unknown[] } }>(
        'mutation($input: ReviewStatementInput!) { reviewStatement(input: $input) { userErrors { code } } }',
        { input: { id, expectedVersion: version, decision } },
        bearer(TEST_KEYS.editor),
      );
      expect(reviewed?.reviewStatement.userErrors).toEqual([]);
    };
    await review(rejected.id, rejected.version, 'REJECT');
    await review(confirmed.id, confirmed.version, 'CONFIRM');
    const [event] = await added.received(1);
    expect(event.data?.statementAdded).toEqual({ id: confirmed.id, text: confirmed.text, status: 'CONFIRMED' });
    // The rejection came first: had it been delivered, it would be the first event.
    expect(added.results).toHaveLength(1);
    await client.dispose();
  });
});
