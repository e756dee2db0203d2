// The bureau office's pages in Chromium (issue 3, items 1 and 7), on a desktop and a 375 px phone:
// the campaign from the 2017 template, a validation message at its field, an extension granted and
// listed; the desk's counts per unit (0 vs 2–5), filters and a Chinese search, receiving a batch;
// the inspector sees masked phones only; axe-core on every view; no sideways page scroll on a phone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y as axeCheck, launchBrowser } from '../helpers/browser.ts';
import { requireBrowser } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';
import { buildUnit, buildUser, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, completeForm } from '../helpers/ideas.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const browserCheck = requireBrowser();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping browser tests (npm test builds it)');


/**
 * JDZ_E2E_DIST=<dir of a private `vite build --outDir`>: serve the app's files from there, with the
 * server's own headers, for a working tree where someone rebuilds web/dist while this runs (the
 * server keeps index.html from its start, whose assets a rebuild deletes). Unset in CI.
 */
/** Waiting for the page: a loaded machine answers slower than expect.poll's default second. */
const POLL = { timeout: 15_000 };

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

describe.skipIf(!browserCheck.available || (!built && !process.env.CI))('bureau desk and campaigns in Chromium', () => {
  let db: TestDatabase;
  let s: TestServer;
  let browser: Browser;
  let admin: Client;
  let campaignId = 0;

  beforeAll(async () => {
    if (!built) throw new Error('web/dist is missing: run `npx vite build` (npm test does it)');
    db = await createTestDatabase('sqlite');
    ({ server: s, admin } = await startWithCast(db, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    // A third unit in the same sector as T001, with its own admin and teacher.
    const unitC = await buildUnit(s.database, { code: 'T003', name: '城关第二小学', sector: 'CQ' });
    await buildUser(s.database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
    await buildUser(s.database, { username: 'memberc', role: 'member', unitId: unitC });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  async function newPage(width: number, height: number): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true });
    if (PINNED_DIST) await pinDist(ctx, s.url, PINNED_DIST);
    const page = await ctx.newPage();
    return { ctx, page };
  }

  async function signIn(page: Page, username: string) {
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-greeting').waitFor();
  }

  async function noHorizontalScroll(page: Page, label: string) {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, `${label}: page wider than the screen`).toBeLessThanOrEqual(inner + 1);
  }

  /** The search box (antd puts the test id on the wrapper of Input.Search). */
  const search = (page: Page) => page.getByTestId('desk-search').locator('input');

  /** axe-core once the page is still: no spinner, no half-faded table or loading button. */
  const checkA11y = async (page: Page, label: string) => {
    const busy = () =>
      [
        ...[...document.querySelectorAll('.ant-spin-spinning, .ant-btn-loading, .ant-spin-blur')].map((el) => el.className),
        ...[...document.querySelectorAll('.ant-spin-container, .ant-table-wrapper, .ant-btn')].filter((el) => getComputedStyle(el).opacity !== '1').map((el) => `${el.className}: opacity ${getComputedStyle(el).opacity}`),
      ].join('; ');
    await expect.poll(() => page.evaluate(busy), { ...POLL, message: `${label}: the page did not settle` }).toBe('');
    return axeCheck(page, label);
  };

  const signInApi = async (u: string) => {
    const c = new Client(s.url);
    expect((await c.login(u, PASSWORD)).status).toBe(200);
    return c;
  };

  it('the bureau admin creates the 2017 campaign from the template, sees a server message at its field, and grants an extension', async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.goto(`${s.url}/campaigns`);
    await page.getByTestId('campaigns-table').waitFor();
    await checkA11y(page, 'campaigns, empty');
    await page.getByTestId('campaign-from-template').click();
    await page.locator('#campaign-template-year').fill('2017');
    await page.getByTestId('campaign-template-submit').click();
    await page.getByTestId('campaign-editor-card').waitFor();
    await expect.poll(() => page.getByTestId('campaign-title').inputValue(), POLL).toContain('解放思想');
    campaignId = Number(new URL(page.url()).searchParams.get('edit'));
    expect(campaignId).toBeGreaterThan(0);
    // The notice's six topics, its 2–5 ideas of 500 字, its deadline in Beijing time.
    expect(await page.getByTestId('campaign-topic-5').inputValue()).toBe('课堂教学改革');
    expect(await page.getByTestId('campaign-ideas-min').inputValue()).toBe('2');
    expect(await page.getByTestId('campaign-ideas-max').inputValue()).toBe('5');
    expect(await page.getByTestId('campaign-min-chars').inputValue()).toBe('500');
    expect(await page.getByTestId('campaign-deadline-1-due').inputValue()).toBe('2017-10-20T23:59:59');
    await checkA11y(page, 'campaign editor');

    // The minimum above the maximum: the server's message appears at the field; nothing saved.
    await page.getByTestId('campaign-ideas-min').fill('6');
    await page.getByTestId('campaign-save').click();
    await page.getByTestId('campaign-form-problems').waitFor();
    expect(await page.getByTestId('campaign-form-problems').innerText()).toContain('每单位最少报送数不能大于最多报送数');
    expect(await page.locator('.ant-form-item-explain-error', { hasText: '每单位最少报送数不能大于最多报送数' }).count()).toBe(1);
    await checkA11y(page, 'campaign editor with errors');
    expect((await admin.get(`/api/campaigns/${campaignId}`)).body.ideasMin).toBe(2);
    // Corrected, with a new title: saved on the same campaign, the deadline kept to the millisecond.
    await page.getByTestId('campaign-ideas-min').fill('2');
    await page.getByTestId('campaign-title').fill('2017年教育“解放思想 赶超发展”金点子征集');
    await page.getByTestId('campaign-save').click();
    await expect.poll(async () => (await admin.get(`/api/campaigns/${campaignId}`)).body.title, POLL).toBe('2017年教育“解放思想 赶超发展”金点子征集');
    const saved = (await admin.get(`/api/campaigns/${campaignId}`)).body;
    expect(saved.ideasDueAt).toBe('2017-10-20T15:59:59.999Z');
    expect((await admin.get('/api/campaigns')).body.items).toHaveLength(1);

    // An extension for 横溪中学, recorded and listed.
    await page.getByTestId('extensions-card').scrollIntoViewIfNeeded();
    await page.getByTestId('extension-unit').click();
    await page.keyboard.type('横溪');
    await page.locator('.ant-select-item-option', { hasText: '横溪中学' }).click();
    await page.getByTestId('extension-until').fill('2017-10-22T23:59:59');
    await page.getByTestId('extension-reason').fill('学校停电，申请延期两天');
    await page.getByTestId('extension-submit').click();
    await page.getByTestId('extensions-table').getByText('学校停电，申请延期两天').waitFor();
    expect(await page.getByTestId('extensions-table').innerText()).toContain('2017-10-22 23:59:59');
    const exts = (await admin.get(`/api/campaigns/${campaignId}/extensions`)).body.items;
    expect(exts).toMatchObject([{ unitName: '横溪中学', until: '2017-10-22T15:59:59.999Z', reason: '学校停电，申请延期两天' }]);
    await checkA11y(page, 'campaign with an extension');
    await ctx.close();
  }, 90_000);

  it('the desk shows who sent 0 or 2–5, narrows the list by filters and a Chinese search, and receives a batch', async () => {
    expect(campaignId).toBeGreaterThan(0);
    // Through the API (the server's clock is in the 2017 collection, 2017-09-20): T001 seals 2 ideas, T003 seals 3, T002 sends none.
    const [memberA, adminA, memberC, adminC] = await Promise.all(['member', 'unitadmin', 'memberc', 'unitadminc'].map(signInApi));
    const a = [await approvedIdea(memberA, adminA, { title: '关于完善校本研修制度的建议' }), await approvedIdea(memberA, adminA, { title: '关于推行集体备课的建议', topic: '课堂教学改革' })];
    const c = [];
    for (const title of ['关于家校共育协同机制的建议', '关于课后服务提质的建议', '关于劳动教育基地建设的建议']) c.push(await approvedIdea(memberC, adminC, completeForm({ title, contactPhone: '13900000456' })));
    expect((await adminA.post('/api/batches', { ideaIds: a })).status).toBe(201);
    expect((await adminC.post('/api/batches', { ideaIds: c })).status).toBe(201);

    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.goto(`${s.url}/desk`);
    const units = page.getByTestId('desk-units');
    await units.getByText('横溪中学').waitFor();
    expect(await page.getByTestId('desk-total-none').innerText()).toBe('1');
    expect(await page.getByTestId('desk-total-ok').innerText()).toBe('2');
    expect(await page.getByTestId('desk-total-submitted').innerText()).toBe('5');
    const row = (code: string) => page.getByTestId(`desk-unit-${code}`);
    expect(await row('T002').getByTestId('desk-unit-submitted').innerText()).toBe('0');
    expect(await row('T002').innerText()).toContain('未报送');
    expect(await row('T001').getByTestId('desk-unit-submitted').innerText()).toBe('2');
    expect(await row('T003').getByTestId('desk-unit-submitted').innerText()).toBe('3');
    expect(await row('T003').innerText()).toContain('达标');
    // Only the units that sent none.
    await page.getByTestId('desk-standing-filter').getByText('未报送').click();
    await expect.poll(() => units.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    expect(await units.innerText()).toContain('横溪中学');
    await checkA11y(page, 'desk overview');

    // All ideas; then one unit (clicked in the overview); then a Chinese search.
    await page.getByTestId('desk-standing-filter').getByText('全部').click();
    await row('T003').getByTestId('desk-unit-open-T003').click();
    const ideas = page.getByTestId('desk-ideas');
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(3);
    expect(await ideas.innerText()).not.toContain('校本研修');
    await page.getByTestId('desk-filter-reset').click();
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    await search(page).fill('家校共育');
    await search(page).press('Enter');
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    expect(await ideas.innerText()).toContain('关于家校共育协同机制的建议');
    expect(new URL(page.url()).searchParams.get('q')).toBe('家校共育');
    // A search in the texts: every idea's text speaks of 校本研修.
    await search(page).fill('校本研修');
    await search(page).press('Enter');
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    // The topic filter.
    await page.getByTestId('desk-filter-topic').click();
    await page.locator('.ant-select-item-option[title="课堂教学改革"]').click();
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    expect(await ideas.innerText()).toContain('关于推行集体备课的建议');
    // Phones are masked for the bureau too (the full number only via 查看完整号码 on the idea page).
    expect(await ideas.innerText()).toContain('138****0123');
    await page.mouse.move(0, 0); // the option clicked was over a title: no hover colour in the check
    await checkA11y(page, 'desk ideas filtered');
    // The list as .xlsx, with the same filters.
    const download = page.waitForEvent('download');
    await page.getByTestId('desk-export-xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    // With the phones: only after a purpose is given, and the server records it.
    await page.getByTestId('desk-export-phones').click();
    expect(await page.getByTestId('desk-export-xlsx').isDisabled()).toBe(true);
    await page.getByTestId('desk-export-purpose').fill('核对联系人，电话通知修改');
    const withPhones = page.waitForEvent('download');
    await page.getByTestId('desk-export-xlsx').click();
    await withPhones;
    const audit = await s.database.db.selectFrom('audit_log').select(['target_type', 'target_id']).where('action', '=', 'ideas.export.xlsx').execute();
    expect(audit.map((a) => a.target_type)).toEqual(['ideas_export', 'ideas_export_pd']);
    expect(audit[1].target_id).toContain('核对联系人，电话通知修改');
    await page.getByTestId('desk-filter-reset').click();
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    // Clicking a title opens the idea's page.
    await ideas.getByText('关于家校共育协同机制的建议').click();
    await page.waitForURL(new RegExp(`/ideas/${c[0]}$`));
    await page.goBack();

    // Batches: receive T001's from the page.
    await page.getByTestId('desk-tab-batches').click();
    const waiting = page.getByTestId('desk-batches-waiting');
    await waiting.getByText('城关第一小学（T001）').waitFor();
    expect(await waiting.locator('tbody tr.ant-table-row').count()).toBe(2);
    await checkA11y(page, 'desk batches');
    await page.getByTestId('batch-receive-T001').click();
    await page.getByTestId('batch-receive-ok-T001').click();
    await expect.poll(() => waiting.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    await page.getByTestId('desk-batches-decided').getByText('城关第一小学（T001）').waitFor();
    expect(await page.getByTestId('desk-batches-decided').innerText()).toContain('已签收');
    const batches = (await admin.get('/api/batches')).body.items as { unitCode: string; status: string }[];
    expect(batches.find((b) => b.unitCode === 'T001')?.status).toBe('received');
    expect(batches.find((b) => b.unitCode === 'T003')?.status).toBe('submitted');
    // Returning T003's asks for a reason.
    await page.getByTestId('batch-return-T003').click();
    await page.getByTestId('batch-return-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await checkA11y(page, 'return batch dialog');
    await page.keyboard.press('Escape');
    expect((await admin.get('/api/batches?status=submitted')).body.items).toHaveLength(1);
    // Back on the overview: the counts follow.
    await page.getByTestId('desk-tab-overview').click();
    await expect.poll(() => page.getByTestId('desk-total-received').innerText(), POLL).toBe('2');
    await ctx.close();
  }, 120_000);

  it('the inspector sees masked phones only and no bureau actions', async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'inspector');
    await page.goto(`${s.url}/desk?tab=ideas`);
    const ideas = page.getByTestId('desk-ideas');
    await expect.poll(() => ideas.locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    const text = await page.locator('body').innerText();
    expect(text).toContain('139****0456');
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(await page.getByTestId('desk-export-phones').count()).toBe(0);
    expect(await page.getByTestId('desk-export-xlsx').count()).toBe(1);
    await page.getByTestId('desk-tab-batches').click();
    await page.getByTestId('desk-batches-waiting').getByText('城关第二小学（T003）').waitFor();
    expect(await page.getByTestId('batch-receive-T003').count()).toBe(0);
    expect(await page.getByTestId('batch-return-T003').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/1[3-9]\d{9}/);
    await checkA11y(page, 'desk batches as inspector');
    // The campaigns page is the bureau admin's.
    await page.goto(`${s.url}/campaigns`);
    await page.getByTestId('no-permission').waitFor();
    await ctx.close();
  }, 60_000);

  it('on a 375 px phone both pages work without sideways scrolling, accessibly', async () => {
    const { ctx, page } = await newPage(375, 812);
    await signIn(page, 'admin');
    const views: [string, string][] = [
      ['/campaigns', 'campaigns-table'],
      [`/campaigns?edit=${campaignId}`, 'extensions-table'],
      ['/desk', 'desk-units'],
      ['/desk?tab=ideas', 'desk-ideas'],
      ['/desk?tab=batches', 'desk-batches-decided'],
    ];
    for (const [route, testId] of views) {
      await page.goto(`${s.url}${route}`);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      await noHorizontalScroll(page, route);
      await checkA11y(page, `${route} at 375 px`);
    }
    // The search works on the phone too.
    await page.goto(`${s.url}/desk?tab=ideas`);
    await search(page).fill('劳动教育');
    await search(page).press('Enter');
    await expect.poll(() => page.getByTestId('desk-ideas').locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    await noHorizontalScroll(page, 'desk search');
    await ctx.close();
  }, 90_000);
  it('a sector leader sees the own sector only, without exports or bureau actions', async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'sector');
    await page.goto(`${s.url}/desk`);
    const units = page.getByTestId('desk-units');
    await units.getByText('城关第二小学').waitFor();
    expect(await units.innerText()).not.toContain('横溪中学');
    expect(await page.getByTestId('desk-total-units').innerText()).toBe('2');
    await page.getByTestId('desk-tab-ideas').click();
    await expect.poll(() => page.getByTestId('desk-ideas').locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    expect(await page.getByTestId('desk-exports').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/1[3-9]\d{9}/);
    await ctx.close();
  }, 60_000);

  it('the bureau admin returns a batch with a reason from the page', async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.goto(`${s.url}/desk?tab=batches`);
    await page.getByTestId('batch-return-T003').click();
    await page.getByTestId('batch-return-reason').fill('第三个金点子字数统计有误，请核对后重新报送');
    await page.getByTestId('batch-return-submit').click();
    const decided = page.getByTestId('desk-batches-decided');
    await decided.getByText('第三个金点子字数统计有误，请核对后重新报送').waitFor();
    expect(await page.getByTestId('desk-batches-waiting').locator('tbody tr.ant-table-row').count()).toBe(0);
    const t003 = ((await admin.get('/api/batches')).body.items as { unitCode: string; status: string; returnReason: string }[]).find((b) => b.unitCode === 'T003');
    expect(t003).toMatchObject({ status: 'returned', returnReason: '第三个金点子字数统计有误，请核对后重新报送' });
    await ctx.close();
  }, 60_000);

  it("creates a blank campaign: the notice's six topics by default, Beijing times sent with +08:00", async () => {
    const { ctx, page } = await newPage(1366, 900);
    await signIn(page, 'admin');
    await page.goto(`${s.url}/campaigns`);
    await page.getByTestId('campaign-create-blank').click();
    expect(await page.getByTestId('campaign-topic-0').inputValue()).toBe('投融资渠道创新');
    // Nothing typed: the required fields say so, nothing is sent.
    await page.getByTestId('campaign-save').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByTestId('campaign-title').fill('2018年金点子征集');
    await page.getByTestId('campaign-theme').fill('教育赶超发展');
    await page.getByTestId('campaign-phase-0-name').fill('征集报送');
    await page.getByTestId('campaign-phase-0-start').fill('2018-03-01T08:00:00');
    await page.getByTestId('campaign-phase-0-end').fill('2018-04-10T23:59:59');
    await page.getByTestId('campaign-deadline-0-due').fill('2018-04-10T23:59:59');
    await page.getByTestId('campaign-save').click();
    await page.getByTestId('extensions-card').waitFor();
    const id = Number(new URL(page.url()).searchParams.get('edit'));
    expect(id).toBeGreaterThan(campaignId);
    const c = (await admin.get(`/api/campaigns/${id}`)).body;
    expect(c).toMatchObject({ title: '2018年金点子征集', ideasMin: 2, ideasMax: 5, minChars: 500, authorship: 'both', ideasDueAt: '2018-04-10T15:59:59.999Z' });
    expect(c.topics).toHaveLength(6);
    expect(c.phases).toEqual([{ name: '征集报送', startsAt: '2018-03-01T00:00:00.000Z', endsAt: '2018-04-10T15:59:59.999Z' }]);
    await ctx.close();
  }, 60_000);
});
