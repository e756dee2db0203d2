// The units' and judges' side of the evaluation results in Chromium at 375 px. Set up through the API:
// three units' six ideas in an open round of four judges. A judge's home lists "N 篇待评" with the
// deadline and the bureau's reminder; "知道了" marks it read and it stays gone after a reload. Then
// every sheet is scored, the round closed, tiers proposed and announced (公示). A unit admin sees the
// open notice on the home to-do, opens the notice (rank, tier, title, unit, topic; the end and the
// time left), files an objection — a too-short reason is refused with a clear message and nothing is
// saved — and sees it listed. The bureau answers it, the clock passes the end, the bureau finalises
// (API); the unit admin sees the final notice with the answer and the unit's results, and a member
// sees the tier and rank of the ideas they wrote. No page shows an author or a phone to a role that
// must not see them (the DOM is checked); every new page passes axe-core and none scrolls sideways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Client } from '../helpers/http.ts';
import { chooseOption } from '../helpers/browser.ts';
import { buildUser } from '../helpers/factories.ts';
import { browserTestsRunnable, checkA11ySettled as checkA11y, noHorizontalScroll, POLL, startE2E, type E2E } from '../helpers/e2e-setup.ts';
import { announceResults, openedRound, scoreAll, SIX_IDEAS, type ScoredIdea } from '../helpers/evaluation.ts';

const runnable = browserTestsRunnable('awards notice');

const SPECS = SIX_IDEAS;
/** Phones of the cast's members and the ideas' contact phone (completeForm's default). */
const PHONES = ['13800000001', '13800000002', '13800000003', '13800000123', '138 0000 0123'];
const AUTHORS = SPECS.flatMap((s) => s.authors);
const DEADLINE = '2017-10-10T09:00:00.000Z'; // 2017-10-10 17:00 Beijing time
const REASON = '该建议与我校2016年在全县推广的做法高度相似，请复核其原创性。';

describe.skipIf(!runnable)('result notices, objections and unit results in Chromium', () => {
  let e: E2E;
  let admin: Client;
  let roundId: number;
  let ideas: ScoredIdea[];
  let judges: { id: number; client: Client }[];

  const phone = async () => e.newPage(375, 812);
  const text = (page: Page) => page.evaluate(() => document.body.innerText);
  /** Neither an author nor a phone anywhere in the page's text or markup. */
  async function noPersonalData(page: Page, label: string, names: string[] = AUTHORS) {
    const html = await page.content();
    const body = await text(page);
    for (const p of PHONES) expect(html, `${label}: phone ${p}`).not.toContain(p);
    for (const n of names) expect(body, `${label}: name ${n}`).not.toContain(n);
  }

  beforeAll(async () => {
    e = await startE2E();
    admin = e.admin;
    ({ roundId, ideas, judges } = await openedRound(e.s, admin, e.cast, SPECS, { deadline: DEADLINE }));
  }, 180_000);
  afterAll(async () => e?.close());

  it('a judge sees "N 篇待评" with the deadline and a reminder until it is marked read', async () => {
    const judge = judges[0];
    const mine = ((await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { judgeId: number }[]).filter((p) => p.judgeId === judge.id).length;
    const sent = await admin.post(`/api/evaluation/rounds/${roundId}/remind`, { judgeIds: [judge.id], message: '请于10月10日前完成评分。' });
    expect(sent.status, sent.text).toBe(200);
    const page = await phone();
    await e.signIn(page, 'pingwei1', '/');
    const line = page.getByTestId(`todo-eval-review-${roundId}`);
    await expect.poll(() => line.innerText(), POLL).toContain(`${mine} 篇待评`);
    expect(await line.innerText()).toContain('截止 2017-10-10 17:00（北京时间）');
    expect(await line.locator('a').getAttribute('href')).toBe('/evaluation/my');
    const card = page.getByTestId('home-reminders');
    await expect.poll(() => card.innerText(), POLL).toContain('请于10月10日前完成评分。');
    expect(await card.innerText()).toContain('2017年金点子评比');
    // A judge's home names no unit, author or phone.
    await noPersonalData(page, 'judge home', [...AUTHORS, '城关第一小学', '横溪中学', '白塔镇']);
    await noHorizontalScroll(page, 'judge home');
    await checkA11y(page, 'judge home with a reminder');

    await card.getByRole('button', { name: /知道了/ }).click();
    await expect.poll(() => page.getByTestId('home-reminders').count(), POLL).toBe(0);
    await page.reload();
    await expect.poll(() => line.innerText(), POLL).toContain('篇待评');
    expect(await page.getByTestId('home-reminders').count()).toBe(0);
    expect((await judge.client.get('/api/evaluation/my')).body.reminders).toEqual([]);
    await page.context().close();
  });

  it('a unit admin files an objection during the notice (a too-short reason refused, nothing saved) and sees it listed', async () => {
    await scoreAll(admin, roundId, ideas, judges);
    e.s.clock.set('2017-11-13T02:00:00.000Z'); // Monday: the notice ends Monday 20th, 23:59 Beijing time
    admin = await e.login('admin');
    const { noticeEndsAt } = await announceResults(admin, roundId);
    expect(noticeEndsAt).toBe('2017-11-20T15:59:59.999Z');

    const page = await phone();
    await e.signIn(page, 'unitadminb', '/');
    const todo = page.getByTestId(`todo-eval-notice-${roundId}`);
    await expect.poll(() => todo.innerText(), POLL).toContain('评比结果公示中，截至 2017-11-20 23:59（北京时间）');
    await todo.locator('a').click();
    await page.waitForURL('**/evaluation/notices');
    const notice = page.getByTestId(`notice-${roundId}`);
    await expect.poll(() => notice.innerText(), POLL).toContain('公示中');
    expect(await page.getByTestId(`notice-end-${roundId}`).innerText()).toContain('公示截止：2017-11-20 23:59');
    await expect.poll(() => page.getByTestId(`notice-left-${roundId}`).innerText(), POLL).toMatch(/还剩 7 天 13 小时 \d+ 分/);
    // Ranked by hand (raw): 18 → 1st 一等奖, 16 → 2nd 二等奖, 14 → 3rd 三等奖, 12 → 4th 优秀奖, 10 and 8 without award.
    const item = (k: number) => page.getByTestId(`notice-item-${ideas[k].id}`);
    for (const [k, rank, tier, unit] of [[1, 1, '一等奖', '城关第一小学'], [3, 2, '二等奖', '横溪中学'], [0, 3, '三等奖', '城关第一小学'], [5, 4, '优秀奖', '仙居县白塔镇中心小学'], [2, 5, '不获奖', '横溪中学']] as const) {
      const t = await item(k).innerText();
      expect(t).toContain(`第 ${rank} 名`);
      expect(t).toContain(tier);
      expect(t).toContain(SPECS[k].title);
      expect(t).toContain(unit);
    }
    await noPersonalData(page, 'notice (unit admin)');
    await noHorizontalScroll(page, 'notice');
    await checkA11y(page, 'notice with the objection form');

    const count = async () => Number((await e.s.database.db.selectFrom('evaluation_objections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await chooseOption(page, 'objection-idea', SPECS[1].title);
    await page.getByTestId('objection-reason').fill('太短了');
    await page.getByTestId('objection-submit').click();
    const form = page.getByTestId(`objection-form-${roundId}`);
    await expect.poll(() => form.locator('.ant-form-item-explain-error').innerText(), POLL).toBe('异议理由至少 5 个字。');
    expect(await form.innerText()).toContain('3 / 1000'); // the counter
    await page.waitForTimeout(500);
    expect(await count()).toBe(0);

    await page.getByTestId('objection-reason').fill(REASON);
    await page.getByTestId('objection-submit').click();
    const listed = page.getByTestId(`objections-${roundId}`);
    await expect.poll(() => listed.innerText(), POLL).toContain(REASON);
    expect(await listed.innerText()).toContain('待答复');
    expect(await listed.innerText()).toContain(SPECS[1].title);
    expect(await count()).toBe(1);
    await checkA11y(page, 'notice with the unit objection');
    await page.context().close();
  });

  it('after the answer, the end of the notice and the finalisation: the unit admin and a member see the results', async () => {
    const [o] = (await admin.get(`/api/evaluation/rounds/${roundId}/awards`)).body.objections as { id: number }[];
    const a = await admin.post(`/api/evaluation/objections/${o.id}/answer`, { outcome: 'rejected', reply: '经查重复核，相似度 3%，不构成雷同，维持原结果。' });
    expect(a.status, a.text).toBe(200);
    e.s.clock.set('2017-11-21T01:00:00.000Z');
    admin = await e.login('admin');
    const f = await admin.post(`/api/evaluation/rounds/${roundId}/awards/finalize`, {});
    expect(f.status, f.text).toBe(200);

    const page = await phone();
    await e.signIn(page, 'unitadminb', '/evaluation/notices');
    const notice = page.getByTestId(`notice-${roundId}`);
    await expect.poll(() => notice.innerText(), POLL).toContain('已确定');
    expect(await page.getByTestId(`notice-end-${roundId}`).innerText()).toContain('评比结果已确定');
    expect(await page.getByTestId(`objection-form-${roundId}`).count()).toBe(0);
    expect(await notice.innerText()).toContain('异议不成立');
    expect(await notice.innerText()).toContain('维持原结果');
    await noPersonalData(page, 'final notice (unit admin)');
    await checkA11y(page, 'final notice');

    // The unit's results: unit B's two ideas (2nd 二等奖; 5th without award) of six ranked.
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-eval-results').click();
    await page.waitForURL('**/evaluation/results');
    const tier = (k: number) => page.getByTestId(`unit-result-tier-${ideas[k].id}`);
    await expect.poll(() => tier(3).innerText(), POLL).toBe('二等奖');
    expect(await page.getByTestId(`unit-result-rank-${ideas[3].id}`).innerText()).toBe('第 2 名（共 6 件）');
    expect(await tier(2).innerText()).toBe('未获奖');
    expect(await page.getByTestId(`unit-result-${ideas[1].id}`).count()).toBe(0); // unit A's
    await noPersonalData(page, 'unit results (unit admin)');
    await noHorizontalScroll(page, 'unit results');
    await checkA11y(page, 'unit results');
    await page.context().close();

    // On a desktop, in English: the same pages.
    const desk = await e.newPage(1366, 900);
    await e.signIn(desk, 'unitadminb', '/evaluation/notices');
    await expect.poll(() => desk.getByTestId(`notice-${roundId}`).innerText(), POLL).toContain('已确定');
    await desk.getByTestId('lang-switch').click();
    await expect.poll(() => desk.getByTestId(`notice-item-${ideas[3].id}`).innerText(), POLL).toContain('Rank 2');
    expect(await desk.getByTestId(`notice-item-${ideas[3].id}`).innerText()).toContain('Second prize');
    expect(await desk.getByTestId(`notice-end-${roundId}`).innerText()).toContain('the results are final');
    expect(await desk.getByTestId(`objections-${roundId}`).innerText()).toContain('Rejected');
    await noHorizontalScroll(desk, 'notice (desktop)');
    await checkA11y(desk, 'notice (desktop, English)');
    await desk.getByTestId('nav-eval-results').click();
    await expect.poll(() => desk.getByTestId(`unit-result-rank-${ideas[3].id}`).innerText(), POLL).toBe('Rank 2 of 6');
    await checkA11y(desk, 'unit results (desktop, English)');
    await desk.context().close();

    // A member of unit C: the one idea of theirs with an award, no notice page in the menu.
    const m = await phone();
    await e.signIn(m, 'memberc', '/evaluation/results');
    await expect.poll(() => m.getByTestId(`unit-result-tier-${ideas[5].id}`).innerText(), POLL).toBe('优秀奖');
    expect(await m.getByTestId(`unit-result-rank-${ideas[5].id}`).innerText()).toBe('第 4 名（共 6 件）');
    expect(await m.getByTestId(`unit-result-tier-${ideas[4].id}`).innerText()).toBe('未获奖');
    expect(await m.getByTestId(`unit-result-${ideas[3].id}`).count()).toBe(0);
    await noPersonalData(m, 'unit results (member)');
    await checkA11y(m, 'unit results (member)');
    await m.getByTestId('nav-toggle').click();
    await expect.poll(() => m.getByTestId('nav-eval-results').count(), POLL).toBe(1);
    expect(await m.getByTestId('nav-eval-notices').count()).toBe(0);
    await m.goto(`${e.s.url}/evaluation/notices`);
    await expect.poll(() => text(m), POLL).not.toContain('公示名单');
    expect(await text(m)).not.toContain(SPECS[1].title);
    await m.context().close();

    // Unit A's member wrote unit A's two ideas: those two, nothing of other units.
    expect(((await (await e.login('member')).get('/api/evaluation/unit-results')).body.items as { ideaId: number }[]).map((i) => i.ideaId).sort()).toEqual([ideas[0].id, ideas[1].id].sort());
  });

  it('a member without finalised results gets the empty text; judges and the bureau have no such page', async () => {
    await buildUser(e.s.database, { username: 'memberd', role: 'member', unitId: e.cast.unitB });
    const page = await phone();
    await e.signIn(page, 'memberd', '/evaluation/results');
    await expect.poll(() => page.getByTestId('unit-results-empty').innerText(), POLL).toContain('您的金点子暂无已确定的评比结果');
    await checkA11y(page, 'unit results (empty)');
    await page.context().close();
    for (const who of ['pingwei1', 'admin']) {
      const c = await e.login(who);
      expect((await c.get('/api/evaluation/unit-results')).status, who).toBe(403);
      expect((await c.get('/api/evaluation/notices')).status, who).toBe(403);
    }
  });
});
