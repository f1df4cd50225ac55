/**
 * The reader app and the offline explorer in a real Chromium, against the real API started as
 * `npm start` starts it (compiled, embedded database, demo data seeded). Every page is checked for
 * what a reader sees, for console errors, for requests leaving this machine and with axe-core.
 * Set SCREENSHOTS_DIR to keep a full-page screenshot of each main page.
 */
import type { ChildProcess } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, spawnBuiltApi } from '../helpers/child-process.js';
import { browserSession, expectAccessible, finish as finishVisit, poll, type Visit } from './browser-session.js';
import { CHROMIUM_ARGS, findChromium, MISSING_BROWSER_MESSAGE } from './find-chromium.js';

const ARTICLE_SLUG = 'trump-tells-russia-to-get-moving-as-witkoff-meets-putin';
const executablePath = findChromium();
if (!executablePath) {
  console.warn(MISSING_BROWSER_MESSAGE);
  if (process.env.CI === 'true') throw new Error('CI=true and no Chromium for the browser tests: install chromium or set CHROMIUM_PATH');
}

interface Statement {
  id: string;
  text: string;
  kind: string;
  channel: string | null;
  saidOn: string | null;
  speaker: { name: string; slug: string };
  verification: { status: string; paragraphIndex: number | null };
}

let api: { child: ChildProcess; url: string; banner: string };
let browser: Browser;
let demoToken: string;
const session = browserSession(
  () => browser,
  () => api.url,
);
const open = (path: string) => session.open(path);
const finish = (visit: Visit, screenshot?: string) => finishVisit(session, visit, screenshot);

async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe.skipIf(!executablePath)('the reader in Chromium, against the API as npm start runs it', () => {
  beforeAll(async () => {
    api = await spawnBuiltApi({ LOG_LEVEL: 'warn' });
    demoToken = /Demo editor token \(this run only\): (\S+)/.exec(api.banner)?.[1] ?? '';
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (api) await killHard(api.child);
  });

  it('prints the reader, the offline explorer and the API in the start-up banner', () => {
    const base = api.url;
    expect(api.banner).toContain(`Reader app:        ${base}/`);
    expect(api.banner).toContain(`Offline explorer:  ${base}/graphiql`);
    expect(api.banner).toContain(`GraphQL API:       ${base}/graphql`);
    expect(demoToken).toMatch(/^demo-/);
  });

  it('/ lists the articles newest first, with a search box and a link to the offline explorer', async () => {
    const visit = await open('/');
    const { page } = visit;
    await poll(() => page.locator('main h2 a').allTextContents()).toEqual([
      'Trump tells Russia to "get moving" on ending the war as envoy Witkoff meets Putin',
    ]);
    expect(await page.locator('main .count').textContent()).toBe('Showing 1 of 1 article');
    expect(await page.getByRole('searchbox', { name: 'Search people, quotes, articles' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'GraphQL explorer (works offline)' }).getAttribute('href')).toBe('/graphiql');
    expect(await page.title()).toBe('Latest articles — newsgraph');
    await finish(visit, 'home');
  }, 60_000);

  it('/articles/:slug shows the 15 paragraphs in order and marks every quote with speaker, channel and status', async () => {
    const { article } = await graphql<{ article: { paragraphs: Array<{ text: string }>; statements: { nodes: Statement[] } } }>(
      `query($slug: String!) { article(slug: $slug) { paragraphs { text } statements(first: 100) { nodes {
        id text kind channel saidOn speaker { name slug } verification { status paragraphIndex } } } } }`,
      { slug: ARTICLE_SLUG },
    );
    const visit = await open(`/articles/${ARTICLE_SLUG}`);
    const { page } = visit;
    await page.locator('p.paragraph').first().waitFor();
    // The text, verbatim and in reading order; the section heading as a heading.
    const withoutBadges = await page.locator('p.paragraph').evaluateAll((paragraphs) =>
      paragraphs.map((p) => {
        const copy = p.cloneNode(true) as HTMLElement;
        for (const badge of copy.querySelectorAll('.badge')) badge.remove();
        return copy.textContent;
      }),
    );
    expect(withoutBadges).toEqual(article.paragraphs.map((p) => p.text));
    expect(await page.locator('p.paragraph').count()).toBe(15);
    expect(await page.getByRole('heading', { level: 2, name: 'Rocky road' }).count()).toBe(1);
    // Every quote (not the paraphrase) is a <q> holding exactly its words, attributed in its title.
    const quotes = article.statements.nodes.filter((s) => s.kind !== 'PARAPHRASE');
    expect(quotes).toHaveLength(11);
    expect(await page.locator('q[data-statement-id]').count()).toBe(quotes.length);
    for (const quote of quotes) {
      const mark = page.locator(`q[data-statement-id="${quote.id}"]`);
      expect(await mark.textContent()).toBe(quote.text);
      const title = (await mark.getAttribute('title')) ?? '';
      expect(title).toContain(quote.speaker.name);
      expect(title).toContain(quote.channel ? `via ${quote.channel}` : 'channel not reported');
      expect(title).toContain(quote.verification.status);
      // The status is visible text right after the quote, not only in the tooltip.
      expect(await mark.locator('xpath=following-sibling::span[1]').textContent()).toBe(quote.verification.status);
      // And it sits in the paragraph the verification checked.
      expect(await page.locator(`#p${quote.verification.paragraphIndex} q[data-statement-id="${quote.id}"]`).count()).toBe(1);
    }
    // People named and the exchange described, each linking to its page.
    const people = page.getByRole('complementary', { name: 'In this article' }).getByRole('list').getByRole('link');
    expect(await people.count()).toBe(9);
    expect(await page.getByRole('link', { name: 'Dmitry Peskov' }).getAttribute('href')).toBe('/people/dmitry-peskov');
    expect(await page.getByRole('link', { name: 'Prisoner exchange of 10 April 2025' }).getAttribute('href')).toBe(
      '/exchanges/karelina-petrov-2025-04-10',
    );
    await finish(visit, 'article');
  }, 60_000);

  it("/people/dmitry-peskov lists his statements as a timeline (undated last), his role's evidence linking to its paragraph", async () => {
    const visit = await open('/people/dmitry-peskov');
    const { page } = visit;
    await page.getByRole('heading', { level: 1, name: 'Dmitry Peskov' }).waitFor();
    const said = page.locator('ol.timeline q');
    expect(await said.allTextContents()).toEqual([
      'various aspects of the Ukrainian settlement',
      'There is no need to expect any breakthroughs here, the process of normalising relations is ongoing',
      'Maybe',
    ]);
    const meta = await page.locator('ol.timeline .statement-meta').allTextContents();
    expect(meta[0]).toContain('11 April 2025');
    expect(meta[1]).toContain('date not reported');
    expect(meta[1]).toContain('Russian state media');
    expect(meta[1]).toContain('VERBATIM');
    expect(await page.getByRole('heading', { level: 2, name: 'Statements (3)' }).count()).toBe(1);
    const evidence = page.locator('.roles figcaption a').first();
    expect(await evidence.getAttribute('href')).toMatch(new RegExp(`^/articles/${ARTICLE_SLUG}#p\\d+$`));
    await finish(visit, 'person');
  }, 60_000);

  it('/exchanges/:slug shows Karelina and Petrov released in opposite directions, with evidence', async () => {
    const visit = await open('/exchanges/karelina-petrov-2025-04-10');
    const { page } = visit;
    await page.getByRole('heading', { level: 1, name: 'Prisoner exchange of 10 April 2025' }).waitFor();
    const releases = page.locator('li.release');
    expect(await releases.count()).toBe(2);
    const karelina = releases.filter({ has: page.getByRole('link', { name: 'Ksenia Karelina' }) });
    const petrov = releases.filter({ has: page.getByRole('link', { name: 'Arthur Petrov' }) });
    expect(await karelina.locator('.direction').textContent()).toBe('Released by Russia (RU) to United States (US)');
    expect(await petrov.locator('.direction').textContent()).toBe('Released by United States (US) to Russia (RU)');
    expect(await petrov.locator('blockquote').first().textContent()).toBe('in exchange for suspected tech smuggler Arthur Petrov');
    expect(await petrov.locator('figcaption a').first().getAttribute('href')).toBe(`/articles/${ARTICLE_SLUG}#p12`);
    // The page embeds the exchange's schema.org description, the same document /ld/ serves.
    const embedded = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(embedded['@type']).toBe('Event');
    expect(embedded['@id']).toMatch(/\/ld\/exchanges\/karelina-petrov-2025-04-10$/);
    expect(embedded.startDate).toBe('2025-04-10');
    await finish(visit, 'exchange');
  }, 60_000);

  it('navigates article → person → the article of one of their statements, landing on its paragraph', async () => {
    const visit = await open(`/articles/${ARTICLE_SLUG}`);
    const { page } = visit;
    await page.getByRole('link', { name: 'Dmitry Peskov' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dmitry Peskov' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/people/dmitry-peskov');
    const maybe = page.locator('ol.timeline li').filter({ hasText: 'Maybe' });
    await maybe.getByRole('link', { name: /paragraph 7/ }).click();
    await page.locator('#p6').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe(`/articles/${ARTICLE_SLUG}#p6`);
    expect(await page.locator('#p6 q').textContent()).toBe('Maybe');
    await poll(() => page.locator('#p6').isVisible()).toBe(true);
    await poll(() => page.evaluate(() => document.querySelector('#p6')!.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    await finish(visit);
  }, 60_000);

  it('works from the keyboard: skip link, following a link with Enter, focus on the new page', async () => {
    const visit = await open('/');
    const { page } = visit;
    await page.locator('main h2 a').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(`/articles/${ARTICLE_SLUG}`);
    await page.keyboard.press('Enter');
    await page.locator('p.paragraph').first().waitFor();
    // The new page's heading takes focus, so reading starts there.
    await poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await finish(visit);
  }, 60_000);

  it('/search finds people, statements and articles, best first, each linking to its page; says so when nothing matches', async () => {
    const visit = await open('/');
    const { page } = visit;
    const box = page.getByRole('searchbox', { name: 'Search people, quotes, articles' });
    await box.fill('Peskov');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Search results for “Peskov”' }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=Peskov');
    const results = page.locator('ol.results li');
    await results.first().waitFor();
    expect(await results.first().textContent()).toContain('Dmitry Peskov');
    expect(await results.first().getByRole('link').getAttribute('href')).toBe('/people/dmitry-peskov');
    await finish(visit, 'search');

    const nothing = await open('/search?q=zzqxv');
    await nothing.page.getByText('Nothing matches “zzqxv”').waitFor();
    await finish(nothing);
  }, 60_000);

  it('shows a 404 page for an unknown slug and an unknown address', async () => {
    for (const path of ['/articles/no-such-article', '/people/nobody-at-all', '/exchanges/none', '/no/such/page']) {
      const visit = await open(path);
      await visit.page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
      expect(await visit.page.getByRole('link', { name: 'Back to the latest articles' }).count()).toBe(1);
      await finish(visit);
    }
  }, 60_000);

  it('shows loading while the API answers, and a clear error with a working retry when it is down', async () => {
    const visit = await open('');
    const { page, context } = visit;
    // Hold the first answer to see the loading state.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route('**/graphql', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${api.url}/people/dmitry-peskov`);
    await page.getByRole('status').filter({ hasText: 'Loading the person…' }).waitFor();
    release();
    await page.getByRole('heading', { level: 1, name: 'Dmitry Peskov' }).waitFor();
    await context.unroute('**/graphql');

    // The API is unreachable: the reader says so and offers a retry.
    await context.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.goto(`${api.url}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The newsgraph API could not be reached');
    await expectAccessible(page);
    await context.unroute('**/graphql');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator('main h2 a').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // The refused requests are logged by Chromium as network errors, and nothing else is.
    expect(visit.errors.filter((e) => !e.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
    visit.errors.length = 0;
    await finish(visit);
  }, 60_000);

  it('/graphiql runs the example operation offline, against this API only', async () => {
    const visit = await open('/graphiql');
    const { page } = visit;
    await page.locator('.graphiql-container').waitFor();
    await poll(() => page.locator('.graphiql-query-editor').textContent()).toContain('query ArticleReader');
    expect(await page.locator('.graphiql-query-editor').textContent()).toContain('Authorization');
    await page.locator('.graphiql-execute-button').click();
    await poll(() => page.locator('.graphiql-response').textContent()).toContain('"totalCount": 12');
    expect(await page.locator('.graphiql-response').textContent()).toContain('"text": "senseless war"');
    await finish(visit, 'graphiql');
  }, 60_000);

  it('pages through articles with Relay cursors ("Show more articles")', async () => {
    // Eleven older articles (the seed has one): two pages of ten.
    for (let i = 1; i <= 11; i++) {
      const day = String(i).padStart(2, '0');
      const { createArticle } = await graphql<{ createArticle: { userErrors: unknown[] } }>(
        `mutation($input: CreateArticleInput!) { createArticle(input: $input) { userErrors { message } } }`,
        {
          input: {
            slug: `browser-test-article-${day}`,
            headline: `Browser test article ${day}`,
            publishedAt: `2025-03-${day}T12:00:00.000Z`,
            paragraphs: [{ text: `Paragraph of test article ${day}.` }],
          },
        },
        demoToken,
      );
      expect(createArticle.userErrors).toEqual([]);
    }
    const visit = await open('/');
    const { page } = visit;
    const headlines = page.locator('main h2 a');
    await poll(() => headlines.count()).toBe(10);
    expect(await page.locator('main .count').textContent()).toBe('Showing 10 of 12 articles');
    await page.getByRole('button', { name: 'Show more articles' }).click();
    await poll(() => headlines.count()).toBe(12);
    const all = await headlines.allTextContents();
    expect(all[0]).toContain('get moving');
    expect(all.slice(1)).toEqual(Array.from({ length: 11 }, (_, i) => `Browser test article ${String(11 - i).padStart(2, '0')}`));
    expect(await page.getByRole('button', { name: 'Show more articles' }).count()).toBe(0);
    await finish(visit);
  }, 60_000);
});
