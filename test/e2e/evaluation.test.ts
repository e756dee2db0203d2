// Evaluation (评比, issue 5) in Chromium. The bureau admin creates a round in the browser (default
// rubric, blind on); with three reviews per idea the assignment is impossible (each idea has only two
// judges outside its unit) and the page shows the server's zh-CN reason, nothing saved; with two it
// is made and opened. Three judges — one from each of the three units that sent two ideas each —
// score their four ideas on a 375 px phone: no judge gets an idea of their own unit, and no judge's
// page carries a unit name, an author or a phone in its DOM text. A score out of range is stopped
// by the form, one off the 0.5 step by the server (its zh-CN message shown); a draft is saved, then
// submitted, then revised. The admin's results page then ranks the six ideas as the table below,
// computed by hand. Then the awards (评奖与公示), all in the browser: the bureau closes the round,
// proposes tiers by count on raw scores, raises one tier by hand with its reason, disqualifies an idea
// (it leaves the ranking, the ranks close up), announces (5 working days); a unit's objection (filed
// through the API) is answered on the record once the server's clock is past the notice's end; the
// results are finalised; the certificates (all, and one idea's) and the results sheet are downloaded
// from the page and read back with pdftotext and exceljs. Every page passes axe-core and none scrolls
// sideways on the phone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../helpers/app.ts';
import { requirePdftotext } from '../helpers/env.ts';
import type { Client } from '../helpers/http.ts';
import { chooseOption } from '../helpers/browser.ts';
import { buildUnit, buildUser, PASSWORD } from '../helpers/factories.ts';
import { browserTestsRunnable, checkA11ySettled as checkA11y, noHorizontalScroll, numberInput, POLL, startE2E, type E2E } from '../helpers/e2e-setup.ts';
import { completeForm, startCampaign2017, textOf } from '../helpers/ideas.ts';

const runnable = browserTestsRunnable('evaluation');
const pdf = requirePdftotext();

const UNIT_C = '仙居县白塔镇中心小学';
/** Units, their authors and phones: planted in every idea's title or text, never on a judge's page. */
const UNITS = [
  { key: 'A', name: '城关第一小学', member: 'member', admin: 'unitadmin', author: '欧阳明轩', phone: '13912345671' },
  { key: 'B', name: '横溪中学', member: 'memberb', admin: 'unitadminb', author: '司马雨桐', phone: '13912345672' },
  { key: 'C', name: UNIT_C, member: 'memberc', admin: 'unitadminc', author: '诸葛文静', phone: '13912345673' },
] as const;
type UnitKey = (typeof UNITS)[number]['key'];
/** Each idea's marker: a topic word in its title that the judge finds it by (titles are masked, not hidden). */
const IDEAS: { label: string; unit: UnitKey; marker: string }[] = [
  { label: 'A1', unit: 'A', marker: '作业分层' },
  { label: 'A2', unit: 'A', marker: '课后服务' },
  { label: 'B1', unit: 'B', marker: '家校共育' },
  { label: 'B2', unit: 'B', marker: '阅读推广' },
  { label: 'C1', unit: 'C', marker: '劳动教育' },
  { label: 'C2', unit: 'C', marker: '心理健康' },
];
const JUDGES: { username: string; name: string; unit: UnitKey }[] = [
  { username: 'judgea', name: '评委甲', unit: 'A' },
  { username: 'judgeb', name: '评委乙', unit: 'B' },
  { username: 'judgec', name: '评委丙', unit: 'C' },
];

/**
 * The hand table. Each judge reviews the four ideas of the two other units (two reviews per idea,
 * three judges, own unit excluded: the assignment has no other choice). Rubric: five criteria of 20
 * points, equal weights, so a sheet's total is the sum of its five scores.
 */
const SHEETS: Record<string, Record<string, number[]>> = {
  judgea: { B1: [16, 16, 16, 16, 16], B2: [13, 12, 12, 12.5, 12.5], C1: [19, 18, 18, 18, 18], C2: [11, 11, 11, 11, 11] },
  judgeb: { A1: [14, 14, 14, 14, 14], A2: [18, 17.5, 17.5, 17.5, 17.5], C1: [17, 17, 17, 17, 17], C2: [12, 12, 12, 12, 12] },
  judgec: { A1: [15, 15, 15, 14.5, 14.5], A2: [16.5, 16.5, 16.5, 16.5, 17], B1: [15.5, 15.5, 15.5, 15, 15.5], B2: [13, 13, 13, 13.5, 13.5] },
};
/**
 * Totals: judgea B1 80, B2 62, C1 91, C2 55; judgeb A1 70, A2 88, C1 85, C2 60; judgec A1 74, A2 83,
 * B1 77, B2 66. Raw means: C1 (91+85)/2 = 88, A2 (88+83)/2 = 85.5, B1 (80+77)/2 = 78.5,
 * A1 (70+74)/2 = 72, B2 (62+66)/2 = 64, C2 (55+60)/2 = 57.5 — no ties.
 */
const EXPECTED_RANKING: [string, number][] = [
  ['C1', 88],
  ['A2', 85.5],
  ['B1', 78.5],
  ['A1', 72],
  ['B2', 64],
  ['C2', 57.5],
];
const CRITERIA = ['innovation', 'relevance', 'feasibility', 'effectiveness', 'writing'];

describe.skipIf(!runnable || !pdf.available)('evaluation pages in Chromium', () => {
  let e: E2E;
  let s: TestServer;
  let admin: Client;
  const unitIds = new Map<UnitKey, number>();
  const ideaIds = new Map<string, number>(); // label → idea id
  const judgeIds = new Map<string, number>(); // username → user id
  let roundId = 0;
  /** Every string a judge's page must not contain. */
  let forbidden: string[] = [];

  const login = (u: string, password = PASSWORD) => e.login(u, password);
  const newPage = (width: number, height: number) => e.newPage(width, height);
  const signIn = (page: Page, username: string, next: string) => e.signIn(page, username, next);

  beforeAll(async () => {
    e = await startE2E();
    ({ s, admin } = e);
    const cast = e.cast;
    const unitC = await buildUnit(s.database, { code: 'T003', name: UNIT_C, sector: 'ZB' });
    await buildUser(s.database, { username: 'memberc', role: 'member', unitId: unitC, mobile: '13800000003' });
    await buildUser(s.database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
    unitIds.set('A', cast.unitA).set('B', cast.unitB).set('C', unitC);
    // The cast's judge (no unit) takes no part: the three judges below are the round's only ones.
    expect((await admin.post(`/api/org/users/${cast.ids.judge}/deactivate`, {})).status).toBe(200);
    await startCampaign2017(admin);

    for (const u of UNITS) {
      const member = await login(u.member);
      const unitAdmin = await login(u.admin);
      const ids: number[] = [];
      for (const idea of IDEAS.filter((i) => i.unit === u.key)) {
        const body = `${u.name}${u.author}老师关于${idea.marker}的建议：${textOf(520)}\n联系人${u.author}，电话${u.phone}。`;
        const c = await member.post('/api/ideas', completeForm({ title: `${u.name}关于${idea.marker}的建议`, contactName: u.author, contactPhone: u.phone, authors: [u.author], body }));
        expect(c.status, c.text).toBe(201);
        expect((await member.post(`/api/ideas/${c.body.id}/send`, {})).status).toBe(200);
        expect((await unitAdmin.post(`/api/ideas/${c.body.id}/approve`, {})).status).toBe(200);
        ids.push(c.body.id);
        ideaIds.set(idea.label, c.body.id);
      }
      const batch = await unitAdmin.post('/api/batches', { ideaIds: ids });
      expect(batch.status, batch.text).toBe(201);
      const rec = await admin.post(`/api/batches/${batch.body.id}/receive`, {});
      expect(rec.status, rec.text).toBe(200);
    }

    for (const j of JUDGES) {
      const r = await admin.post('/api/evaluation/judges', { username: j.username, name: j.name, unitId: unitIds.get(j.unit), expertise: [] });
      expect(r.status, r.text).toBe(201);
      judgeIds.set(j.username, r.body.judge.id);
      const c = await login(j.username, r.body.initialPassword);
      const ch = await c.post('/api/auth/change-password', { currentPassword: r.body.initialPassword, newPassword: PASSWORD });
      expect(ch.status, ch.text).toBeLessThan(300);
    }
    const users = await s.database.db.selectFrom('users').select('name').execute();
    const sectors = await s.database.db.selectFrom('sectors').select('name').execute();
    forbidden = [
      ...UNITS.flatMap((u) => [u.name, u.author, u.phone]),
      ...users.map((u) => u.name).filter((n) => !JUDGES.some((j) => j.name === n)),
      ...sectors.map((x) => x.name),
      '横溪',
      '白塔镇',
      '联系人',
    ];
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  });

  /**
   * Follows a link and waits for the page it leads to. Under load a click on the header's link, just
   * after a toast, can come to nothing; it is then tried again (never once the page has been left).
   */
  async function follow(page: Page, testId: string, url: RegExp) {
    for (let attempt = 1; ; attempt++) {
      if (!url.test(page.url())) await page.getByTestId(testId).click({ timeout: 10_000 }).catch(() => {});
      try {
        await page.waitForURL(url, { timeout: 10_000 });
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  /** A criterion's score input: antd gives a form control the id <form name>_<field path>. */
  const scoreInput = (page: Page, key: string) => page.locator(`#eval-sheet_scores_${key}`);

  /** The judge's page carries none of the forbidden strings: the whole document's text, hidden parts included. */
  async function assertBlind(page: Page, judge: (typeof JUDGES)[number], label: string) {
    const own = UNITS.find((u) => u.key === judge.unit)!.name;
    // The header names the signed-in judge's own unit (hidden on a phone); the ideas' units never appear.
    const all = await page.evaluate(() => document.body.textContent ?? '');
    const main = await page.evaluate(() => document.querySelector('#main')?.textContent ?? '');
    for (const f of forbidden) {
      // (and the short forms of that name, which the masking also knows)
      if (own.includes(f)) expect(main, `${label}: main content contains ${f}`).not.toContain(f);
      else expect(all, `${label}: page contains ${f}`).not.toContain(f);
    }
    expect(all, `${label}: a phone number`).not.toMatch(/1[3-9]\d{9}/);
  }

  it('the bureau creates a round in the browser: three reviews per idea are refused with the server’s reason, two are assigned and opened', async () => {
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', '/evaluation/judges');
    const table = page.getByTestId('eval-judges-table');
    await table.waitFor();
    for (const j of JUDGES) await expect.poll(() => table.innerText(), POLL).toContain(j.name);
    await checkA11y(page, 'judges page');

    await page.getByTestId('nav-eval-rounds').click();
    await page.waitForURL(/\/evaluation\/rounds$/);
    await page.getByTestId('eval-round-create').click();
    await page.getByTestId('eval-round-title').fill('2017年金点子评比（初评）');
    // Defaults: the five criteria of the notice, three reviews per idea, blind reading, every active judge.
    for (const [i, name] of ['创新性', '针对性', '可行性', '实效性', '文字表达'].entries()) expect(await page.getByTestId(`eval-criterion-name-${i}`).inputValue()).toBe(name);
    expect(await numberInput(page, 'eval-round-reviews').inputValue()).toBe('3');
    expect(await page.getByTestId('eval-round-blind').getAttribute('aria-checked')).toBe('true');
    const judgesField = await page.getByTestId('eval-round-judges').innerText();
    for (const j of JUDGES) expect(judgesField).toContain(j.name);
    await checkA11y(page, 'round form');
    await page.getByTestId('eval-round-save').click();
    await page.waitForURL(/\/evaluation\/rounds\/\d+$/);
    roundId = Number(/rounds\/(\d+)/.exec(page.url())![1]);
    // The default rubric kept its criteria's codes.
    expect((await admin.get(`/api/evaluation/rounds/${roundId}`)).body.rubric.map((c: { key: string }) => c.key)).toEqual(CRITERIA);

    // Three reviews per idea cannot be met: each idea has two judges outside its unit.
    await page.getByTestId('eval-round-assign').click();
    const err = page.getByTestId('eval-assign-error');
    await err.waitFor();
    const reason = await err.innerText();
    expect(reason).toMatch(/[\u4e00-\u9fff]/);
    expect(reason).toContain('3');
    await checkA11y(page, 'round page with the infeasible reason');
    const nothing = await admin.get(`/api/evaluation/rounds/${roundId}/assignments`);
    expect(nothing.body.items).toEqual([]);

    await page.getByTestId('eval-round-edit').click();
    await numberInput(page, 'eval-round-reviews').fill('2');
    await page.getByTestId('eval-round-save').click();
    await page.getByTestId('eval-round-save').waitFor({ state: 'detached' });
    await page.getByTestId('eval-round-assign').click();
    const done = page.getByTestId('eval-assign-result');
    await done.waitFor();
    expect(await done.innerText()).toContain('6 件金点子、3 位评委，共 12 份评审；每位评委 4–4 份');
    await expect.poll(() => page.getByTestId('eval-assignments-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(12);
    await page.getByTestId('eval-round-open').click();
    await page.getByTestId('eval-round-open-ok').click();
    await expect.poll(() => page.getByTestId('eval-round-status').innerText(), POLL).toBe('评分中');
    await checkA11y(page, 'round page, assignment');
    // A reminder for the first judge (in the app): it shows on their list.
    await page.getByTestId('eval-tab-progress').click();
    await page.getByTestId(`eval-remind-${judgeIds.get(JUDGES[0].username)}`).click();
    await expect.poll(() => page.locator('.ant-message-notice').allInnerTexts(), POLL).toContain('已提醒 1 位评委');
    await expect.poll(() => page.getByTestId(`eval-progress-${judgeIds.get(JUDGES[0].username)}`).innerText(), POLL).toContain('（1）');
    await checkA11y(page, 'round page, progress');

    // The conflict rule, from the saved assignment: no judge has an idea of their own unit.
    const pairs = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { ideaId: number; judgeId: number }[];
    expect(pairs).toHaveLength(12);
    for (const p of pairs) {
      const judge = JUDGES.find((j) => judgeIds.get(j.username) === p.judgeId)!;
      const idea = IDEAS.find((i) => ideaIds.get(i.label) === p.ideaId)!;
      expect(idea.unit, `${judge.username} got ${idea.label}`).not.toBe(judge.unit);
    }
    await page.context().close();
  }, 240_000);

  for (const judge of JUDGES) {
    it(`${judge.username} scores four ideas on a phone, blind, none of their own unit`, async () => {
      expect(roundId).toBeGreaterThan(0);
      const page = await newPage(375, 812);
      await signIn(page, judge.username, '/evaluation/my');
      const progress = page.getByTestId(`eval-my-progress-${roundId}`);
      await progress.waitFor();
      expect(await progress.innerText()).toContain('已评 0 / 4');
      const items = page.locator('[data-testid^=eval-my-item-]');
      await expect.poll(() => items.count(), POLL).toBe(4);
      const listText = await page.getByTestId(`eval-my-round-${roundId}`).innerText();
      const mine = Object.keys(SHEETS[judge.username]);
      for (const idea of IDEAS) {
        if (mine.includes(idea.label)) expect(listText).toContain(idea.marker);
        else expect(listText, `${judge.username} sees ${idea.label}`).not.toContain(idea.marker);
      }
      expect(listText).toContain('〔单位〕'); // the unit's name in the titles, masked
      expect(await page.getByTestId('eval-my-reminder').count()).toBe(judge === JUDGES[0] ? 1 : 0);
      await assertBlind(page, judge, `${judge.username}'s list`);
      await noHorizontalScroll(page, `${judge.username}'s list`);
      if (judge === JUDGES[0]) await checkA11y(page, 'my reviews (phone)');

      for (const [n, label] of mine.entries()) {
        const marker = IDEAS.find((i) => i.label === label)!.marker;
        await page.locator('[data-testid^=eval-my-item-]', { hasText: marker }).locator('a[data-testid^=eval-my-open-]').click();
        await page.waitForURL(/\/evaluation\/my\/\d+$/);
        await page.getByTestId('eval-sheet-body').waitFor();
        expect(await page.getByTestId('eval-sheet-title').innerText()).toContain(marker);
        expect(await page.getByTestId('eval-sheet-body').innerText()).toContain('〔姓名〕');
        await assertBlind(page, judge, `${judge.username}'s sheet ${label}`);
        await noHorizontalScroll(page, `${judge.username}'s sheet ${label}`);
        const scores = SHEETS[judge.username][label];

        if (n === 0) {
          // Out of range: the form says so and nothing is sent.
          await scoreInput(page, CRITERIA[0]).fill('25');
          await page.getByTestId('eval-sheet-save').click();
          await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toContain('“创新性”的分数须在 0 到 20 之间。');
          // Off the 0.5 step: the server refuses it and its Chinese sentence is shown.
          await scoreInput(page, CRITERIA[0]).fill('13.3');
          await page.getByTestId('eval-sheet-save').click();
          const serverError = page.getByTestId('eval-sheet-error');
          await serverError.waitFor();
          expect(await serverError.innerText()).toContain('须是 0.5 的整数倍');
          if (judge === JUDGES[0]) await checkA11y(page, 'sheet with the server’s error (phone)');
          // A draft with two scores, then the rest and submit.
          await scoreInput(page, CRITERIA[0]).fill(String(scores[0]));
          await scoreInput(page, CRITERIA[1]).fill(String(scores[1]));
          await page.getByTestId('eval-sheet-save').click();
          await expect.poll(() => page.getByTestId('eval-sheet-form-card').isVisible(), POLL).toBe(true);
          await expect.poll(async () => (await admin.get(`/api/evaluation/rounds/${roundId}/progress`)).body.totals.draft, POLL).toBeGreaterThan(0);
        }
        for (const [k, key] of CRITERIA.entries()) {
          // The first sheet of judgea is submitted with one wrong score, then revised.
          const v = n === 0 && judge === JUDGES[0] && k === 4 ? scores[k] - 1 : scores[k];
          await scoreInput(page, key).fill(String(v));
        }
        await page.getByTestId('eval-sheet-comment').fill(`评语：${marker}思路清楚。`);
        await page.getByTestId('eval-sheet-submit').click();
        await page.getByTestId('eval-sheet-revise').waitFor();
        if (n === 0 && judge === JUDGES[0]) {
          expect(await page.getByTestId('eval-sheet-total').innerText()).toContain(String(scores.reduce((a, b) => a + b, 0) - 1));
          await scoreInput(page, CRITERIA[4]).fill(String(scores[4]));
          await page.getByTestId('eval-sheet-revise').click();
          await expect.poll(() => page.locator('.ant-message-notice').allInnerTexts(), POLL).toContain('修改已保存');
          await checkA11y(page, 'submitted sheet (phone)');
        }
        expect(await page.getByTestId('eval-sheet-total').innerText()).toBe(`总分：${scores.reduce((a, b) => a + b, 0)}`);
        await follow(page, 'eval-sheet-back', /\/evaluation\/my$/);
      }
      await expect.poll(() => page.getByTestId(`eval-my-progress-${roundId}`).innerText(), POLL).toContain('已评 4 / 4');
      await page.context().close();
    }, 240_000);
  }

  it('the results page ranks the six ideas as the hand table; raw and normalised, per topic, per sector, reliability explained', async () => {
    expect(roundId).toBeGreaterThan(0);
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=progress`);
    const progress = page.getByTestId('eval-progress-table');
    await progress.waitFor();
    for (const j of JUDGES) await expect.poll(() => page.getByTestId(`eval-progress-${judgeIds.get(j.username)}`).innerText(), POLL).toContain('4 / 4');
    await checkA11y(page, 'progress');

    await page.getByTestId('eval-tab-results').click();
    const ranking = page.getByTestId('eval-ranking');
    await ranking.waitFor();
    const rows = ranking.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), POLL).toBe(6);
    const shown: [string, string, string][] = [];
    for (let i = 0; i < 6; i++) {
      const row = rows.nth(i);
      const text = await row.innerText();
      const idea = IDEAS.find((x) => text.includes(x.marker))!;
      shown.push([await row.getByTestId('eval-rank').innerText(), idea.label, await row.getByTestId('eval-rank-score').innerText()]);
    }
    expect(shown).toEqual(EXPECTED_RANKING.map(([label, mean], i) => [String(i + 1), label, String(mean)]));
    // The hand table's means are what the sheets add up to.
    for (const [label, mean] of EXPECTED_RANKING) {
      const totals = Object.values(SHEETS).flatMap((byIdea) => (byIdea[label] ? [byIdea[label].reduce((a, b) => a + b, 0)] : []));
      expect(totals).toHaveLength(2);
      expect((totals[0] + totals[1]) / 2).toBe(mean);
    }
    const explanation = await page.getByTestId('eval-reliability-explanation').innerText();
    expect(explanation).toMatch(/[\u4e00-\u9fff]{10}/);
    expect(await page.getByTestId('eval-tie-break').innerText()).toContain('中位数');
    await checkA11y(page, 'results, raw');

    await page.getByTestId('eval-mode-normalized').click();
    await expect.poll(() => page.getByTestId('eval-results').innerText(), POLL).toContain('标准化分：先把每位评委的分数换算成标准分');
    await expect.poll(() => page.getByTestId('eval-ranking').locator('tbody tr.ant-table-row').count(), POLL).toBe(6);
    await checkA11y(page, 'results, normalised');

    // Per sector: each unit is its own sector here, so each ranking holds its unit's two ideas in hand-table order.
    await page.getByTestId('eval-mode-raw').click();
    await page.getByTestId('eval-view-sector').click();
    const bySector = page.getByTestId('eval-ranking-sector');
    await bySector.waitFor();
    const sectorRows = await bySector.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(sectorRows).toHaveLength(2);
    const labels = sectorRows.map((t) => IDEAS.find((x) => t.includes(x.marker))!.label);
    const order = EXPECTED_RANKING.map(([l]) => l).filter((l) => labels.includes(l));
    expect(labels).toEqual(order);
    expect(new Set(labels.map((l) => l[0])).size).toBe(1);
    await page.context().close();
  }, 240_000);

  it('the round pages work on a phone for the bureau too', async () => {
    const page = await newPage(375, 812);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=results`);
    await page.getByTestId('eval-ranking').waitFor();
    await noHorizontalScroll(page, 'results (phone)');
    await checkA11y(page, 'results (phone)');
    await page.goto(`${s.url}/evaluation/rounds`);
    await page.getByTestId(`eval-round-link-${roundId}`).waitFor();
    await noHorizontalScroll(page, 'rounds (phone)');
    await checkA11y(page, 'rounds (phone)');
    await page.context().close();
  }, 240_000);

  it('a judge declares a conflict on a phone: the review leaves their list, the bureau sees the reason and the idea short of a review', async () => {
    expect(roundId).toBeGreaterThan(0);
    const judge = JUDGES[1];
    const label = 'C2';
    const marker = IDEAS.find((i) => i.label === label)!.marker;
    const page = await newPage(375, 812);
    await signIn(page, judge.username, '/evaluation/my');
    await page.locator('[data-testid^=eval-my-item-]', { hasText: marker }).locator('a[data-testid^=eval-my-open-]').click();
    await page.getByTestId('eval-sheet-body').waitFor();
    await page.getByTestId('eval-conflict-open').click();
    // A reason is required.
    await page.getByTestId('eval-conflict-ok').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toContain('请填写回避理由（至少 2 个字）。');
    await checkA11y(page, 'conflict dialog (phone)');
    await page.getByTestId('eval-conflict-reason').fill('曾指导该校教师撰写此类材料');
    await page.getByTestId('eval-conflict-ok').click();
    await page.waitForURL(/\/evaluation\/my$/);
    await expect.poll(() => page.locator('[data-testid^=eval-my-item-]').count(), POLL).toBe(3);
    expect(await page.getByTestId(`eval-my-round-${roundId}`).innerText()).not.toContain(marker);
    await expect.poll(() => page.getByTestId(`eval-my-progress-${roundId}`).innerText(), POLL).toContain('已评 3 / 3');
    await assertBlind(page, judge, `${judge.username}'s list after the conflict`);
    await page.context().close();

    const bureau = await newPage(1366, 900);
    await signIn(bureau, 'admin', `/evaluation/rounds/${roundId}`);
    const conflicts = bureau.getByTestId('eval-conflicts');
    await expect.poll(() => conflicts.innerText(), POLL).toContain('曾指导该校教师撰写此类材料');
    expect(await conflicts.innerText()).toContain(judge.name);
    await expect.poll(() => bureau.getByTestId('eval-short-ideas').innerText(), POLL).toContain('1 件金点子评审人数不足');
    await checkA11y(bureau, 'assignment with a declared conflict');
    await bureau.context().close();
  }, 240_000);

  it('the bureau creates a judge with topic expertise in the browser; the initial password is shown once', async () => {
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', '/evaluation/judges');
    await page.getByTestId('eval-judges-table').waitFor();
    await page.getByTestId('eval-judge-create').click();
    await page.getByTestId('eval-judge-username').fill('judged');
    await page.getByTestId('eval-judge-name').fill('评委丁');
    await page.getByTestId('eval-judge-mobile').fill('1391234');
    await page.getByTestId('eval-judge-save').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allInnerTexts(), POLL).toContain('请输入 11 位手机号');
    await page.getByTestId('eval-judge-mobile').fill('');
    const expertise = page.locator('#eval-judge_expertise');
    await expertise.fill('教师队伍建设');
    await expertise.press('Enter');
    await page.keyboard.press('Escape');
    await checkA11y(page, 'judge form');
    await page.getByTestId('eval-judge-save').click();
    await page.getByTestId('secret-password').waitFor();
    expect(await page.getByTestId('secret-username').innerText()).toBe('judged');
    expect((await page.getByTestId('secret-password').innerText()).length).toBeGreaterThanOrEqual(8);
    const list = (await admin.get('/api/evaluation/judges')).body.items as { username: string; expertise: string[]; unitId: number | null }[];
    expect(list.find((j) => j.username === 'judged')).toMatchObject({ expertise: ['教师队伍建设'], unitId: null });
    await page.getByTestId('secret-close').click();
    await expect.poll(() => page.getByTestId('eval-judges-table').innerText(), POLL).toContain('评委丁');
    await page.context().close();
  }, 240_000);

  // ---- 评奖与公示: the awards of the closed round, in the browser ----

  /**
   * The awards by hand. After the conflict above, C2 keeps judgea's sheet only (55); the raw ranking
   * is C1 88, A2 85.5, B1 78.5, A1 72, B2 64, C2 55. Tiers by count 1 / 1 / 1 / 2 down that ranking.
   */
  const PROPOSED: [string, string, string][] = [
    ['C1', '一等奖', '88'],
    ['A2', '二等奖', '85.5'],
    ['B1', '三等奖', '78.5'],
    ['A1', '优秀奖', '72'],
    ['B2', '优秀奖', '64'],
    ['C2', '不获奖', '55'],
  ];
  /** B2 raised to 三等奖 by hand; then B1 disqualified: the ranks close up and the tiers are decided again (B2's change kept). */
  const FINAL: [string, string, string][] = [
    ['C1', '一等奖', '88'],
    ['A2', '二等奖', '85.5'],
    ['A1', '三等奖', '72'],
    ['B2', '三等奖', '64'],
    ['C2', '优秀奖', '55'],
  ];
  const ADJUST_REASON = '评审组复议：该建议已在两所学校试行，效果明显';
  const DISQ_REASON = '查重发现与已发表文章大段雷同';
  const OBJECTION = '该建议与我校2016年的做法高度相似，请复核原创性。';
  const REPLY = '经查重复核，相似度 3%，不构成雷同，维持原结果。';
  let noticeEndsAt = '';
  const squash = (x: string) => x.replace(/\s+/g, '');
  const ideaOf = (label: string) => {
    const idea = IDEAS.find((i) => i.label === label)!;
    const unit = UNITS.find((u) => u.key === idea.unit)!;
    return { id: ideaIds.get(label)!, title: `${unit.name}关于${idea.marker}的建议`, unit: unit.name, author: unit.author, marker: idea.marker };
  };
  const awardsUrl = (suffix = '') => `/api/evaluation/rounds/${roundId}/awards${suffix}`;

  /** The ranked ideas as the page shows them: a table's rows on a desktop, cards on a phone. */
  const awardItems = (page: Page) => page.locator('[data-testid^="eval-award-row-"], [data-testid^="eval-award-card-"]');
  /** The awards list as the page shows it: [label, tier, raw score] in rank order (the ranks checked to be 1, 2, 3, …). */
  async function awardRows(page: Page): Promise<[string, string, string][]> {
    const rows = awardItems(page);
    const out: [string, string, string][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      expect(await row.getByTestId('eval-award-rank').innerText()).toBe(String(i + 1));
      const title = await row.getByTestId('eval-award-title').innerText();
      const idea = IDEAS.find((x) => title.includes(x.marker))!;
      const tier = (await row.getByTestId(`eval-award-tier-${ideaIds.get(idea.label)}`).innerText()).split('\n')[0].trim();
      out.push([idea.label, tier, await row.getByTestId('eval-award-raw').innerText()]);
    }
    return out;
  }

  const formErrors = (page: Page) => page.locator('.ant-form-item-explain-error').allInnerTexts();

  function pdfText(file: string, pageNo?: number): string {
    return execFileSync('pdftotext', [...(pageNo ? ['-f', String(pageNo), '-l', String(pageNo)] : []), file, '-'], { encoding: 'utf8' });
  }
  const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

  /** Clicks the page's download control and saves what the browser downloads (playwright's download event). */
  async function download(page: Page, testId: string, dir: string): Promise<{ file: string; name: string }> {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
    const file = path.join(dir, `${testId}-${dl.suggestedFilename().replace(/[^\w.-]/g, '_')}`);
    await dl.saveAs(file);
    return { file, name: dl.suggestedFilename() };
  }

  it('the bureau closes the round and proposes awards in the browser; a tier changed with its reason; an idea disqualified leaves the ranking', async () => {
    expect(roundId).toBeGreaterThan(0);
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=results`);
    await page.getByTestId('eval-ranking').waitFor();
    // No awards tab while judges may still score.
    expect(await page.getByTestId('eval-tab-awards').count()).toBe(0);
    await page.getByTestId('eval-round-close').click();
    await page.getByTestId('eval-round-close-ok').click();
    await expect.poll(() => page.getByTestId('eval-round-status').innerText(), POLL).toBe('已结束');
    await page.getByTestId('eval-tab-awards').click();
    await page.getByTestId('eval-awards-none').waitFor();

    // Ranked by raw scores, tiers by count: 1, 1, 1, 2.
    await page.getByTestId('eval-awards-mode-raw').click();
    await page.getByTestId('eval-awards-by-count').click();
    for (const [k, n] of [['first', 1], ['second', 1], ['third', 1], ['excellence', 2]] as const) await numberInput(page, `eval-awards-${k}`).fill(String(n));
    await page.getByTestId('eval-awards-issuer').fill('仙居县教育局');
    await page.getByTestId('eval-awards-propose').click();
    await expect.poll(() => page.getByTestId('eval-awards-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(6);
    expect(await awardRows(page)).toEqual(PROPOSED);
    expect(await page.getByTestId('eval-awards-status').innerText()).toBe('拟定（未公示）');
    await checkA11y(page, 'awards tab, proposed (desktop)');

    // A tier changed by hand: a reason is required; the computed tier and the reason stay in view.
    const b2 = ideaOf('B2');
    await page.getByTestId(`eval-award-adjust-${b2.id}`).click();
    await chooseOption(page, 'eval-adjust-tier', '三等奖');
    await page.getByTestId('eval-adjust-ok').click();
    await expect.poll(() => formErrors(page), POLL).toContain('请填写调整理由（至少 2 个字）。');
    await checkA11y(page, 'adjust dialog');
    await page.getByTestId('eval-adjust-reason').fill(ADJUST_REASON);
    await page.getByTestId('eval-adjust-ok').click();
    await page.getByTestId('eval-adjust-ok').waitFor({ state: 'detached' });
    const adjusted = page.getByTestId(`eval-award-adjusted-${b2.id}`);
    await expect.poll(() => adjusted.innerText(), POLL).toContain('按规则：优秀奖');
    expect(await adjusted.innerText()).toContain(ADJUST_REASON);
    expect((await awardRows(page))[4]).toEqual(['B2', '三等奖', '64']);

    // 取消资格: a reason of at least 5 characters, confirmed; the idea leaves the ranking, the ranks close up.
    const b1 = ideaOf('B1');
    await page.getByTestId(`eval-disq-open-${b1.id}`).click();
    expect(await page.getByTestId('eval-disq-warning').innerText()).toContain(b1.title);
    await page.getByTestId('eval-disq-ok').click();
    await expect.poll(() => formErrors(page), POLL).toContain('请填写取消资格的理由（至少 5 个字）。');
    await page.getByTestId('eval-disq-reason').fill('雷同');
    await page.getByTestId('eval-disq-ok').click();
    await expect.poll(() => formErrors(page), POLL).toContain('请填写取消资格的理由（至少 5 个字）。');
    expect((await admin.get(awardsUrl())).body.items).toHaveLength(6); // nothing sent yet
    await checkA11y(page, 'disqualify dialog');
    await page.getByTestId('eval-disq-reason').fill(DISQ_REASON);
    await page.getByTestId('eval-disq-ok').click();
    await expect.poll(() => page.getByTestId('eval-awards-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(5);
    expect(await awardRows(page)).toEqual(FINAL);
    expect(await page.getByTestId(`eval-award-adjusted-${b2.id}`).innerText()).toContain(ADJUST_REASON);
    expect(await page.getByTestId('eval-awards-disqualified').innerText()).toContain(b1.title);
    const saved = (await admin.get(awardsUrl())).body;
    expect(saved).toMatchObject({ status: 'proposed', mode: 'raw', issuer: '仙居县教育局' });
    expect(saved.items.find((i: { ideaId: number }) => i.ideaId === b2.id)).toMatchObject({ computedTier: 'excellence', tier: 'third', reason: ADJUST_REASON });
    const disq = await s.database.db.selectFrom('evaluation_disqualifications').selectAll().execute();
    expect(disq.map((d) => [d.idea_id, d.reason])).toEqual([[b1.id, DISQ_REASON]]);
    await checkA11y(page, 'awards tab after the disqualification (desktop)');
    // The results tab keeps B1's scores on the record and marks it, with a note that the awards leave it out.
    await page.getByTestId('eval-tab-results').click();
    await expect.poll(() => page.getByTestId('eval-disqualified').count(), POLL).toBe(1);
    expect(await page.getByTestId('eval-disqualified-note').innerText()).toContain('1 件金点子已被取消评比资格');
    await page.getByTestId('eval-tab-awards').click();
    await expect.poll(() => page.getByTestId('eval-awards-table').locator('tbody tr.ant-table-row').count(), POLL).toBe(5);

    // On a phone: the list scrolls inside its labelled region, the page does not.
    const phone = await newPage(375, 812);
    await signIn(phone, 'admin', `/evaluation/rounds/${roundId}?tab=awards`);
    await expect.poll(() => phone.locator('[data-testid^="eval-award-card-"]').count(), POLL).toBe(5);
    expect(await awardRows(phone)).toEqual(FINAL);
    expect(await phone.getByTestId(`eval-award-adjusted-${b2.id}`).innerText()).toContain(ADJUST_REASON);
    await noHorizontalScroll(phone, 'awards tab, proposed (phone)');
    await checkA11y(phone, 'awards tab, proposed (phone)');
    await phone.context().close();

    // 公示: an end in the past is refused by the server (its message shown); the default is 5 working days.
    await page.getByTestId('eval-awards-ends-at').fill('2017-09-01');
    await page.getByTestId('eval-awards-announce').click();
    await page.getByTestId('eval-awards-announce-ok').click();
    await expect.poll(() => page.getByTestId('eval-awards-error').innerText(), POLL).toContain('须晚于现在');
    expect((await admin.get(awardsUrl())).body.status).toBe('proposed');
    await page.getByTestId('eval-awards-ends-at').fill('');
    await page.getByTestId('eval-awards-announce').click();
    await page.getByTestId('eval-awards-announce-ok').click();
    await expect.poll(() => page.getByTestId('eval-awards-status').innerText(), POLL).toBe('公示中');
    // Wednesday 2017-09-20 10:00 Beijing + 5 working days → Wednesday 2017-09-27 23:59:59.999 Beijing.
    noticeEndsAt = (await admin.get(awardsUrl())).body.noticeEndsAt;
    expect(noticeEndsAt).toBe('2017-09-27T15:59:59.999Z');
    expect(await page.getByTestId('eval-awards-notice-period').innerText()).toContain('2017-09-27 23:59:59');
    expect(await page.getByTestId('eval-awards-finalize').isDisabled()).toBe(true);
    expect(await page.getByTestId('eval-awards-finalize-blocked').innerText()).toContain('公示期至 2017-09-27 23:59:59');
    expect(await page.getByTestId(`eval-disq-open-${b2.id}`).count()).toBe(0);
    await checkA11y(page, 'awards tab, announced (desktop)');
    await page.context().close();
  }, 240_000);

  it('a unit objects during the 公示; after the period the bureau answers it in the browser and finalises', async () => {
    expect(noticeEndsAt).not.toBe('');
    const a2 = ideaOf('A2');
    // The unit side's page is another helper's: the objection goes through the API.
    const unitAdminB = await login('unitadminb');
    const o = await unitAdminB.post(`/api/evaluation/rounds/${roundId}/objections`, { ideaId: a2.id, reason: OBJECTION });
    expect(o.status, o.text).toBe(201);
    const objectionId = o.body.id as number;

    // The server's clock past the notice's end: sessions have expired, sign in again.
    s.clock.set(Date.parse(noticeEndsAt) + 1);
    admin = await login('admin');
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=awards`);
    const card = page.getByTestId(`eval-obj-${objectionId}`);
    await card.waitFor();
    expect(await card.innerText()).toContain(OBJECTION);
    expect(await card.innerText()).toContain('横溪中学');
    expect(await card.innerText()).toContain(a2.title);
    expect(await page.getByTestId(`eval-obj-status-${objectionId}`).innerText()).toBe('待答复');
    // The period is over; the open objection still holds the results back.
    await expect.poll(() => page.getByTestId('eval-awards-finalize-blocked').innerText(), POLL).toBe('还有 1 条异议未答复，全部答复后才能确定。');
    expect(await page.getByTestId('eval-awards-finalize').isDisabled()).toBe(true);
    await checkA11y(page, 'awards tab with an open objection (desktop)');

    // The answer needs an outcome and a reply.
    await page.getByTestId(`eval-obj-answer-${objectionId}`).click();
    await expect.poll(() => formErrors(page), POLL).toEqual(expect.arrayContaining(['请选择异议是否成立。', '请填写答复（至少 2 个字）。']));
    expect((await admin.get(awardsUrl())).body.objections[0].status).toBe('open');
    await page.getByTestId(`eval-obj-rejected-${objectionId}`).click();
    await page.getByTestId(`eval-obj-reply-${objectionId}`).fill(REPLY);
    await page.getByTestId(`eval-obj-answer-${objectionId}`).click();
    await expect.poll(() => page.getByTestId(`eval-obj-status-${objectionId}`).innerText(), POLL).toBe('异议不成立');
    expect(await page.getByTestId(`eval-obj-reply-text-${objectionId}`).innerText()).toBe(REPLY);
    expect((await admin.get(awardsUrl())).body.objections[0]).toMatchObject({ status: 'rejected', reply: REPLY });

    // 确定, confirmed.
    await expect.poll(() => page.getByTestId('eval-awards-finalize').isDisabled(), POLL).toBe(false);
    expect(await page.getByTestId('eval-awards-finalize-blocked').count()).toBe(0);
    await page.getByTestId('eval-awards-finalize').click();
    await page.getByTestId('eval-awards-finalize-ok').click();
    await expect.poll(() => page.getByTestId('eval-awards-status').innerText(), POLL).toBe('已确定');
    expect((await admin.get(awardsUrl())).body).toMatchObject({ status: 'final', finalizedAt: new Date(Date.parse(noticeEndsAt) + 1).toISOString() });
    // Nothing changes any more: no adjusting, no answering.
    expect(await page.locator('[data-testid^=eval-award-adjust-]').count()).toBe(0);
    expect(await page.getByTestId(`eval-obj-answer-${objectionId}`).count()).toBe(0);
    await page.context().close();
  }, 240_000);

  it('once final: public, 推荐发布, the certificates (all and one) and the results sheet downloaded from the page', async () => {
    const page = await newPage(1366, 900);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=awards`);
    await page.getByTestId('eval-awards-public').waitFor();
    await page.getByTestId('eval-awards-public').click();
    await expect.poll(async () => (await admin.get(awardsUrl())).body.public, POLL).toBe(true);
    const c1 = ideaOf('C1');
    await page.getByTestId(`eval-award-excellent-${c1.id}`).click();
    await expect.poll(async () => (await admin.get(awardsUrl())).body.items.filter((i: { excellent: boolean }) => i.excellent).map((i: { ideaId: number }) => i.ideaId), POLL).toEqual([c1.id]);
    await checkA11y(page, 'awards tab, final (desktop)');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-awards-e2e-'));
    try {
      const campaign = (await admin.get('/api/campaigns/current')).body as { title: string };
      expect(campaign.title).toBeTruthy();
      // Every awarded idea, one page each, in rank order.
      const all = await download(page, 'eval-awards-certs', dir);
      expect(all.name).toMatch(/\.pdf$/);
      expect(pdfPages(all.file)).toBe(FINAL.length);
      FINAL.forEach(([label, tier], n) => {
        const idea = ideaOf(label);
        const text = squash(pdfText(all.file, n + 1));
        expect(text, `certificate ${n + 1}`).toContain('荣誉证书');
        expect(text, `certificate ${n + 1}`).toContain(`${idea.unit}${idea.author}：`);
        expect(text, `certificate ${n + 1}`).toContain(`你的金点子《${squash(idea.title)}》在`);
        expect(text, `certificate ${n + 1}`).toContain(`在${squash(campaign.title)}中荣获${tier}。`);
        expect(text, `certificate ${n + 1}`).toContain('仙居县教育局');
        for (const other of IDEAS) if (other.label !== label) expect(text).not.toContain(ideaOf(other.label).title);
      });
      // One idea's certificate from its row.
      const a1 = ideaOf('A1');
      const one = await download(page, `eval-award-cert-${a1.id}`, dir);
      expect(pdfPages(one.file)).toBe(1);
      const oneText = squash(pdfText(one.file));
      expect(oneText).toContain(`${a1.unit}${a1.author}：你的金点子《${squash(a1.title)}》`);
      expect(oneText).toContain('荣获三等奖');

      // The results sheet (exceljs).
      const xlsx = await download(page, 'eval-awards-xlsx', dir);
      expect(xlsx.name).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx.file);
      const ws = wb.getWorksheet('评比结果')!;
      expect(String(ws.getCell('A1').value)).toMatch(/已确定，按原始分排名/);
      const rows = [];
      for (let n = 3; n <= ws.rowCount; n++) rows.push((ws.getRow(n).values as unknown[]).slice(1));
      expect(rows.map((x) => [x[0], x[1], x[2], x[3], x[4], x[7]])).toEqual(FINAL.map(([label, tier, raw], i) => [i + 1, tier, ideaOf(label).title, ideaOf(label).unit, ideaOf(label).author, Number(raw)]));
      const b2Row = rows[FINAL.findIndex(([l]) => l === 'B2')];
      expect([b2Row[12], b2Row[13]]).toEqual(['优秀奖', ADJUST_REASON]);
      expect(rows.map((x) => x[14])).toEqual(FINAL.map(([l]) => (l === 'C1' ? '是' : '否')));
      // B1, disqualified, is on none of them.
      expect(JSON.stringify(rows)).not.toContain(ideaOf('B1').title);
      expect(squash(pdfText(all.file))).not.toContain(squash(ideaOf('B1').title));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await page.context().close();
  }, 240_000);

  it('the final awards tab on a phone: the list as cards, no sideways scroll, axe-core', async () => {
    const page = await newPage(375, 812);
    await signIn(page, 'admin', `/evaluation/rounds/${roundId}?tab=awards`);
    await expect.poll(() => page.locator('[data-testid^="eval-award-card-"]').count(), POLL).toBe(FINAL.length);
    expect(await awardRows(page)).toEqual(FINAL);
    await page.getByTestId('eval-awards-objections').waitFor();
    await noHorizontalScroll(page, 'awards tab, final (phone)');
    await checkA11y(page, 'awards tab, final (phone)');
    // In English: the same tab, every word of it translated (the ideas' own titles stay as written).
    await page.evaluate(() => localStorage.setItem('jdz.locale', 'en-US'));
    await page.reload();
    await expect.poll(() => page.getByTestId('eval-awards-status').innerText(), POLL).toBe('Final');
    expect(await page.getByTestId('eval-tab-awards').innerText()).toBe('Awards');
    expect(await page.getByTestId('eval-awards-certs').innerText()).toBe('Download all certificates (PDF)');
    const state = await page.getByTestId('eval-awards-state').innerText();
    expect(state.replace(/仙居县教育局/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
    await noHorizontalScroll(page, 'awards tab, final (phone, English)');
    await checkA11y(page, 'awards tab, final (phone, English)');
    await page.context().close();
  }, 240_000);
});
