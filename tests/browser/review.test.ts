/**
 * /review in a real Chromium against a real API (in this process, real HTTP and WebSocket, the
 * embedded database, demo data): an article ingested through `ingestArticle` yields PENDING
 * statements; an editor confirms one, gives another a different speaker, rejects a third, each
 * with the version they read; a stale version is shown as a conflict; anyone else is told what the
 * page needs. Results are checked through the API and on the reader's article page.
 */
import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';
import { until } from '../helpers/live-writes.js';
import { connect, subscribe } from '../helpers/ws-client.js';
import { browserSession, expectAccessible, finish, poll } from './browser-session.js';
import { CHROMIUM_ARGS, findChromium, MISSING_BROWSER_MESSAGE } from './find-chromium.js';

const executablePath = findChromium();
if (!executablePath) {
  console.warn(MISSING_BROWSER_MESSAGE);
  if (process.env.CI === 'true') throw new Error('CI=true and no Chromium for the browser tests: install chromium or set CHROMIUM_PATH');
}

interface Pending {
  id: string;
  version: number;
  text: string;
  confidence: number | null;
  extractedBy: string | null;
  speaker: { id: string; name: string } | null;
  speakerCandidates: Array<{ name: string; score: number; person: { id: string } | null }>;
  verification: { paragraphIndex: number; offset: number | null };
}

const ARTICLE_FILE = new URL('../../corpus/003_moscow-open-to-more-swaps.txt', import.meta.url);
const STATEMENT_FIELDS = `id version text confidence extractedBy status speaker { id name }
  speakerCandidates { name score person { id } } verification { paragraphIndex offset }`;

let api: ApiHarness;
let browser: Browser;
const session = browserSession(
  () => browser,
  () => api.url,
);
let article: { id: string; slug: string; headline: string; paragraphs: Array<{ text: string }> };
let pending: Pending[];

async function asEditor<T>(query: string, variables: Record<string, unknown> = {}, key = TEST_KEYS.editor): Promise<T> {
  const { data, errors } = await api.query<T>(query, variables, bearer(key));
  expect(errors).toBeUndefined();
  return data as T;
}

const statementNow = async (id: string) =>
  (
    await asEditor<{ statement: Pending & { status: string; updatedBy: string } }>(
      `query($id: ID!) { statement(id: $id) { ${STATEMENT_FIELDS} updatedBy } }`,
      { id },
    )
  ).statement;

async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('Editor API key or JWT').fill(key);
  await page.getByLabel('Editor API key or JWT').press('Enter');
}

const subscribers = () => api.server.subscriptions.stats().subscribers;
const item = (page: Page, id: string) => page.locator(`article.review-item[data-statement-id="${id}"]`);
/** Chromium logs each refused request (401/403) as a console error; the page itself must log nothing else. */
const withoutRefusedRequests = (errors: string[]) => errors.filter((e) => !/status of 40[13]/.test(e));

describe.skipIf(!executablePath)('/review in Chromium: editors review what the extractor proposed', () => {
  beforeAll(async () => {
    api = await startApi({ topology: 'replica-set' });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    // An editor's subscriber sees the ingest's statements arrive: the server's statements change
    // stream is then open, so a reader page subscribing later misses no confirmation.
    const editor = connect(api.url, { Authorization: `Bearer ${TEST_KEYS.editor}` });
    const proposed = subscribe(editor.client, 'subscription { statementAdded(filter: { status: PENDING }) { id } }');
    await until(() => subscribers() === 1);
    const { ingestArticle } = await asEditor<{
      ingestArticle: { article: typeof article; statements: Pending[]; userErrors: unknown[] };
    }>(
      `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) {
        article { id slug headline paragraphs { text } } statements { ${STATEMENT_FIELDS} } userErrors { message } } }`,
      { input: { text: readFileSync(ARTICLE_FILE, 'utf8'), publishedOn: '2025-04-12', headline: 'Moscow open to more prisoner swaps' } },
    );
    expect(ingestArticle.userErrors).toEqual([]);
    article = ingestArticle.article;
    pending = ingestArticle.statements;
    // The flow below needs four statements with a proposed speaker.
    expect(pending.filter((s) => s.speaker).length).toBeGreaterThanOrEqual(4);
    await proposed.received(pending.length);
    await editor.client.dispose();
    await until(() => subscribers() === 0);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('tells anonymous visitors and non-editors what the page needs, and never shows them the queue', async () => {
    const visit = await session.open('');
    const { page } = visit;
    const queueRequests: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('ReviewQueue')) queueRequests.push(request.headers().authorization ?? 'none');
    });
    await page.goto(`${api.url}/review`);
    await page.getByRole('heading', { level: 1, name: 'Review extracted statements' }).waitFor();
    expect(await page.getByText('This page is for editors').count()).toBe(1);
    // Where the credential comes from is said on the page.
    const help = (await page.locator('.credential-form .help').textContent()) ?? '';
    expect(help).toContain('NEWSGRAPH_API_KEYS');
    expect(help).toContain('Demo editor token');
    expect(help).toContain('session storage');
    expect(await page.locator('article.review-item').count()).toBe(0);
    expect(queueRequests).toEqual([]);
    await expectAccessible(page);

    // A reader's key: refused by the server, explained on the page, and forgotten.
    await signIn(page, TEST_KEYS.reader);
    await poll(() => page.getByRole('alert').textContent()).toContain('not an editor’s');
    expect(queueRequests).toEqual([`Bearer ${TEST_KEYS.reader}`]);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('article.review-item').count()).toBe(0);
    // A key the server does not know.
    await signIn(page, 'no-such-key-0123456789');
    await poll(() => page.getByRole('alert').textContent()).toContain('did not accept');
    expect(await page.getByLabel('Editor API key or JWT').isVisible()).toBe(true);
    await expectAccessible(page);
    visit.errors.splice(0, visit.errors.length, ...withoutRefusedRequests(visit.errors));
    await finish(session, visit, 'review-signed-out');
  }, 60_000);

  it('lists pending statements with the quote marked in its paragraph; confirm, change speaker and reject from the keyboard', async () => {
    const [toConfirm, , , toRespeak, toReject] = pending;
    const peskov = (await asEditor<{ person: { id: string } }>('{ person(slug: "dmitry-peskov") { id } }')).person;
    // A reader has the article open meanwhile: no statement is confirmed yet, so none is marked.
    const reader = await session.open(`/articles/${article.slug}`);
    await poll(() => reader.page.locator('.live-status').textContent()).toContain('Live:');
    expect(await reader.page.locator('q[data-statement-id]').count()).toBe(0);
    await reader.page.evaluate(() => Object.assign(window, { openedOnce: true }));
    // Its subscriptions: statementAdded for the article, nodeChanged for the article.
    await until(() => subscribers() === 2);
    const visit = await session.open('/review');
    const { page } = visit;
    await signIn(page, TEST_KEYS.editor);
    await page.getByRole('heading', { name: `${pending.length} statements wait for review` }).waitFor();
    // The credential is kept for the tab, not in the bundle.
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TEST_KEYS.editor]);
    expect(await page.getByRole('heading', { level: 3, name: article.headline }).count()).toBe(1);
    expect(await page.locator('article.review-item').count()).toBe(pending.length);

    // Each row: the paragraph, verbatim, with the quote marked exactly where verification found it.
    for (const statement of pending) {
      const row = item(page, statement.id);
      const paragraph = row.locator('blockquote p');
      expect(await paragraph.textContent()).toBe(article.paragraphs[statement.verification.paragraphIndex].text);
      expect(await paragraph.locator('mark').textContent()).toBe(statement.text);
      const before = await paragraph.evaluate((p) => {
        const range = document.createRange();
        range.setStart(p, 0);
        range.setEndBefore(p.querySelector('mark')!);
        return range.toString().length;
      });
      expect(before).toBe(statement.verification.offset);
      expect(await row.locator('.proposed-speaker').textContent()).toBe(statement.speaker?.name ?? 'nobody (unattributed)');
      const facts = (await row.locator('.review-facts').textContent()) ?? '';
      if (statement.confidence !== null) expect(facts).toContain(`${Math.round(statement.confidence * 100)} %`);
      expect(facts).toContain(statement.extractedBy ?? 'an editor');
      for (const candidate of statement.speakerCandidates.filter((c) => c.person?.id !== statement.speaker?.id)) {
        expect(await row.locator('.candidates').textContent()).toContain(`${candidate.name} (score ${candidate.score}`);
      }
    }
    await expectAccessible(page);

    // Confirm, by keyboard: focus the button, Enter. The row goes; focus moves to the next statement.
    await item(page, toConfirm.id)
      .getByRole('button', { name: `Confirm (${toConfirm.speaker?.name})` })
      .focus();
    await page.keyboard.press('Enter');
    await poll(() => item(page, toConfirm.id).count()).toBe(0);
    expect(await page.locator('.announcement').textContent()).toBe(`Confirmed “${toConfirm.text}” as said by ${toConfirm.speaker?.name}.`);
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-statement-id'))).toBe(pending[1].id);
    await page.getByRole('heading', { name: `${pending.length - 1} statements wait for review` }).waitFor();

    // Change the speaker: open the picker, search a person, choose them with the arrow keys, confirm.
    const respeak = item(page, toRespeak.id);
    await respeak.getByRole('button', { name: 'Change speaker…' }).focus();
    await page.keyboard.press('Enter');
    await respeak.getByRole('group', { name: `Who said “${toRespeak.text}”?` }).waitFor();
    await respeak.getByRole('searchbox', { name: 'Find a person by name' }).fill('Peskov');
    await poll(() => respeak.getByRole('radio', { name: /Dmitry Peskov/ }).count()).toBe(1);
    await respeak.getByRole('radio', { name: /Dmitry Peskov/ }).focus();
    await page.keyboard.press('Space');
    expect(await respeak.getByRole('radio', { name: /Dmitry Peskov/ }).isChecked()).toBe(true);
    await expectAccessible(page);
    await respeak.getByRole('button', { name: 'Confirm with Dmitry Peskov' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => item(page, toRespeak.id).count()).toBe(0);
    expect(await page.locator('.announcement').textContent()).toBe(`Confirmed “${toRespeak.text}” as said by Dmitry Peskov.`);

    // Reject.
    await item(page, toReject.id).getByRole('button', { name: 'Reject' }).click();
    await poll(() => item(page, toReject.id).count()).toBe(0);
    expect(await page.locator('.announcement').textContent()).toBe(`Rejected “${toReject.text}”.`);
    await page.getByRole('heading', { name: `${pending.length - 3} statements wait for review` }).waitFor();
    await finish(session, visit, 'review');

    // The API agrees, each decision made on the version the editor read.
    const [confirmed, respoken, rejected] = await Promise.all([toConfirm, toRespeak, toReject].map((s) => statementNow(s.id)));
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', speaker: { name: toConfirm.speaker?.name }, version: toConfirm.version + 1 });
    expect(respoken).toMatchObject({ status: 'CONFIRMED', speaker: { id: peskov.id, name: 'Dmitry Peskov' } });
    expect(rejected).toMatchObject({ status: 'REJECTED' });
    expect(confirmed.updatedBy).toBe('editor');

    // The reader's open page shows the two confirmed statements as they were confirmed, without a
    // reload, and neither the rejected nor the pending ones.
    const mark = reader.page.locator(`q[data-statement-id="${toConfirm.id}"]`);
    await poll(() => reader.page.locator('q[data-statement-id]').count()).toBe(2);
    expect(await mark.textContent()).toBe(toConfirm.text);
    expect(await mark.getAttribute('title')).toContain(toConfirm.speaker?.name);
    expect(await reader.page.locator(`q[data-statement-id="${toRespeak.id}"]`).getAttribute('title')).toContain('Dmitry Peskov');
    expect(await reader.page.evaluate(() => (window as unknown as { openedOnce?: boolean }).openedOnce)).toBe(true);
    expect(await reader.page.locator('.live-status').textContent()).toContain('2 added since you opened this page');
    await finish(session, reader);
    // And a fresh load agrees.
    const fresh = await session.open(`/articles/${article.slug}`);
    await fresh.page.locator('p.paragraph').first().waitFor();
    await poll(() => fresh.page.locator('q[data-statement-id]').count()).toBe(2);
    expect(await fresh.page.locator(`q[data-statement-id="${toConfirm.id}"]`).textContent()).toBe(toConfirm.text);
    await finish(session, fresh);
  }, 90_000);

  it('shows a conflict when someone else reviewed the statement first, and applies nothing', async () => {
    const target = pending[1];
    const visit = await session.open('/review');
    const { page } = visit;
    await signIn(page, TEST_KEYS.editor);
    const row = item(page, target.id);
    await row.waitFor();
    // Another editor confirms it behind this page's back.
    const { reviewStatement } = await asEditor<{ reviewStatement: { userErrors: unknown[] } }>(
      `mutation($input: ReviewStatementInput!) { reviewStatement(input: $input) { userErrors { code } } }`,
      { input: { id: target.id, expectedVersion: target.version, decision: 'CONFIRM' } },
      TEST_KEYS.admin,
    );
    expect(reviewStatement.userErrors).toEqual([]);
    // This editor, still looking at the version they read, rejects it.
    await row.getByRole('button', { name: 'Reject' }).click();
    const alert = row.getByRole('alert');
    await poll(() => alert.textContent()).toContain('Conflict.');
    expect(await alert.textContent()).toContain('Someone else reviewed it first: admin confirmed it');
    expect(await alert.textContent()).toContain('Your decision was not applied.');
    await expectAccessible(page);
    // The other editor's decision stands.
    expect(await statementNow(target.id)).toMatchObject({ status: 'CONFIRMED', version: target.version + 1, updatedBy: 'admin' });
    await row.getByRole('button', { name: 'Remove from the list' }).click();
    await poll(() => row.count()).toBe(0);
    await finish(session, visit, 'review-conflict');
  }, 60_000);

  it('announces statements proposed while the queue is open, and shows them when asked', async () => {
    const visit = await session.open('/review');
    const { page } = visit;
    await signIn(page, TEST_KEYS.editor);
    const heading = page.getByRole('heading', { level: 2, name: /statements? waits? for review$/ });
    await heading.waitFor();
    const before = Number.parseInt((await heading.textContent()) ?? '', 10);
    // The page's own subscription, authenticated as the editor (pending statements are editors' only).
    await until(() => subscribers() === 1);
    const text = [
      'Talks resumed on Tuesday.',
      '"We have agreed on a timetable," said Maria Lopez, the chief negotiator.',
      '"Nothing is settled yet," said Tom Becker, an adviser to the delegation.',
    ].join('\n\n');
    const { ingestArticle } = await asEditor<{ ingestArticle: { statements: Array<{ id: string }> } }>(
      'mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { statements { id } } }',
      { input: { text, publishedOn: '2025-05-06' } },
    );
    const proposed = ingestArticle.statements;
    expect(proposed.length).toBeGreaterThan(0);
    const notice = page.locator('.new-proposals');
    await poll(() => notice.textContent()).toContain(
      proposed.length === 1 ? '1 new statement was proposed' : `${proposed.length} new statements were proposed`,
    );
    // Nothing moved under the editor's hands until they ask.
    expect(await page.locator('article.review-item').count()).toBe(before);
    await notice.getByRole('button', { name: /^Show (it|them)$/ }).click();
    await poll(() => page.locator('article.review-item').count()).toBe(before + proposed.length);
    for (const { id } of proposed) expect(await item(page, id).count()).toBe(1);
    expect(await notice.textContent()).toBe('');
    await finish(session, visit);
  }, 60_000);
});
