// The set-up the browser tests (test/e2e) share: whether they can run here (Chromium and the built web
// app; in CI both are required), a server with the cast over a fresh SQLite database, one Chromium,
// a page at a given size (below 500 px a touch phone), sign-in through the login page and through
// the API, the check that a page does not scroll sideways, and axe-core once the page is still.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/platform/http/app.ts';
import type { Config } from '../../src/platform/config.ts';
import { createTestDatabase, type TestDatabase, type TestServer } from './app.ts';
import { checkA11y as axeCheck, launchBrowser } from './browser.ts';
import { requireBrowser } from './env.ts';
import { PASSWORD, startWithCast } from './factories.ts';
import { Client } from './http.ts';

/** How long and how often `expect.poll` waits for the page in these tests. */
export const POLL = { timeout: 30_000, interval: 250 };

export const WEB_BUILT = fs.existsSync(path.join(WEB_DIST, 'index.html'));

/**
 * Whether the browser tests named `label` can run: Chromium is there and the web app is built
 * (`npm test` builds it; in CI a missing build fails the suite's set-up instead of skipping it).
 */
export function browserTestsRunnable(label: string): boolean {
  const browser = requireBrowser();
  if (!WEB_BUILT && !process.env.CI) console.warn(`web/dist is not built: skipping ${label} browser tests (npm test builds it)`);
  return browser.available && (WEB_BUILT || !!process.env.CI);
}

export type Cast = Awaited<ReturnType<typeof startWithCast>>['cast'];

export interface E2E {
  db: TestDatabase;
  s: TestServer;
  /** The bureau admin, signed in through the API. */
  admin: Client;
  cast: Cast;
  browser: Browser;
  /** A user signed in through the API (the cast's password unless given). */
  login(username: string, password?: string): Promise<Client>;
  /** A page in a new browser context: zh-CN; below 500 px wide a touch phone. */
  newPage(width: number, height: number): Promise<Page>;
  /** Signs in on the login page, then goes on to `next`. */
  signIn(page: Page, username: string, next: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

/** A server with the cast (rate limits out of the way) over a fresh SQLite database, and Chromium. */
export async function startE2E(opts: { config?: Partial<Config> } = {}): Promise<E2E> {
  if (!WEB_BUILT) throw new Error('web/dist is missing: run `npx vite build` (npm test builds it)');
  const db = await createTestDatabase('sqlite');
  const { server: s, admin, cast } = await startWithCast(db, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 }, ...opts.config } });
  const browser = await launchBrowser();
  return {
    db,
    s,
    admin,
    cast,
    browser,
    login: async (username, password = PASSWORD) => {
      const c = new Client(s.url);
      expect((await c.login(username, password)).status).toBe(200);
      return c;
    },
    newPage: async (width, height) => {
      const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      const page = await ctx.newPage();
      if (process.env.E2E_DEBUG) page.on('console', (m) => console.log(`[browser] ${m.type()}: ${m.text()}`));
      return page;
    },
    signIn: async (page, username, next, password = PASSWORD) => {
      await page.goto(`${s.url}/login?next=${encodeURIComponent(next)}`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
    },
    close: async () => {
      await browser.close();
      await s.close();
      await db.drop();
    },
  };
}

export async function noHorizontalScroll(page: Page, label: string): Promise<void> {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${label}: page wider than the screen`).toBeLessThanOrEqual(inner + 1);
}

/**
 * axe-core once the page is still: no spinner, loading button, half-faded element or running
 * transition (a colour on its way back from the hover state is not the colour the reader sees).
 */
export async function checkA11ySettled(page: Page, label: string) {
  await page.mouse.move(0, 0);
  const busy = () =>
    [
      ...[...document.querySelectorAll('.ant-spin-spinning, .ant-btn-loading, .ant-spin-blur')].map((el) => el.className),
      ...[...document.querySelectorAll('.ant-spin-container, .ant-btn, .ant-modal, .ant-message-notice')].filter((el) => getComputedStyle(el).opacity !== '1').map((el) => `${el.className}: opacity ${getComputedStyle(el).opacity}`),
      ...document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running').map((a) => `transition of ${(a as CSSTransition).transitionProperty}`),
    ].join('; ');
  await expect.poll(() => page.evaluate(busy), { ...POLL, message: `${label}: the page did not settle` }).toBe('');
  return axeCheck(page, label);
}

/** The <input> of an antd InputNumber, wherever antd put the test id (on the input or its wrapper). */
export const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`).first();
