// Chromium for end-to-end tests: the Debian package (never `npx playwright install`), launched with
// the flags that keep it quiet on a closed network, and an axe-core check for each page visited.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { CHROMIUM_PATH, requireBrowser, type Requirement } from './env.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // tests run as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // without these three it floods the closed network
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A headless Chromium. Playwright gives a non-persistent launch its own fresh temporary
 * `--user-data-dir` and deletes it on `browser.close()` (passing the flag ourselves is refused),
 * so each launch starts from an empty profile; use `browser.newContext()` per simulated user.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** `requireBrowser()` for `describe.skipIf(!(await requireBrowserOrSkip()).available)`: prints why it skips, fails in CI. */
export async function requireBrowserOrSkip(): Promise<Requirement> {
  return requireBrowser();
}

let axeSource: string | undefined;
function readAxe(): string {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

const hasAxe = (page: Page) => page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object').catch(() => false);

/**
 * Puts axe-core in the page by evaluation, which CSP does not govern: an inline script tag would be
 * refused by our CSP and show up as a violation that the XSS checks would rightly count.
 */
async function injectAxe(page: Page): Promise<void> {
  if (await hasAxe(page)) return;
  await page.evaluate(readAxe());
  if (!(await hasAxe(page))) throw new Error('checkA11y: could not load axe-core into the page');
}

function describeViolation(v: Result): string {
  const targets = v.nodes
    .slice(0, 5)
    .map((n) => n.target.join(' '))
    .join(', ');
  const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
  return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n      at ${targets}${more}`;
}

/**
 * Runs axe-core on the page and throws, naming `label`, when a violation of impact serious or
 * critical is found; returns the full results for further assertions.
 */
export async function checkA11y(page: Page, label: string, options: RunOptions = {}): Promise<AxeResults> {
  // The pointer off every control: a button left hovered by the last click is checked in its hover
  // colour, which is not the state a reader sees.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300); // antd's colour transitions
  await injectAxe(page);
  const results = await page.evaluate(async (opts) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<unknown> } }).axe;
    return (await axe.run(document, opts)) as unknown;
  }, options as Record<string, unknown>) as AxeResults;
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    throw new Error(`${label}: ${bad.length} serious/critical accessibility violation(s) on ${page.url()}\n${bad.map(describeViolation).join('\n')}`);
  }
  return results;
}

/**
 * Picks an option of an antd Select and waits until the choice shows in the select. Under load the
 * option's click can race the dropdown's opening animation and be lost; the pick is then tried again.
 */
export async function chooseOption(page: Page, selectTestId: string, option: string, typed?: string): Promise<void> {
  const select = page.getByTestId(selectTestId);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (typed) await page.keyboard.type(typed);
    await page.locator('.ant-select-item-option', { hasText: option }).first().click();
    try {
      await expect.poll(() => select.innerText(), { timeout: 5_000 }).toContain(option);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}
