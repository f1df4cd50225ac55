/**
 * What every browser test does with a page: a fresh context that refuses any request leaving this
 * machine, console errors collected, axe-core run on the page as it is, and a closing check.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions on the page. */
  errors: string[];
}

export interface BrowserSession {
  /** Every request the browser tried to send anywhere but this machine, over the session. */
  outsideRequests: string[];
  /** Opens `path` (if given) on the API in a fresh browser context. */
  open(path: string): Promise<Visit>;
}

export function browserSession(browser: () => Browser, baseUrl: () => string): BrowserSession {
  const outsideRequests: string[] = [];
  return {
    outsideRequests,
    async open(path) {
      const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      // Anything not addressed to this machine is recorded and refused: the app must work offline.
      await context.route('**/*', (route) => {
        const { hostname } = new URL(route.request().url());
        if (hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
        outsideRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      if (path) await page.goto(`${baseUrl()}${path}`);
      return { context, page, errors };
    },
  };
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

/** axe-core on the page as it is now: no violation of serious or critical impact. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(axe.source);
  const audit = () =>
    page.evaluate(async () => {
      const run = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run;
      return (await run()).violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, targets: nodes.map((n) => n.target) }));
    });
  // axe-core itself can throw when the page re-renders an element while it builds that element's
  // selector (seen with GraphiQL's editors); such a run says nothing about the page, so run it again.
  let violations: Awaited<ReturnType<typeof audit>> | undefined;
  for (let attempt = 1; violations === undefined; attempt++) {
    try {
      violations = await audit();
    } catch (error) {
      if (attempt === 3) throw error;
      await page.waitForTimeout(250);
    }
  }
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

/** What every visit ends with: accessible, no console errors, nothing sent off this machine. */
export async function finish(session: BrowserSession, visit: Visit, screenshot?: string): Promise<void> {
  await expectAccessible(visit.page);
  if (screenshot && process.env.SCREENSHOTS_DIR) {
    mkdirSync(process.env.SCREENSHOTS_DIR, { recursive: true });
    await visit.page.screenshot({ path: join(process.env.SCREENSHOTS_DIR, `${screenshot}.png`), fullPage: true });
  }
  expect(visit.errors).toEqual([]);
  expect(session.outsideRequests).toEqual([]);
  await visit.context.close();
}

/** Waits for a value on a slow, shared machine (vitest's default is one second). */
export const poll = <T>(read: () => Promise<T> | T, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 20_000, ...options });
