// Evaluation (评比, issue 5) in Chromium. The bureau admin creates a round in the browser (default
// rubric, blind on); with three reviews per idea the assignment is impossible (each idea has only two
// judges outside its unit) and the page shows the server's zh-CN reason, nothing saved; with two it
// is made and opened. Three judges — one from each of the three units that sent two ideas each —
// score their four ideas on a 375 px phone: no judge gets an idea of their own unit, and no judge's
// page carries a unit name, an author or a phone in its DOM text. A score out of range is stopped
// by the form, one off the 0.5 step by the server (its zh-CN message shown); a draft is saved, then
// submitted, then revised. The admin's results page then ranks the six ideas as the table below,
// computed by hand. Every page passes axe-core and none scrolls sideways on the phone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { checkA11y as axeCheck, launchBrowser } from '../helpers/browser.ts';
import { requireBrowser } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';
import { buildUnit, buildUser, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { completeForm, startCampaign2017, textOf } from '../helpers/ideas.ts';
import { WEB_DIST } from '../../src/platform/http/app.ts';

const browserCheck = requireBrowser();
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));
if (!built && !process.env.CI) console.warn('web/dist is not built: skipping evaluation browser tests (npm test builds it)');
const POLL = { timeout: 30_000, interval: 250 };

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

describe.skipIf(!browserCheck.available || (!built && !process.env.CI))('evaluation pages in Chromium', () => {
  let db: TestDatabase;
  let s: TestServer;
  let admin: Client;
  let browser: Browser;
  const unitIds = new Map<UnitKey, number>();
  const ideaIds = new Map<string, number>(); // label → idea id
  const judgeIds = new Map<string, number>(); // username → user id
  let roundId = 0;
  /** Every string a judge's page must not contain. */
  let forbidden: string[] = [];

  const login = async (u: string, password = PASSWORD) => {
    const c = new Client(s.url);
    expect((await c.login(u, password)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    if (!built) throw new Error('web/dist is missing: run `npx vite build` (npm test builds it)');
    db = await createTestDatabase('sqlite');
    let cast;
    ({ server: s, admin, cast } = await startWithCast(db, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
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
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await db?.drop();
  });

  async function newPage(width: number, height: number): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    const page = await ctx.newPage();
    if (process.env.E2E_DEBUG) page.on('console', (m) => console.log(`[browser] ${m.type()}: ${m.text()}`));
    return page;
  }

  async function signIn(page: Page, username: string, next: string) {
    await page.goto(`${s.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
  }

  async function noHorizontalScroll(page: Page, label: string) {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scroll, `${label}: page wider than the screen`).toBeLessThanOrEqual(inner + 1);
  }

  /** axe-core once the page is still: no spinner, loading button, half-faded element or running transition. */
  const checkA11y = async (page: Page, label: string) => {
    await page.mouse.move(0, 0);
    const busy = () =>
      [
        ...[...document.querySelectorAll('.ant-spin-spinning, .ant-btn-loading, .ant-spin-blur')].map((el) => el.className),
        ...[...document.querySelectorAll('.ant-spin-container, .ant-btn, .ant-modal, .ant-message-notice')].filter((el) => getComputedStyle(el).opacity !== '1').map((el) => `${el.className}: opacity ${getComputedStyle(el).opacity}`),
        ...document.getAnimations().filter((a) => a instanceof CSSTransition && a.playState === 'running').map((a) => `transition of ${(a as CSSTransition).transitionProperty}`),
      ].join('; ');
    await expect.poll(() => page.evaluate(busy), { ...POLL, message: `${label}: the page did not settle` }).toBe('');
    return axeCheck(page, label);
  };

  /** A criterion's score input: antd gives a form control the id <form name>_<field path>. */
  const scoreInput = (page: Page, key: string) => page.locator(`#eval-sheet_scores_${key}`);

  const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`).first();

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
        await page.getByTestId('eval-sheet-back').click();
        await page.waitForURL(/\/evaluation\/my$/);
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
});
