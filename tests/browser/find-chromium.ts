/**
 * Where the browser tests find Chromium: CHROMIUM_PATH, the OS package (/usr/bin/chromium), or a
 * browser Playwright installed. Playwright's own download cannot reach its CDN on every machine, so
 * the OS package is the usual answer (`apt-get install chromium`).
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core knows no installed browser: nothing to add.
  }
  return candidates.find((path): path is string => typeof path === 'string' && path !== '' && existsSync(path));
}

/** Flags for a quiet headless Chromium that calls nowhere by itself (no updates, sync or field trials). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

export const MISSING_BROWSER_MESSAGE = [
  '',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '!! BROWSER TESTS DID NOT RUN: no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, Playwright).',
  '!! Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM_PATH.',
  '!! With CI=true a missing browser fails the run.',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '',
].join('\n');
