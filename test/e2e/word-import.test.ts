// The Word import page in Chromium (issue 3 item 6): the bureau admin uploads several Word files at
// once, sees the progress and then the extracted table with the unit matches, the refused file with
// its reason, chooses the unit where unsure and imports; the ideas arrive submitted and imported.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y, launchBrowser } from '../helpers/browser.ts';
import { requireBrowser } from '../helpers/env.ts';
import { buildUnit, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { startCampaign2017 } from '../helpers/ideas.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const browserCheck = requireBrowser();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping the Word import browser test (npm test builds it)');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/word');
const POLL = { timeout: 30_000 };

/** JDZ_E2E_DIST: serve the app's files from a private build (see desk.test.ts). Unset in CI. */
const PINNED_DIST = process.env.JDZ_E2E_DIST;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.html': 'text/html; charset=utf-8', '.woff2': 'font/woff2', '.png': 'image/png' };
async function pinDist(ctx: BrowserContext, base: string, dir: string) {
  await ctx.route(
    (u) => u.origin === base && !u.pathname.startsWith('/api/'),
    async (route) => {
      const { pathname } = new URL(route.request().url());
      const asset = path.join(dir, path.normalize(pathname));
      const file = asset.startsWith(dir) && fs.existsSync(asset) && fs.statSync(asset).isFile() ? asset : path.join(dir, 'index.html');
      const response = await route.fetch();
      const headers: Record<string, string> = { ...response.headers(), 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
      delete headers['content-length'];
      delete headers['content-encoding'];
      await route.fulfill({ status: 200, headers, body: fs.readFileSync(file) });
    },
  );
}

describe.skipIf(!browserCheck.available || (!built && !process.env.CI && !PINNED_DIST))('Word import page in Chromium', () => {
  let db: TestDatabase;
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ({ server: s } = await startWithCast(db, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    const admin = (await import('../helpers/http.ts')).Client;
    const c = new admin(s.url);
    await c.login('admin', PASSWORD);
    await startCampaign2017(c);
    await buildUnit(s.database, { code: 'W001', name: '仙居县城关第二小学' });
    await buildUnit(s.database, { code: 'W002', name: '白塔镇中心小学' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  async function newPage(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    if (PINNED_DIST) await pinDist(ctx, s.url, PINNED_DIST);
    return { ctx, page: await ctx.newPage() };
  }

  it('uploads several files, shows progress, matches units, shows the refused file, imports the ticked ideas', async () => {
    const { ctx, page } = await newPage();
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    await page.getByTestId('nav-word-import').first().click();
    await page.getByTestId('word-import-files').waitFor();
    await checkA11y(page, 'word import, empty');

    await page.getByTestId('word-import-files').setInputFiles(['form-table.docx', 'free-text.docx', 'encrypted.docx'].map((f) => path.join(FIXTURES, f)));
    await page.getByTestId('word-import-upload').click();
    await page.getByTestId('word-import-progress').waitFor();
    await expect.poll(() => page.getByTestId('word-import-job').innerText(), POLL).toContain('已读取 3 个文件：找到 2 个金点子，拒绝 1 个文件');
    expect(await page.getByTestId('word-import-refused').innerText()).toContain('encrypted.docx：文件已加密，请去掉密码后重新上传');
    const table = page.getByTestId('word-import-table');
    expect(await table.innerText()).toContain('仙居县城关第二小学');
    expect(await table.innerText()).toContain('名称一致');
    expect(await table.innerText()).toContain('可能是'); // 仙居县白塔镇中心小学 → 白塔镇中心小学
    expect(await table.innerText()).toContain('0576-87770101');
    // antd fades a button's loading icon out: wait for it before checking contrast.
    await page.getByTestId('word-import-upload').locator('.ant-btn-loading-icon').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800); // the button's colour transition after loading
    await checkA11y(page, 'word import, results');

    await page.getByTestId('word-import-confirm').click();
    await expect.poll(() => page.getByTestId('word-import-success').innerText(), POLL).toContain('已导入 2 个金点子');
    const rows = await s.database.db.selectFrom('ideas').select(['status', 'imported']).where('imported', '=', 1).execute();
    expect(rows).toEqual([
      { status: 'submitted', imported: 1 },
      { status: 'submitted', imported: 1 },
    ]);
    await ctx.close();
  }, 120_000);
});
