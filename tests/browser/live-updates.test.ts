/**
 * Live updates in a real Chromium against a real API (in this process, so the test can wait until
 * the page's subscriptions are registered with the server before writing): a statement recorded
 * through the API appears on an open article page and an open person page without a reload; a
 * deleted one leaves them; after the WebSocket drops, the page reconnects and shows what it missed;
 * on a database without change streams the page says live updates are off and works otherwise.
 */
import type { Duplex } from 'node:stream';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';
import { addStatement, type SeedIds, seedIds, until } from '../helpers/live-writes.js';
import { connect, subscribe } from '../helpers/ws-client.js';
import { browserSession, finish, poll, type Visit } from './browser-session.js';
import { CHROMIUM_ARGS, findChromium, MISSING_BROWSER_MESSAGE } from './find-chromium.js';

const executablePath = findChromium();
if (!executablePath) {
  console.warn(MISSING_BROWSER_MESSAGE);
  if (process.env.CI === 'true') throw new Error('CI=true and no Chromium for the browser tests: install chromium or set CHROMIUM_PATH');
}

const ARTICLE_SLUG = 'trump-tells-russia-to-get-moving-as-witkoff-meets-putin';
/** Words of the article's second paragraph (index 1), which reports no quote of its own. */
const PARAGRAPH_1_WORDS = ['repeated negotiations between Russian and US officials', 'failed to extract any major concessions'];

let api: ApiHarness;
let browser: Browser;
let ids: SeedIds;
let rubio: string;
const session = browserSession(
  () => browser,
  () => api.url,
);

const subscribers = () => api.server.subscriptions.stats().subscribers;

/** A partial quote by Marco Rubio from the article's paragraph 1, recorded by an editor through the API. */
const addQuote = (words: string) =>
  addStatement(api, ids, rubio, words, {
    kind: 'PARTIAL_QUOTE',
    evidence: [{ articleId: ids.article, paragraphIndex: 1, excerpt: words }],
  });

async function deleteStatement(id: string): Promise<void> {
  const { data } = await api.query<{ deleteStatement: { userErrors: unknown[] } }>(
    'mutation($id: ID!) { deleteStatement(input: { id: $id }) { userErrors { message } } }',
    { id },
    bearer(TEST_KEYS.editor),
  );
  expect(data?.deleteStatement.userErrors).toEqual([]);
}

/**
 * The subscriptions an open page holds: the article page one `statementAdded` and a `nodeChanged`
 * for the article and for each statement on it; the person page two `statementAdded` (said, said
 * about) and a `nodeChanged` for the person and each statement listed.
 */
async function pageSubscriptions(): Promise<{ article: number; person: number }> {
  const { data } = await api.query<{
    article: { statements: { nodes: unknown[] } };
    person: { statements: { totalCount: number }; statementsAbout: { totalCount: number } };
  }>(
    `query($slug: String!) { article(slug: $slug) { statements(first: 100) { nodes { id } } }
      person(slug: "marco-rubio") { statements { totalCount } statementsAbout { totalCount } } }`,
    { slug: ARTICLE_SLUG },
  );
  if (!data) throw new Error('no data');
  return {
    article: 2 + data.article.statements.nodes.length,
    person: 3 + data.person.statements.totalCount + data.person.statementsAbout.totalCount,
  };
}

/** Marks the page's window, so a later check can tell it was never reloaded. */
const markWindow = (page: Page) => page.evaluate(() => Object.assign(window, { openedOnce: true }));
const sameWindow = (page: Page) => page.evaluate(() => (window as unknown as { openedOnce?: boolean }).openedOnce === true);
const liveStatus = (page: Page) => page.locator('.live-status').textContent();

async function openLive(path: string): Promise<Visit> {
  const visit = await session.open(path);
  await poll(() => liveStatus(visit.page)).toContain('Live: new statements appear here');
  await markWindow(visit.page);
  return visit;
}

beforeAll(async () => {
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}, 120_000);
afterAll(() => browser?.close());

describe.skipIf(!executablePath)('live updates in Chromium over graphql-ws', () => {
  beforeAll(async () => {
    api = await startApi({ topology: 'replica-set' });
    ids = await seedIds(api);
    const { data } = await api.query<{ person: { id: string } }>('{ person(slug: "marco-rubio") { id } }');
    rubio = data?.person.id ?? '';
    // The server opens its statements change stream with the first subscriber. Seeing one event
    // through it proves it is open, so a page's subscription registered later misses nothing.
    const { client } = connect(api.url);
    const warmUp = subscribe(client, 'subscription($speakerId: ID!) { statementAdded(filter: { speakerId: $speakerId }) { id } }', {
      speakerId: ids.putin,
    });
    await until(() => subscribers() === 1);
    const id = await addStatement(api, ids, ids.putin, 'Putin was said to be open to talks');
    await warmUp.received(1);
    warmUp.stop();
    await client.dispose();
    await until(() => subscribers() === 0);
    await deleteStatement(id);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('shows a statement added through the API on the open article and person pages, and removes it when deleted, without a reload', async () => {
    const expected = await pageSubscriptions();
    const article = await openLive(`/articles/${ARTICLE_SLUG}`);
    const person = await openLive('/people/marco-rubio');
    const said = person.page.locator('ol.timeline q');
    const before = await said.allTextContents();
    const heading = person.page.getByRole('heading', { level: 2, name: /^Statements \(\d+\)$/ });
    expect(await heading.textContent()).toBe(`Statements (${before.length})`);
    await until(() => subscribers() === expected.article + expected.person);

    const id = await addQuote(PARAGRAPH_1_WORDS[0]);
    // The article: the words marked in their paragraph, attributed.
    const mark = article.page.locator(`#p1 q[data-statement-id="${id}"]`);
    await poll(() => mark.count()).toBe(1);
    expect(await mark.textContent()).toBe(PARAGRAPH_1_WORDS[0]);
    expect(await mark.getAttribute('title')).toContain('Marco Rubio');
    expect(await liveStatus(article.page)).toContain('1 added since you opened this page');
    // The person: on the timeline, counted.
    await poll(() => said.allTextContents()).toEqual(expect.arrayContaining([...before, PARAGRAPH_1_WORDS[0]]));
    expect(await said.count()).toBe(before.length + 1);
    expect(await heading.textContent()).toBe(`Statements (${before.length + 1})`);
    expect(await sameWindow(article.page)).toBe(true);
    expect(await sameWindow(person.page)).toBe(true);

    // Deleted elsewhere: it leaves both pages.
    await deleteStatement(id);
    await poll(() => mark.count()).toBe(0);
    await poll(() => said.count()).toBe(before.length);
    expect(await heading.textContent()).toBe(`Statements (${before.length})`);
    expect(await sameWindow(article.page)).toBe(true);
    expect(await sameWindow(person.page)).toBe(true);
    await finish(session, article, 'article-live');
    await finish(session, person);
  }, 90_000);

  it('says so in place of the article when it is deleted while open', async () => {
    // articleAdded sees the new article arrive: the articles change stream is open from then on.
    const { client } = connect(api.url);
    const added = subscribe(client, 'subscription { articleAdded { id } }');
    await until(() => subscribers() === 1);
    const { data } = await api.query<{ createArticle: { article: { id: string; slug: string } } }>(
      `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id slug } } }`,
      {
        input: {
          slug: 'short-lived-article',
          headline: 'A short-lived article',
          publishedAt: '2025-04-12T09:00:00.000Z',
          paragraphs: [{ text: 'This article is about to be deleted.' }],
        },
      },
      bearer(TEST_KEYS.editor),
    );
    const created = data?.createArticle.article;
    if (!created) throw new Error('createArticle failed');
    await added.received(1);
    added.stop();
    await client.dispose();
    await until(() => subscribers() === 0);

    const visit = await openLive(`/articles/${created.slug}`);
    // statementAdded for the article and nodeChanged for it (it has no statements).
    await until(() => subscribers() === 2);
    const { data: deleted } = await api.query<{ deleteArticle: { userErrors: unknown[] } }>(
      'mutation($id: ID!) { deleteArticle(input: { id: $id }) { userErrors { message } } }',
      { id: created.id },
      bearer(TEST_KEYS.editor),
    );
    expect(deleted?.deleteArticle.userErrors).toEqual([]);
    const alert = visit.page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('The article “A short-lived article” was deleted after you opened it.');
    expect(await sameWindow(visit.page)).toBe(true);
    await finish(session, visit);
  }, 60_000);

  it('reconnects when the WebSocket drops, shows what was recorded meanwhile, and goes on updating', async () => {
    const expected = await pageSubscriptions();
    // The server's side of every WebSocket, so the test can cut them as a network failure would.
    const upgraded = new Set<Duplex>();
    const track = (_request: unknown, socket: Duplex) => {
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
    };
    api.server.http.on('upgrade', track);
    const visit = await session.open('');
    const { page, context } = visit;
    // While "down", the page's attempts to reconnect are refused before they reach the server.
    let down = false;
    await context.routeWebSocket(/\/graphql$/, (socket) => {
      if (down) return void socket.close({ code: 1013, reason: 'test: try again later' });
      socket.connectToServer();
    });
    await page.goto(`${api.url}/articles/${ARTICLE_SLUG}`);
    await poll(() => liveStatus(page)).toContain('Live: new statements appear here');
    await markWindow(page);
    await until(() => subscribers() === expected.article);

    // The connection drops and stays down for a while; a statement is recorded meanwhile.
    down = true;
    for (const socket of upgraded) socket.destroy();
    await poll(() => liveStatus(page)).toContain('reconnecting');
    await until(() => subscribers() === 0);
    const missed = await addQuote(PARAGRAPH_1_WORDS[0]);
    down = false;

    // Back: the page fetched what it missed, without a reload, and is live again.
    await poll(() => page.locator(`#p1 q[data-statement-id="${missed}"]`).count(), { timeout: 60_000 }).toBe(1);
    await poll(() => liveStatus(page)).toContain('Live: new statements appear here');
    expect(await sameWindow(page)).toBe(true);
    await until(() => subscribers() === expected.article + 1);
    const next = await addQuote(PARAGRAPH_1_WORDS[1]);
    await poll(() => page.locator(`#p1 q[data-statement-id="${next}"]`).count()).toBe(1);
    expect(await sameWindow(page)).toBe(true);
    api.server.http.off('upgrade', track);
    // The browser reports the dropped connection and each refused attempt; nothing else may be logged.
    visit.errors.splice(0, visit.errors.length, ...visit.errors.filter((e) => !e.includes('WebSocket')));
    await finish(session, visit);
    for (const id of [missed, next]) await deleteStatement(id);
  }, 120_000);
});

describe.skipIf(!executablePath)('live updates on a database without change streams', () => {
  let standalone: ApiHarness;
  const standaloneSession = browserSession(
    () => browser,
    () => standalone.url,
  );

  beforeAll(async () => {
    standalone = await startApi({ topology: 'standalone' });
  }, 120_000);

  afterAll(async () => {
    await standalone?.stop();
  });

  it('says live updates are off (SUBSCRIPTIONS_UNAVAILABLE) and shows the pages in full', async () => {
    for (const path of [`/articles/${ARTICLE_SLUG}`, '/people/dmitry-peskov']) {
      const visit = await standaloneSession.open(path);
      await poll(() => liveStatus(visit.page)).toContain('Live updates are off: this server cannot deliver them.');
      expect(await visit.page.getByRole('heading', { level: 1 }).count()).toBe(1);
      if (path.startsWith('/articles/')) expect(await visit.page.locator('p.paragraph').count()).toBe(15);
      else expect(await visit.page.locator('ol.timeline q').count()).toBe(3);
      await finish(standaloneSession, visit);
    }
  }, 60_000);
});
