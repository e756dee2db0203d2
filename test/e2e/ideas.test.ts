// Golden ideas in a real browser on a 375×812 phone (issue 3, item 8): a teacher writes 499 字 and
// is told the count, completes to 500 and sends; the unit admin returns it, the teacher corrects,
// the unit admin approves and seals a batch of two; the bureau receives; a sixth idea is refused;
// after the deadline sending is refused and an extension lets it through; the printed PDF holds the
// idea's text. Also: closing the page mid-typing (offline) or losing the session loses nothing, two
// devices on one draft are told of the conflict, a send whose answer was lost is retried with the
// same Idempotency-Key and recorded once, the form passes axe-core, and no page scrolls sideways at
// 375 px. The bureau works on its desk and campaigns pages. Texts come from
// ../shared/data/ideas/sample-ideas.jsonl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y, chooseOption, launchBrowser } from '../helpers/browser.ts';
import { requireBrowser, requirePdftotext, requireSharedData } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';
import { countChars } from '../../src/shared/wordcount.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const browserCheck = requireBrowser();
const shared = requireSharedData();
const pdf = requirePdftotext();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping golden-idea browser tests (npm test builds it)');

type Sample = { unit_code: string; contact: string; phone: string; authorship: string; author: string; topic: string; title: string; text: string };

const TOPICS_2017 = ['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革'];

/** The longest prefix of `text` with exactly `n` 字 (a following character adds one more). */
function prefixOf(text: string, n: number): string {
  const chars = Array.from(text);
  let best = '';
  for (let i = 1; i <= chars.length; i++) {
    const p = chars.slice(0, i).join('');
    const c = countChars(p);
    if (c === n) best = p;
    if (c > n) break;
  }
  if (!best) throw new Error(`no prefix of ${n} 字`);
  return best;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!browserCheck.available || !shared.available || !pdf.available || (!built && !process.env.CI))('golden ideas in Chromium at 375 px', () => {
  let db: TestDatabase;
  let s: TestServer;
  let admin: Client;
  let browser: Browser;
  let samples: Sample[];
  const contexts: Record<string, BrowserContext> = {};
  let firstId = 0;
  let ownId = 0;
  let batchId = 0;

  beforeAll(async () => {
    if (!built) throw new Error('web/dist is missing: run `npx vite build` (npm test does it)');
    samples = fs
      .readFileSync(path.join(shared.dir, 'ideas/sample-ideas.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Sample)
      .filter((x) => TOPICS_2017.includes(x.topic) && x.title && countChars(x.text) >= 540);
    expect(samples.length).toBeGreaterThanOrEqual(4);
    db = await createTestDatabase('sqlite');
    ({ server: s, admin } = await startWithCast(db, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    await startCampaign2017(admin);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  /** One phone-sized browser context per person, reused across the steps. */
  async function phone(user: string): Promise<Page> {
    contexts[user] ??= await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const page = await contexts[user].newPage();
    if (process.env.E2E_DEBUG) {
      page.on('console', (m) => console.log(`[${user}] ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.log(`[${user}] pageerror: ${e.message}`));
    }
    return page;
  }

  async function signIn(page: Page, username: string, next = '/') {
    await page.goto(`${s.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
  }

  async function noHorizontalScroll(page: Page, label: string) {
    const w = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(w, `${label}: page wider than the phone`).toBeLessThanOrEqual(375);
  }

  /** Fills the whole form (except the text) as a teacher would. */
  async function fillForm(page: Page, x: Sample, o: { collective?: boolean } = {}) {
    await page.getByTestId('idea-contact-name').fill(x.contact);
    await page.getByTestId('idea-contact-phone').fill(x.phone);
    if (o.collective) await page.locator('label', { hasText: '单位集体名义' }).click();
    else await page.getByTestId('idea-authors').fill(x.author);
    await page.getByRole('radio', { name: x.topic }).check();
    await page.getByTestId('idea-title').fill(x.title);
  }

  const saved = (page: Page) => expect.poll(() => page.getByTestId('idea-autosave').innerText(), { timeout: 10_000 }).toMatch(/已自动保存 \d\d:\d\d:\d\d/);

  it('a teacher writes 499 字 and is told so, completes to 500 and sends it to the unit', async () => {
    const page = await phone('member');
    await signIn(page, 'member', '/ideas');
    await page.getByTestId('idea-new').waitFor();
    await expect.poll(() => page.getByTestId('idea-deadline').innerText()).toContain('金点子报送截止：2017-10-20 23:59:59（北京时间）');
    expect(await page.getByTestId('idea-deadline-countdown').innerText()).toMatch(/还剩 30 天 \d+ 小时/);
    await noHorizontalScroll(page, '/ideas');
    await page.getByTestId('idea-new').click();
    await page.getByTestId('idea-title').waitFor();
    expect(await page.getByTestId('idea-unit').inputValue()).toBe('城关第一小学');

    // Typing the title key by key: the first input creates the draft, the address becomes
    // /ideas/:id, and the same form stays under the teacher's fingers (focus kept).
    const x = samples[0];
    await page.getByTestId('idea-title').pressSequentially(x.title.slice(0, 6));
    await saved(page);
    await expect.poll(() => page.url()).toMatch(/\/ideas\/\d+$/);
    firstId = Number(/\/ideas\/(\d+)$/.exec(page.url())![1]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('idea-title');
    await page.getByTestId('idea-title').pressSequentially(x.title.slice(6, 8));
    expect(await page.getByTestId('idea-title').inputValue()).toBe(x.title.slice(0, 8));

    // The phone is checked as it is typed.
    await page.getByTestId('idea-contact-phone').fill('1380000');
    await expect.poll(() => page.getByText('联系电话应为 11 位手机号或带区号的固定电话').count()).toBe(1);
    await fillForm(page, x);
    await expect.poll(() => page.getByText('联系电话应为 11 位手机号或带区号的固定电话').count()).toBe(0);

    await page.getByTestId('idea-body').fill(prefixOf(x.text, 499));
    await expect.poll(() => page.getByTestId('idea-charcount').innerText()).toBe('已输入 499 字，还差 1 字');
    await page.locator('label', { hasText: '本人承诺' }).click();
    await checkA11y(page, 'the golden-idea form');
    await noHorizontalScroll(page, 'the form');

    await page.getByTestId('idea-send').click();
    const err = page.getByTestId('idea-send-error');
    await err.waitFor();
    expect(await err.innerText()).toContain('建议正文不少于500字，当前499字');

    await page.getByTestId('idea-body').fill(prefixOf(x.text, 500));
    await expect.poll(() => page.getByTestId('idea-charcount').innerText()).toBe('已输入 500 字，已达到 500 字要求');
    await page.getByTestId('idea-send').click();
    await expect.poll(() => page.getByTestId('idea-status').innerText(), { timeout: 10_000 }).toBe('待单位审核');
    expect(await page.getByTestId('idea-view-count').innerText()).toBe('500 字');
    expect(squash(await page.getByTestId('idea-body-view').innerText())).toBe(squash(prefixOf(x.text, 500)));
    expect(await page.getByTestId('idea-history').innerText()).toContain('提交至本单位');
    await noHorizontalScroll(page, 'the sent idea');

    const api = new Client(s.url);
    await api.login('member', PASSWORD);
    const stored = (await api.get(`/api/ideas/${firstId}`)).body;
    expect(stored).toMatchObject({ status: 'sent', charCount: 500, title: x.title, contactPhone: x.phone, authors: [x.author], topic: x.topic, pledge: true });
    await page.close();
  }, 90_000);

  it('closing the page mid-typing and reopening it loses nothing (the local copy when the server never got it)', async () => {
    const page = await phone('member-second-phone');
    await signIn(page, 'member', '/ideas/new');
    await page.getByTestId('idea-title').fill('一个写到一半的金点子');
    await saved(page);
    const id = Number(/\/ideas\/(\d+)$/.exec(page.url())![1]);
    // The network drops: only this device has the last sentence when the page is closed.
    await contexts['member-second-phone'].setOffline(true);
    await page.getByTestId('idea-body').fill('第一段写好了。\n第二段刚写到这里，手机就没电了');
    await expect.poll(() => page.getByTestId('idea-autosave').innerText(), { timeout: 10_000 }).toBe('暂未保存到服务器，内容已保存在本机');
    const again = await phone('member-second-phone');
    await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);
    await contexts['member-second-phone'].setOffline(false);
    await again.goto(`${s.url}/ideas/${id}`);
    await expect.poll(() => again.getByTestId('idea-body').inputValue(), { timeout: 10_000 }).toBe('第一段写好了。\n第二段刚写到这里，手机就没电了');
    expect(await again.getByTestId('idea-title').inputValue()).toBe('一个写到一半的金点子');
    await saved(again);
    const api = new Client(s.url);
    await api.login('member', PASSWORD);
    expect((await api.get(`/api/ideas/${id}`)).body.body).toBe('第一段写好了。\n第二段刚写到这里，手机就没电了');
    expect(await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jdz.draft.idea.')))).toEqual([]);
    await again.getByTestId('idea-delete').click();
    await again.getByRole('button', { name: '删除草稿' }).last().click();
    await again.waitForURL(/\/ideas$/);
    await again.locator('[data-testid=ideas-list], [data-testid=ideas-empty]').first().waitFor();
    expect(await again.getByTestId(`idea-card-${id}`).count()).toBe(0);
    await again.close();
  }, 60_000);

  it('two devices editing the same draft: the stale one is told and can reload the latest version', async () => {
    const a = await phone('member');
    await a.goto(`${s.url}/ideas/new`);
    await a.getByTestId('idea-title').fill('两台设备上的草稿');
    await saved(a);
    const id = Number(/\/ideas\/(\d+)$/.exec(a.url())![1]);
    const b = await phone('member-second-phone');
    await b.goto(`${s.url}/ideas/${id}`);
    await expect.poll(() => b.getByTestId('idea-title').inputValue()).toBe('两台设备上的草稿');
    await a.getByTestId('idea-body').fill('在电脑上写的正文。');
    await saved(a);
    await b.getByTestId('idea-title').fill('手机上改的标题');
    const conflict = b.getByTestId('idea-conflict');
    await conflict.waitFor({ timeout: 10_000 });
    expect(await conflict.innerText()).toContain('这个金点子已在其他页面或设备上修改过');
    await b.getByTestId('idea-conflict-reload').click();
    await expect.poll(() => b.getByTestId('idea-body').inputValue()).toBe('在电脑上写的正文。');
    expect(await b.getByTestId('idea-title').inputValue()).toBe('两台设备上的草稿');
    expect(await b.getByTestId('idea-conflict').count()).toBe(0);
    const api = new Client(s.url);
    await api.login('member', PASSWORD);
    expect((await api.get(`/api/ideas/${id}`)).body.title).toBe('两台设备上的草稿');
    expect((await api.delete(`/api/ideas/${id}`)).status).toBe(204);
    await a.close();
    await b.close();
  }, 60_000);

  it('the unit admin returns it with a comment, the teacher corrects and sends again', async () => {
    const ua = await phone('unitadmin');
    await signIn(ua, 'unitadmin', '/ideas/review');
    await ua.getByTestId(`review-card-${firstId}`).waitFor();
    await noHorizontalScroll(ua, '/ideas/review');
    await checkA11y(ua, 'the review page');
    await ua.getByTestId(`idea-return-${firstId}`).click();
    await ua.getByTestId('idea-comment-input').fill('请补充具体措施和预期效果');
    await ua.getByTestId('idea-comment-ok').click();
    await ua.getByTestId('review-tab-returned').click();
    await ua.getByTestId('review-list-returned').getByTestId(`review-card-${firstId}`).waitFor();

    const page = await phone('member');
    await page.goto(`${s.url}/ideas`);
    await expect.poll(() => page.getByTestId(`idea-card-${firstId}`).innerText()).toContain('请补充具体措施和预期效果');
    await page.getByTestId(`idea-card-${firstId}`).getByTestId('idea-card-link').click();
    await expect.poll(() => page.getByTestId('idea-returned-comment').innerText()).toContain('请补充具体措施和预期效果');
    const x = samples[0];
    await page.getByTestId('idea-body').fill(x.text);
    await expect.poll(() => page.getByTestId('idea-charcount').innerText()).toContain('已达到 500 字要求');
    await saved(page); // saved by itself a moment after typing, without leaving the field
    await page.getByTestId('idea-send').click();
    await expect.poll(() => page.getByTestId('idea-status').innerText(), { timeout: 10_000 }).toBe('待单位审核');
    const history = await page.getByTestId('idea-history').innerText();
    expect(history).toContain('单位退回修改');
    expect(history).toContain('请补充具体措施和预期效果');
    await page.close();
    await ua.close();
  }, 120_000);

  it('the unit admin writes and approves an idea of its own, approves the teacher\'s and seals the two', async () => {
    const ua = await phone('unitadmin');
    await ua.goto(`${s.url}/ideas/new`);
    const y = samples[1];
    await ua.getByTestId('idea-title').waitFor();
    await fillForm(ua, y, { collective: true });
    await ua.getByTestId('idea-body').fill(y.text);
    await ua.locator('label', { hasText: '本人承诺' }).click();
    expect(await ua.getByTestId('idea-send').innerText()).toBe('审核通过');
    await ua.getByTestId('idea-send').click();
    await expect.poll(() => ua.getByTestId('idea-status').innerText(), { timeout: 10_000 }).toBe('单位已审核');
    ownId = Number(/\/ideas\/(\d+)$/.exec(ua.url())![1]);

    await ua.goto(`${s.url}/ideas/review`);
    await ua.getByTestId(`idea-approve-${firstId}`).click();
    await ua.getByTestId('review-tab-approved').click();
    await ua.getByTestId(`seal-pick-${firstId}`).waitFor();
    await ua.getByTestId(`seal-pick-${firstId}`).check();
    await ua.getByTestId(`seal-pick-${ownId}`).check();
    await ua.getByTestId('seal-open').click();
    await expect.poll(() => ua.getByTestId('seal-quota').innerText()).toBe('本单位已报送 0 个（最多 5 个，至少 2 个）；本批 2 个，报送后共 2 个。');
    await ua.getByTestId('seal-confirm').click();
    const batch = ua.getByTestId('batch-2017-1-T001-B1');
    await batch.waitFor({ timeout: 10_000 });
    expect(await batch.getByTestId('batch-status').innerText()).toBe('已报送');
    expect(await ua.getByTestId('review-quota').innerText()).toContain('本单位已报送 2 个金点子');
    await noHorizontalScroll(ua, 'the review page with a batch');
    const api = new Client(s.url);
    await api.login('unitadmin', PASSWORD);
    const b = (await api.get('/api/batches')).body.items[0];
    expect(b).toMatchObject({ receiptNo: '2017-1-T001-B1', ideaCount: 2, status: 'submitted' });
    batchId = b.id;
    await ua.close();
  }, 60_000);

  it('the bureau receives the batch on its desk; the teacher sees it received; the printed forms hold the text', async () => {
    // The bureau office receives the batch on its desk, on a phone too.
    const office = await phone('admin');
    await signIn(office, 'admin', '/desk');
    await office.getByTestId('desk-tab-batches').click();
    await office.getByTestId('desk-batches-waiting').getByText('城关第一小学（T001）').waitFor();
    await office.getByTestId('batch-receive-T001').click();
    await office.getByTestId('batch-receive-ok-T001').click();
    await office.getByTestId('desk-batches-decided').getByText('城关第一小学（T001）').waitFor();
    const page = await phone('member');
    await page.goto(`${s.url}/ideas/${firstId}`);
    await expect.poll(() => page.getByTestId('idea-status').innerText()).toBe('局办公室已签收');
    expect(await page.getByTestId('idea-receipt').innerText()).toMatch(/^2017-1-T001-0[12]$/);
    await page.close();

    // The bureau sees the phone masked and reveals it (audited) when it must call.
    await office.goto(`${s.url}/ideas/${firstId}`);
    await expect.poll(() => office.getByTestId('idea-phone').innerText()).toBe(`${samples[0].phone.slice(0, 3)}****${samples[0].phone.slice(7)}`);
    await office.getByTestId('idea-reveal-phone').click();
    await expect.poll(() => office.getByTestId('idea-phone').innerText()).toBe(samples[0].phone);
    await noHorizontalScroll(office, 'the bureau\'s view of an idea');
    await office.close();

    const ua = await phone('unitadmin');
    await ua.goto(`${s.url}/ideas/review`);
    await expect.poll(() => ua.getByTestId('batch-2017-1-T001-B1').getByTestId('batch-status').innerText()).toBe('局办公室已签收');
    expect(await ua.getByTestId('batch-print').getAttribute('href')).toBe(`/api/batches/${batchId}/forms.pdf`);
    // The "print" link with the unit admin's own cookies.
    const res = await ua.request.get(`${s.url}/api/batches/${batchId}/forms.pdf`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-e2e-pdf-'));
    const file = path.join(dir, 'forms.pdf');
    fs.writeFileSync(file, await res.body());
    const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
    for (const x of [samples[0], samples[1]]) {
      expect(text).toContain(squash(x.title));
      expect(text).toContain(squash(x.text.slice(0, 40)));
    }
    fs.rmSync(dir, { recursive: true, force: true });
    await ua.close();
  }, 60_000);

  it('a sixth idea is refused: the quota is five per unit', async () => {
    const member = new Client(s.url);
    await member.login('member', PASSWORD);
    const unitadmin = new Client(s.url);
    await unitadmin.login('unitadmin', PASSWORD);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push(await approvedIdea(member, unitadmin, { title: samples[2 + (i % 2)].title + i, body: samples[2 + (i % 2)].text }));
    const ua = await phone('unitadmin');
    await ua.goto(`${s.url}/ideas/review`);
    await ua.getByTestId('review-tab-approved').click();
    for (const id of ids) await ua.getByTestId(`seal-pick-${id}`).check();
    await ua.getByTestId('seal-open').click();
    expect(await ua.getByTestId('seal-quota').innerText()).toBe('本单位已报送 2 个（最多 5 个，至少 2 个）；本批 4 个，报送后共 6 个。');
    await ua.getByTestId('seal-confirm').click();
    await expect.poll(() => ua.getByTestId('seal-error').innerText(), { timeout: 30_000 }).toContain('每个单位最多报送 5 个金点子：本单位已报送 2 个，本批 4 个超出名额。');
    await ua.getByRole('button', { name: '取消' }).click();
    await ua.getByTestId(`seal-pick-${ids[3]}`).uncheck();
    await ua.getByTestId('seal-open').click();
    await ua.getByTestId('seal-confirm').click();
    // The seal (digests, receipts, the originality checks it queues) can take well over 10 s when the
    // CI machine's two cores also run other suites and browsers.
    await ua.getByTestId('batch-2017-1-T001-B2').waitFor({ timeout: 30_000 });
    await ua.getByTestId('review-tab-approved').click();
    await ua.getByTestId(`seal-pick-${ids[3]}`).check();
    await ua.getByTestId('seal-open').click();
    await ua.getByTestId('seal-confirm').click();
    await expect.poll(() => ua.getByTestId('seal-error').innerText(), { timeout: 30_000 }).toContain('每个单位最多报送 5 个金点子：本单位已报送 5 个，本批 1 个超出名额。');
    await ua.close();
  }, 60_000);

  it('after the deadline sending is refused; an extension granted to the unit lets it through, marked late', async () => {
    s.clock.set('2017-10-20T16:00:00.000Z'); // 2017-10-21 00:00 in Xianju: a month on, every session has expired
    const page = await phone('memberb');
    await signIn(page, 'memberb', '/ideas/new');
    await page.getByTestId('idea-title').waitFor();
    expect(await page.getByTestId('idea-deadline-countdown').innerText()).toBe('已截止');
    const z = samples[3];
    await fillForm(page, z);
    await page.getByTestId('idea-body').fill(z.text);
    await page.locator('label', { hasText: '本人承诺' }).click();
    // The pledge must be ticked before sending (under load the click can land after the send's save).
    await expect.poll(() => page.locator('label', { hasText: '本人承诺' }).locator('input[type=checkbox]').isChecked()).toBe(true);
    await page.getByTestId('idea-send').click();
    await expect.poll(() => page.getByTestId('idea-send-error').innerText()).toContain('已过报送截止时间（2017-10-20 23:59（北京时间）），不能再提交至本单位');

    // The bureau grants 横溪中学 two more days on the campaigns page (recorded with its reason).
    admin = new Client(s.url);
    expect((await admin.login('admin', PASSWORD)).status).toBe(200);
    const campaign = (await admin.get('/api/campaigns/current')).body;
    const office = await phone('admin');
    await signIn(office, 'admin', `/campaigns?edit=${campaign.id}`);
    await office.getByTestId('extensions-card').scrollIntoViewIfNeeded();
    await chooseOption(office, 'extension-unit', '横溪中学', '横溪');
    await office.getByTestId('extension-until').fill('2017-10-22T23:59:59');
    await office.getByTestId('extension-reason').fill('学校停电，申请延期两天');
    await office.getByTestId('extension-submit').click();
    await office.getByTestId('extensions-table').getByText('学校停电，申请延期两天').waitFor();
    await noHorizontalScroll(office, 'the campaign page');
    await office.close();
    expect((await admin.get(`/api/campaigns/${campaign.id}/extensions`)).body.items[0]).toMatchObject({ unitName: '横溪中学', reason: '学校停电，申请延期两天', until: '2017-10-22T15:59:59.999Z' });

    // The answer to the first tap is lost on the way back (the server did send it); the second tap
    // repeats the same intent with the same Idempotency-Key: one send, not two.
    const lateId = Number(/\/ideas\/(\d+)$/.exec(page.url())![1]);
    await page.route('**/api/ideas/*/send', async (r) => {
      await r.fetch();
      await r.abort('connectionreset');
    });
    await page.getByTestId('idea-send').click();
    await expect.poll(() => page.getByTestId('idea-send-error').innerText()).toContain('无法连接服务器');
    await page.unroute('**/api/ideas/*/send');
    const [retry] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/ideas/${lateId}/send`)), page.getByTestId('idea-send').click()]);
    expect(retry.status()).toBe(200);
    expect(retry.headers()['idempotent-replayed']).toBe('true');
    await expect.poll(() => page.getByTestId('idea-status').innerText(), { timeout: 10_000 }).toBe('待单位审核');
    expect(await page.getByTestId('idea-view').innerText()).toContain('延期内报送');
    const memberB = new Client(s.url);
    await memberB.login('memberb', PASSWORD);
    expect((await memberB.get(`/api/ideas/${lateId}`)).body.history.filter((e: { action: string }) => e.action === 'send')).toHaveLength(1);
    await page.goto(`${s.url}/`);
    await expect.poll(() => page.getByTestId('todo-deadline').innerText()).toContain('本单位已获准延期至 2017-10-22 23:59:59');
    await noHorizontalScroll(page, 'home with the to-do list');
    await checkA11y(page, 'home with the to-do list');
    await page.close();
  }, 60_000);
  it('a session that ends while the teacher types loses nothing: sign in again and the text is back', async () => {
    const page = await phone('member-session');
    await signIn(page, 'member', '/ideas/new');
    await page.getByTestId('idea-title').fill('会话超时前写的金点子');
    await saved(page);
    const id = Number(/\/ideas\/(\d+)$/.exec(page.url())![1]);
    s.clock.advance(31 * 60_000); // 31 minutes idle on the server's clock: the session has ended
    await page.getByTestId('idea-body').fill('这一段是在会话超时之后才写的，服务器一时收不到。');
    await page.getByTestId('login-expired').waitFor({ timeout: 10_000 });
    await page.getByTestId('login-username').fill('member');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(new RegExp(`/ideas/${id}$`));
    await expect.poll(() => page.getByTestId('idea-body').inputValue(), { timeout: 10_000 }).toBe('这一段是在会话超时之后才写的，服务器一时收不到。');
    await saved(page);
    const api = new Client(s.url);
    await api.login('member', PASSWORD);
    expect((await api.get(`/api/ideas/${id}`)).body).toMatchObject({ title: '会话超时前写的金点子', body: '这一段是在会话超时之后才写的，服务器一时收不到。' });
    await page.close();
  }, 60_000);
});
