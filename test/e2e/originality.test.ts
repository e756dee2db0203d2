// The originality report in Chromium (issue 4 item 5), at 375 px and 1366 px: a teacher of another
// unit sent an idea last; a teacher resubmits its text; the unit admin opens the report from the
// review page, sees the copied passage highlighted in both texts, clicks it on one side and the
// other side scrolls to its counterpart and marks it, and sees the stock phrase greyed. The bureau
// pastes a reference text into the library, checks an idea again and sees the reference matched;
// it sets the thresholds and edits the stock phrases. Every page passes axe-core and none scrolls
// sideways on a phone. Texts come from ../shared/data/originality.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/app.ts';
import { requirePdftotext, requireSharedData } from '../helpers/env.ts';
import type { Client } from '../helpers/http.ts';
import { browserTestsRunnable, checkA11ySettled as checkA11y, noHorizontalScroll, numberInput, POLL, startE2E, type E2E } from '../helpers/e2e-setup.ts';
import { completeForm, startCampaign2017 } from '../helpers/ideas.ts';
import { startOriginalityRunner, type Runner } from '../../src/modules/originality/originality.jobs.ts';

const runnable = browserTestsRunnable('originality');
const shared = requireSharedData();
const pdf = requirePdftotext();

type Doc = { id: string; kind: string; title: string; text: string; source?: string };
type Query = { id: string; category: string; title: string; text: string; truth: { source: string }[] };
const readJsonl = <T>(dir: string, f: string): T[] =>
  fs
    .readFileSync(path.join(dir, 'originality', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const squash = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!runnable || !shared.available || !pdf.available)('originality pages in Chromium', () => {
  let e: E2E;
  let s: TestServer;
  let docs: Map<string, Doc>;
  let queries: Query[];
  let copyId = 0; // the unit's idea that copies another unit's idea
  let refIdeaId = 0; // the unit's idea that copies a reference text the library does not have yet
  let copied: Query;
  let fromReference: Query;
  let runner: Runner | null = null; // a runner this test started in place of the server's

  const login = (u: string) => e.login(u);
  const newPage = (width: number, height: number) => e.newPage(width, height);
  const signIn = (page: Page, username: string, next: string) => e.signIn(page, username, next);

  /** A member's idea with this text and title, sent to the unit. */
  async function sendIdea(member: Client, title: string, body: string): Promise<number> {
    const c = await member.post('/api/ideas', completeForm({ title, body }));
    expect(c.status, c.text).toBe(201);
    const r = await member.post(`/api/ideas/${c.body.id}/send`, {});
    expect(r.status, r.text).toBe(200);
    return c.body.id;
  }

  /** Waits until the idea's newest check has finished (sending queues one; if not, the admin asks for one). */
  async function checked(admin: Client, ideaId: number): Promise<void> {
    const first = await admin.get(`/api/ideas/${ideaId}/originality/summary`);
    expect(first.status, first.text).toBe(200);
    if (first.body.status === 'none') expect((await admin.post(`/api/ideas/${ideaId}/originality/checks`, {})).status).toBe(202);
    // (expect.poll works only inside a test; this also runs in beforeAll)
    for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const status = (await admin.get(`/api/ideas/${ideaId}/originality/summary`)).body.status;
      if (status === 'done') return;
      if (status === 'failed' || Date.now() > until) throw new Error(`check of idea ${ideaId}: ${status}`);
    }
  }

  beforeAll(async () => {
    docs = new Map(readJsonl<Doc>(shared.dir, 'documents.jsonl').map((d) => [d.id, d]));
    queries = readJsonl<Query>(shared.dir, 'queries.jsonl');
    // A whole earlier idea resubmitted (its text carries a stock phrase of official writing), and a
    // text built around large passages of a reference (with stock phrases too).
    copied = queries.find((q) => q.category === 'verbatim-full' && q.truth[0]?.source.startsWith('d'))!;
    fromReference = queries.find((q) => q.category === 'reference-copy' && q.text.includes('以习近平新时代中国特色社会主义思想为指导'))!;
    expect(copied && fromReference).toBeTruthy();
    e = await startE2E();
    s = e.s;
    await startCampaign2017(await login('admin'));
    const unitAdminB = await login('unitadminb');
    const unitAdmin = await login('unitadmin');
    // Another unit's teacher wrote the original.
    const source = docs.get(copied.truth[0].source)!;
    const originalId = await sendIdea(await login('memberb'), source.title, source.text);
    await checked(unitAdminB, originalId);
    // A teacher of our unit resubmits it; another one copies from a reference text.
    const member = await login('member');
    copyId = await sendIdea(member, copied.title, copied.text);
    refIdeaId = await sendIdea(member, fromReference.title, fromReference.text);
    await checked(unitAdmin, copyId);
    await checked(unitAdmin, refIdeaId);
  }, 180_000);

  afterAll(async () => {
    await runner?.stop();
    await e?.close();
  });

  /** Whether `el` lies inside the visible part of its scrolling pane. */
  const inPaneView = (page: Page, selector: string) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel) as HTMLElement | null;
      const pane = el?.closest('.jdz-orig-text') as HTMLElement | null;
      if (!el || !pane) return false;
      const a = el.getBoundingClientRect();
      const b = pane.getBoundingClientRect();
      return a.bottom > b.top && a.top < b.bottom;
    }, selector);

  for (const [label, width, height] of [
    ['phone', 375, 812],
    ['desktop', 1366, 900],
  ] as const) {
    it(`the unit admin opens the report of a copied idea from the review page (${label}): passage highlighted and linked on both sides, stock phrase greyed`, async () => {
      const page = await newPage(width, height);
      await signIn(page, 'unitadmin', '/ideas/review');
      const card = page.getByTestId(`review-card-${copyId}`);
      await card.waitFor();
      // The figure on the review card, coloured red (the whole text is copied).
      const figure = card.getByTestId('orig-figure');
      await figure.waitFor();
      expect(await figure.getAttribute('data-level')).toBe('red');
      expect(squash(await figure.innerText())).toMatch(/^复制比\d+(\.\d)?%（高）$/);
      await checkA11y(page, `review page with figures (${label})`);
      await card.getByTestId('orig-report-link').click();
      await page.waitForURL(new RegExp(`/ideas/${copyId}/originality$`));

      await page.getByTestId('orig-overall').waitFor();
      expect(await page.getByTestId('orig-overall-figure').getAttribute('data-level')).toBe('red');
      expect(await page.getByTestId('orig-thresholds').innerText()).toContain('红色 ≥ 30%，橙色 ≥ 15%');
      // The other unit's idea is the first source; the unit admin does not see the other unit's name.
      const first = page.getByTestId('orig-source-1');
      expect(await first.innerText()).toContain(docs.get(copied.truth[0].source)!.title);
      expect(await first.innerText()).not.toContain('横溪中学');
      expect(await first.getAttribute('aria-pressed')).toBe('true');

      // Passages highlighted on both sides, and every highlight links to the other side.
      const sub = page.getByTestId('orig-text-submission');
      const src = page.getByTestId('orig-text-source');
      const qMarks = sub.locator('a.jdz-orig-mark');
      const sMarks = src.locator('a.jdz-orig-mark');
      expect(await qMarks.count()).toBeGreaterThan(0);
      expect(await sMarks.count()).toBeGreaterThan(0);
      const qFirst = await page.locator('#orig-q-p0').innerText();
      const sFirst = await page.locator('#orig-s-p0').innerText();
      expect(squash(qFirst).slice(0, 12)).toBe(squash(sFirst).slice(0, 12));
      expect(await page.locator('#orig-q-p0').getAttribute('href')).toBe('#orig-s-p0');
      expect(await page.locator('#orig-s-p0').getAttribute('href')).toBe('#orig-q-p0');

      // The stock phrase is greyed (inside the passage, still not counted) and the legend says so.
      const stock = sub.locator('.jdz-orig-stock');
      expect(await stock.count()).toBeGreaterThan(0);
      const stockText = squash((await stock.allInnerTexts()).join('|'));
      expect(stockText.length).toBeGreaterThan(0);
      const [color, bg] = await stock.first().evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      expect(color).toBe('rgb(84, 84, 84)');
      expect(bg).toBe('rgb(236, 236, 236)');
      expect(await page.getByTestId('orig-legend').innerText()).toContain('常用语（套话），不计入');
      expect(await page.getByTestId('orig-stats').innerText()).toMatch(/常用语（套话）[1-9]\d* 字（不计入）/);

      // Scroll the source pane away from the passage, then click the passage in the submission:
      // the source pane scrolls back to the counterpart and marks it.
      const last = (await sMarks.count()) - 1;
      const lastRef = await sMarks.nth(last).getAttribute('data-passage');
      await src.evaluate((el) => el.scrollTo({ top: el.scrollHeight, behavior: 'instant' as ScrollBehavior }));
      await page.locator('#orig-q-p0').click();
      await expect.poll(() => page.locator('#orig-s-p0').getAttribute('class'), POLL).toContain('is-active');
      await expect.poll(() => inPaneView(page, '#orig-s-p0'), POLL).toBe(true);
      expect(await page.locator('#orig-s-p0').getAttribute('aria-current')).toBe('true');
      expect(await page.locator('#orig-q-p0').getAttribute('aria-current')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('orig-s-p0');
      // And back: clicking the source's passage brings the submission's into view.
      await sub.evaluate((el) => el.scrollTo({ top: el.scrollHeight, behavior: 'instant' as ScrollBehavior }));
      await page.locator(`#orig-s-p${lastRef}`).click();
      await expect.poll(() => inPaneView(page, `#orig-q-p${lastRef}`), POLL).toBe(true);
      await expect.poll(() => page.locator(`#orig-q-p${lastRef}`).getAttribute('class'), POLL).toContain('is-active');

      await checkA11y(page, `originality report (${label})`);
      await noHorizontalScroll(page, `originality report (${label})`);

      // The PDF for the unit's file.
      const res = await page.request.get(`${s.url}/api/ideas/${copyId}/originality/report.pdf`);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain('application/pdf');
      const file = path.join(os.tmpdir(), `jdz-orig-e2e-${process.pid}-${label}.pdf`);
      fs.writeFileSync(file, await res.body());
      const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
      fs.rmSync(file, { force: true });
      expect(text).toContain('金点子原创性检测报告');
      expect(text).toContain(squash(copied.title));
      expect(text).toContain(squash(qFirst).slice(0, 20));

      // In English too, every word of the page is translated.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.locator('h1').innerText(), POLL).toBe('Originality report');
      expect(await page.getByTestId('orig-legend').innerText()).toContain('stock phrase, not counted');
      expect(squash(await page.getByTestId('orig-source-figure').first().innerText())).toMatch(/^Similarity\d+(\.\d)?%\(high\)$/);
      expect(await page.getByTestId('orig-overall-level').innerText()).toBe('High similarity');
      await checkA11y(page, `originality report in English (${label})`);
      await page.getByTestId('lang-switch').click();
      await page.context().close();
    }, 180_000);
  }

  it('the bureau pastes a reference text, checks an idea again and sees the reference matched', async () => {
    const ref = docs.get(fromReference.truth[0].source)!;
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', '/originality/references');
    await page.getByTestId('ref-list').waitFor();
    await checkA11y(page, 'reference library, empty');
    // The unit approves and seals its two ideas: now they have reached the bureau.
    const unitAdmin = await login('unitadmin');
    for (const id of [copyId, refIdeaId]) expect((await unitAdmin.post(`/api/ideas/${id}/approve`, {})).status).toBe(200);
    expect((await unitAdmin.post('/api/batches', { ideaIds: [copyId, refIdeaId] }, { 'Idempotency-Key': 'orig-e2e-seal' })).status).toBe(201);
    // Before: the idea matches nothing in the library.
    const admin = await login('admin');
    await expect.poll(async () => (await admin.get(`/api/ideas/${refIdeaId}/originality/summary`)).body.status, POLL).toBe('done');
    const before = (await admin.get(`/api/ideas/${refIdeaId}/originality`)).body;
    expect(before.report.sources.some((x: { kind: string }) => x.kind === 'reference')).toBe(false);

    await page.getByTestId('ref-tab-paste').click();
    await page.getByTestId('ref-paste-title').fill(ref.title);
    await page.getByTestId('ref-paste-origin').fill(ref.source ?? '测试文本');
    await page.getByTestId('ref-paste-text').fill(ref.text);
    await page.getByTestId('ref-paste-submit').click();
    const item = page.getByTestId('ref-item-title').filter({ hasText: ref.title });
    await item.waitFor();
    await checkA11y(page, 'reference library with one text');

    await page.goto(`${s.url}/ideas/${refIdeaId}/originality`);
    await page.getByTestId('orig-overall').waitFor();
    // The server's check runner is stopped: the check asked for now waits, and the page says so.
    await (s.app as unknown as { originalityRunner: Runner }).originalityRunner.stop();
    await page.getByTestId('orig-recheck').first().click();
    const job = page.getByTestId('orig-job');
    await job.waitFor();
    expect(await job.getAttribute('data-status')).toBe('queued');
    expect(await job.innerText()).toContain('已排队，等待检测');
    expect(await page.getByTestId('orig-recheck').count()).toBe(0); // no second request while one waits
    // A runner starts (another instance, say): the page, polling, shows the new report by itself.
    runner = startOriginalityRunner(s.app.platform, { pollMs: 100 });
    await expect
      .poll(async () => {
        const sources = await page.getByTestId('orig-sources').innerText().catch(() => '');
        return sources.includes(ref.title);
      }, POLL)
      .toBe(true);
    const refRow = page.locator('[data-testid^=orig-source-]', { hasText: ref.title }).first();
    expect(await refRow.innerText()).toContain('参考文献');
    expect(await refRow.innerText()).toContain(ref.source ?? '测试文本');
    await refRow.click();
    await expect.poll(() => page.getByTestId('orig-text-source').locator('a.jdz-orig-mark').count(), POLL).toBeGreaterThan(0);
    expect(squash(await page.getByTestId('orig-text-source').innerText())).toBe(squash(ref.text));
    // The stock phrase inside the copied passage is greyed.
    expect(squash((await page.getByTestId('orig-text-submission').locator('.jdz-orig-stock').allInnerTexts()).join(''))).toContain('以习近平新时代中国特色社会主义思想为指导');
    expect(await page.getByTestId('orig-job').count()).toBe(0);
    await checkA11y(page, 'report with a reference matched');

    // A .txt file uploaded with its title and origin joins the list, and can be deleted again.
    await page.goto(`${s.url}/originality/references`);
    await page.getByTestId('ref-upload-title').fill('上传的参考文本');
    await page.getByTestId('ref-upload-origin').fill('县教育局 2016 年文件汇编');
    await page.getByTestId('ref-upload-file').setInputFiles({ name: 'reference.txt', mimeType: 'text/plain', buffer: Buffer.from(docs.get('r01')!.text, 'utf8') });
    await page.getByTestId('ref-upload-submit').click();
    const uploaded = page.locator('li[data-testid^=ref-item-]', { hasText: '上传的参考文本' });
    await uploaded.waitFor();
    expect(await uploaded.innerText()).toContain('文本文件');
    expect(await uploaded.innerText()).toContain('reference.txt');
    // A file of another type is refused before a byte is sent.
    await page.getByTestId('ref-upload-title').fill('图片');
    await page.getByTestId('ref-upload-origin').fill('相册');
    await page.getByTestId('ref-upload-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
    await page.getByTestId('ref-upload-submit').click();
    expect(await page.getByTestId('ref-local-error').innerText()).toContain('“photo.png”不是 .txt、.docx 或 .pdf 文件');
    await uploaded.getByTestId('ref-delete').click();
    await page.getByTestId('ref-delete-confirm').click();
    await expect.poll(() => page.locator('li[data-testid^=ref-item-]', { hasText: '上传的参考文本' }).count(), POLL).toBe(0);
    expect((await admin.get('/api/originality/references')).body.items.map((r: { title: string }) => r.title)).toEqual([ref.title]);
    await page.context().close();
  }, 180_000);

  it('the author sees the figure and status of the own idea on its page, without the report', async () => {
    const page = await newPage(375, 812);
    await signIn(page, 'member', `/ideas/${copyId}`);
    const line = page.getByTestId(`orig-summary-${copyId}`);
    await line.waitFor();
    expect(await line.getByTestId('orig-figure').getAttribute('data-level')).toBe('red');
    expect(await line.getByTestId('orig-report-link').count()).toBe(0);
    await checkA11y(page, 'idea page with the figure (author)');
    await noHorizontalScroll(page, 'idea page with the figure');
    // The report itself is not the author's: the page says so.
    await page.goto(`${s.url}/ideas/${copyId}/originality`);
    await page.getByTestId('no-permission').waitFor();
    await page.context().close();
  }, 60_000);

  it('the bureau sets the thresholds and edits the stock phrases (phone)', async () => {
    const page = await newPage(375, 812);
    await signIn(page, 'admin', '/originality/settings');
    await page.getByTestId('orig-thresholds-form').waitFor();
    await expect.poll(() => numberInput(page, 'orig-threshold-red').inputValue(), POLL).toBe('30.0');
    await checkA11y(page, 'originality settings (phone)');
    await noHorizontalScroll(page, 'originality settings');
    // Orange must stay below red: refused in the form, nothing sent.
    await numberInput(page, 'orig-threshold-orange').fill('40');
    await page.getByTestId('orig-thresholds-save').click();
    await page.getByText('橙色阈值必须低于红色阈值').waitFor();
    await numberInput(page, 'orig-threshold-red').fill('99.5');
    await numberInput(page, 'orig-threshold-orange').fill('99');
    await page.getByTestId('orig-thresholds-save').click();
    await page.getByText('阈值已保存。').waitFor();
    const admin = await login('admin');
    expect((await admin.get('/api/originality/thresholds')).body).toMatchObject({ red: 0.995, orange: 0.99 });
    // The copied idea's report is now coloured by the new thresholds.
    await page.goto(`${s.url}/ideas/${copyId}/originality`);
    await page.getByTestId('orig-overall').waitFor();
    expect(await page.getByTestId('orig-thresholds').innerText()).toContain('红色 ≥ 99.5%，橙色 ≥ 99%');
    expect(await page.getByTestId('orig-overall-figure').getAttribute('data-level')).not.toBe('red');

    await page.goto(`${s.url}/originality/settings`);
    const box = page.getByTestId('orig-phrases');
    await expect.poll(() => box.inputValue(), POLL).toContain('以习近平新时代中国特色社会主义思想为指导');
    const phrase = '办好人民满意的教育示范县';
    await box.fill(`${await box.inputValue()}\n${phrase}`);
    await page.getByTestId('orig-phrases-save').click();
    await page.getByText(/常用语列表已保存/).waitFor();
    const list = (await admin.get('/api/originality/stock-phrases')).body.items.map((x: { phrase: string }) => x.phrase);
    expect(list).toContain(phrase);

    // The whole campaign checked again: progress, then the ideas ranked, each linked to its report.
    await page.getByTestId('orig-run-start').click();
    const run = page.getByTestId('orig-run');
    await expect.poll(() => run.getAttribute('data-status').catch(() => null), { ...POLL, timeout: 60_000 }).toBe('done');
    expect(await run.innerText()).toMatch(/已完成：检测 \d+ \/ \d+（失败 0）/);
    const row = run.getByRole('link', { name: copied.title });
    await row.waitFor();
    await checkA11y(page, 'campaign-wide check done (phone)');
    await noHorizontalScroll(page, 'campaign-wide check');
    await row.click();
    await page.waitForURL(new RegExp(`/ideas/${copyId}/originality$`));
    await page.context().close();
  }, 90_000);
});
