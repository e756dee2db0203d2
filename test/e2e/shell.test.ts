// The web shell in a real browser (issue item 11): sign-in, lockout message, forced password
// change, importing a spreadsheet with a bad row, each role's navigation, at 375 px and on a
// desktop, with an axe-core check on every page visited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y, chooseOption, launchBrowser } from '../helpers/browser.ts';
import { requireBrowser } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';
import { seedDemo } from '../../src/modules/demo/seed.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const DEMO_PW = 'Demo#Xianju2017';
const browserCheck = requireBrowser();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping browser tests (npm test builds it)');

/** Which menu entries each demo role sees (server permissions decide; this is what a user should see). */
const NAV: Record<string, string[]> = {
  admin: ['nav-home', 'nav-org-sectors', 'nav-org-units', 'nav-org-users', 'nav-org-import', 'nav-audit', 'nav-account'],
  leader: ['nav-home', 'nav-org-sectors', 'nav-org-units', 'nav-org-users', 'nav-account'],
  inspector: ['nav-home', 'nav-org-sectors', 'nav-org-units', 'nav-org-users', 'nav-account'],
  sector1: ['nav-home', 'nav-org-units', 'nav-org-users', 'nav-account'],
  unitadmin: ['nav-home', 'nav-my-unit', 'nav-account'],
  member: ['nav-home', 'nav-account'],
  judge: ['nav-home', 'nav-account'],
};
const ALL_NAV = [...new Set(Object.values(NAV).flat())];

describe.skipIf(!browserCheck.available || (!built && !process.env.CI))('web shell in Chromium', () => {
  let db: TestDatabase;
  let s: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!built) throw new Error('web/dist is missing: run `npx vite build` (npm test does it)');
    db = await createTestDatabase('sqlite');
    s = await startServer(db);
    s.clock.set(new Date());
    await seedDemo(s.database, s.clock, DEMO_PW);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  /** Dialogs (alert from an injected script) and CSP violations seen by any page: must stay empty. */
  const incidents: string[] = [];

  async function newPage(width = 1366, height = 900): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      incidents.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) incidents.push(`csp: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(s.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) incidents.push(`third-party request: ${r.url()}`);
    });
    return { ctx, page };
  }

  async function signIn(page: Page, username: string, password = DEMO_PW) {
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  async function openNav(page: Page) {
    const toggle = page.getByTestId('nav-toggle');
    if (await toggle.isVisible()) await toggle.click();
  }

  async function noHorizontalScroll(page: Page) {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll).toBeLessThanOrEqual(inner + 1);
  }

  for (const [width, height] of [
    [1366, 900],
    [375, 812],
  ] as const) {
    it(`shows each role its own navigation at ${width} px, accessibly`, async () => {
      for (const [user, expected] of Object.entries(NAV)) {
        const { ctx, page } = await newPage(width, height);
        await signIn(page, user);
        await page.getByTestId('home-greeting').waitFor();
        await openNav(page);
        for (const id of ALL_NAV) {
          const visible = await page.getByTestId(id).first().isVisible().catch(() => false);
          expect(visible, `${user} ${id} at ${width}px`).toBe(expected.includes(id));
        }
        await checkA11y(page, `home as ${user} at ${width}px`);
        await noHorizontalScroll(page);
        await ctx.close();
      }
    }, 120_000);
  }

  it('visits every page of the bureau admin without accessibility violations, on a phone too', async () => {
    for (const [w, h] of [
      [1366, 900],
      [375, 812],
    ] as const) {
      const { ctx, page } = await newPage(w, h);
      await signIn(page, 'admin');
      await page.getByTestId('home-greeting').waitFor();
      for (const route of ['/org/sectors', '/org/units', '/org/users', '/org/import', '/audit', '/account']) {
        await page.goto(`${s.url}${route}`);
        await page.waitForLoadState('networkidle');
        await checkA11y(page, `${route} at ${w}px`);
        await noHorizontalScroll(page);
      }
      await ctx.close();
    }
  }, 120_000);

  it('shows the lockout message after five wrong passwords', async () => {
    const { ctx, page } = await newPage(375, 812);
    for (let i = 0; i < 5; i++) {
      await signIn(page, 'judge', 'Wrong#Password1');
      await page.getByTestId('login-error').waitFor();
    }
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('账号已锁定');
    await checkA11y(page, 'lockout message');
    await ctx.close();
    await s.database.db.updateTable('users').set({ locked_until: null, failed_logins: 0 }).where('username', '=', 'judge').execute();
  });

  it('makes a new account change its generated password before anything else', async () => {
    const admin = new Client(s.url);
    await admin.login('admin', DEMO_PW);
    const created = await admin.post('/api/org/users', { username: 'newteacher', name: '新来的老师', roles: [{ role: 'judge' }] });
    expect(created.status).toBe(201);
    const { ctx, page } = await newPage(375, 812);
    await signIn(page, 'newteacher', created.body.initialPassword);
    await page.getByTestId('pw-new').waitFor();
    await checkA11y(page, 'forced password change');
    await page.getByTestId('pw-current').fill(created.body.initialPassword);
    await page.getByTestId('pw-new').fill('newteacher123');
    await page.getByTestId('pw-confirm').fill('newteacher123');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('pw-reasons').waitFor();
    await page.getByTestId('pw-new').fill('Shan-Shui#Xian9');
    await page.getByTestId('pw-confirm').fill('Shan-Shui#Xian9');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    expect((await new Client(s.url).login('newteacher', 'Shan-Shui#Xian9')).status).toBe(200);
    await ctx.close();
  });

  it('escapes hostile unit and user names everywhere (no script runs, no CSP violation)', async () => {
    const admin = new Client(s.url);
    await admin.login('admin', DEMO_PW);
    const xss = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '"><svg onload=alert(3)>', 'javascript:alert(4)'];
    for (const [i, x] of xss.entries()) {
      const u = await admin.post('/api/org/units', { code: `X00${i}`, name: `${x}学校${i}`, type: '小学', sectorId: 1, town: x.slice(0, 20), contactName: x.slice(0, 20) });
      expect(u.status, u.text).toBe(201);
      const p = await admin.post('/api/org/users', { username: `xss${i}`, name: x.slice(0, 50), roles: [{ role: 'member' }], unitId: u.body.id });
      expect(p.status, p.text).toBe(201);
    }
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.getByTestId('home-greeting').waitFor();
    for (const route of ['/org/units?q=学校', '/org/users?q=xss', '/audit', '/org/sectors']) {
      await page.goto(`${s.url}${route}`);
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${s.url}/org/units?q=学校`);
    await page.waitForLoadState('networkidle');
    expect(await page.content()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    await ctx.close();
    expect(incidents).toEqual([]);
  }, 60_000);

  it('after a session timeout, says so and restores the half-typed form once signed in again', async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${s.url}/org/users`);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-username').fill('draft.keeper');
    await page.getByTestId('user-name').fill('草稿里的老师');
    // The choice must have landed before the form is sent (a form without a role never reaches the server).
    await chooseOption(page, 'user-roles', '评委');
    await page.keyboard.press('Escape');
    s.clock.advance(31 * 60_000); // the server's clock: 31 minutes idle
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/org/users') && r.request().method() === 'POST');
    await page.getByTestId('user-form-submit').click();
    expect((await sent).status()).toBe(401);
    await page.getByTestId('login-expired').waitFor();
    expect(await page.getByTestId('login-expired').innerText()).toContain('会话已超时，请重新登录');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(DEMO_PW);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('user-name').inputValue(), { timeout: 10_000 }).toBe('草稿里的老师');
    expect(await page.getByTestId('user-username').inputValue()).toBe('draft.keeper');
    await ctx.close();
  }, 60_000);

  it('leaves no personal data in the browser after signing out, and Back does not show the data page', async () => {
    const { ctx, page } = await newPage(375, 812);
    await signIn(page, 'admin');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${s.url}/org/users`);
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-name').fill('王小明');
    const storage = () => page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    await page.goto(`${s.url}/`); // leave the form unsaved: its draft stays in sessionStorage while signed in
    await page.getByTestId('home-greeting').waitFor();
    expect(await storage()).toContain('王小明');
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-username').waitFor();
    expect(await storage()).not.toMatch(/王小明|1[3-9]\d{9}|csrf/i);
    await page.goBack();
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('users-table').isVisible().catch(() => false)).toBe(false);
    await ctx.close();
  }, 60_000);

  it('imports units: a file with a bad row shows each row and reason, and imports nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-e2e-'));
    const file = path.join(dir, '单位.csv');
    fs.writeFileSync(file, 'code,name,type,sector,town\nE001,浏览器测试小学,小学,城区板块,安洲街道\nE002,浏览器测试中学,初中,北部板块,安洲街道\n');
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${s.url}/org/import`);
    await page.getByTestId('import-kind-units').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('3');
    expect(text).toContain('北部板块');
    await checkA11y(page, 'import errors');
    const n = await s.database.db.selectFrom('units').select('id').where('code', 'in', ['E001', 'E002']).execute();
    expect(n).toEqual([]);
    await ctx.close();
  });
});
