// The QR code's page in a real browser (issue 3, item 5): the address printed on a sealed batch's
// forms, read back from the PDF, opens /verify on a 375 px phone without signing in and says the
// paper matches, with unit and titles but no phone or name; a wrong digest says it does not; the
// numbers typed in by hand (groups, capitals) work too; English is complete; axe finds nothing serious.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y, launchBrowser } from '../helpers/browser.ts';
import { assertAvailable, requireBrowser, requirePdftotext } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const browserCheck = requireBrowser();
const poppler = requirePdftotext();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping the verify page test (npm test builds it)');

describe.skipIf(!browserCheck.available || !poppler.available || (!built && !process.env.CI))('public verify page in Chromium', () => {
  let db: TestDatabase;
  let s: TestServer;
  let browser: Browser;
  let printedUrl: string;
  let batch: { receiptNo: string; digest: string };
  const incidents: string[] = [];

  beforeAll(async () => {
    assertAvailable(browserCheck);
    assertAvailable(poppler);
    if (!built) throw new Error('web/dist is missing: run `npx vite build` (npm test does it)');
    db = await createTestDatabase('sqlite');
    let admin: Client;
    ({ server: s, admin } = await startWithCast(db));
    await startCampaign2017(admin);
    const member = new Client(s.url);
    const unitadmin = new Client(s.url);
    await member.login('member', PASSWORD);
    await unitadmin.login('unitadmin', PASSWORD);
    const ids = [
      await approvedIdea(member, unitadmin, { title: '推行课堂教学“小组合作”模式', contactPhone: '13855556666', contactName: '赵联系', authors: ['赵联系'] }),
      await approvedIdea(member, unitadmin, { title: '建设城乡教师交流平台', contactPhone: '13855556666', contactName: '赵联系', authors: ['钱作者'] }),
    ];
    const sealed = await unitadmin.post('/api/batches', { ideaIds: ids }, { 'Idempotency-Key': 'verify-page-batch' });
    expect(sealed.status, sealed.text).toBe(201);
    batch = sealed.body;
    // The address exactly as printed next to the QR code.
    const pdf = await unitadmin.get(`/api/batches/${sealed.body.id}/forms.pdf`);
    expect(pdf.status).toBe(200);
    const f = path.join(os.tmpdir(), `jdz-verify-${process.pid}.pdf`);
    fs.writeFileSync(f, pdf.body);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    fs.rmSync(f);
    printedUrl = /(http:\/\/127\.0\.0\.1:\d+\/verify\?r=[^&]+&d=[0-9a-f]{64})/.exec(text)?.[1] ?? '';
    expect(printedUrl).toContain(`r=${batch.receiptNo}`);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  async function phone(locale = 'zh-CN'): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale });
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) incidents.push(m.text());
    });
    page.on('dialog', (d) => {
      incidents.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    return page;
  }

  it('opens from the printed address without signing in and says the paper matches', async () => {
    const page = await phone();
    await page.goto(printedUrl);
    const card = page.getByTestId('verify-match');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('一致');
    expect(text).toContain('城关第一小学');
    expect(text).toContain(batch.receiptNo);
    expect(text).toContain('推行课堂教学“小组合作”模式');
    expect(text).toContain('建设城乡教师交流平台');
    expect(text).toContain('2017-09-20 10:00');
    const all = await page.locator('body').innerText();
    for (const secret of ['13855556666', '赵联系', '钱作者']) expect(all).not.toContain(secret);
    // Fits a 375 px phone: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await checkA11y(page, 'verify match');
    expect(incidents).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('says a paper with another digest does not match, and shows nothing of the batch', async () => {
    const page = await phone();
    const other = (batch.digest[0] === '0' ? '1' : '0') + batch.digest.slice(1);
    await page.goto(`${s.url}/verify?r=${batch.receiptNo}&d=${other}`);
    await page.getByTestId('verify-mismatch').waitFor();
    const all = await page.locator('body').innerText();
    expect(all).toContain('不一致');
    expect(all).not.toContain('城关第一小学');
    await checkA11y(page, 'verify mismatch');
    await page.context().close();
  }, 60_000);

  it('takes the numbers typed from the paper (groups and capitals), and speaks English', async () => {
    const page = await phone();
    await page.goto(`${s.url}/verify`);
    await page.getByTestId('verify-r').fill(batch.receiptNo);
    await page.getByTestId('verify-d').fill(batch.digest.toUpperCase().match(/.{8}/g)!.join(' '));
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('verify-match').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByText('Matches', { exact: true }).waitFor();
    expect(await page.getByTestId('verify-match').innerText()).toContain('Golden ideas in this batch');
    await checkA11y(page, 'verify typed, English');
    await page.context().close();
  }, 60_000);
});
