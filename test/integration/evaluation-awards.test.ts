// Decisions and awards (评比结果, issue 5 item 5) over real HTTP on SQLite and PostgreSQL: proposed
// results of a closed round (tiers by count and by share, a disqualified idea left out and the ranks
// closed up, hand adjustments with a recorded reason), the 公示 with its working-day end, objections
// by unit admins answered on the record, finalisation only after the period and every answer, each
// unit seeing its own ideas' results once final, the public flag and 推荐发布, certificates read back
// with pdftotext, the results .xlsx read back with exceljs; bad input refused in Chinese with nothing
// changed, never a 500; every step audited.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import type { Client } from '../helpers/http.ts';
import { startWithCast } from '../helpers/factories.ts';
import { scoredRound, signIn, type ScoredIdea } from '../helpers/evaluation.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

function pdfText(buf: Buffer, page?: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-cert-'));
  const file = path.join(dir, 'c.pdf');
  fs.writeFileSync(file, buf);
  try {
    const args = page ? ['-f', String(page), '-l', String(page), file, '-'] : [file, '-'];
    return execFileSync('pdftotext', args, { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pdfPages(buf: Buffer): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-cert-'));
  const file = path.join(dir, 'c.pdf');
  fs.writeFileSync(file, buf);
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/); // landscape A4
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Quality by hand: idea k gets the same points from every judge on each criterion.
const SPECS = [
  { title: '关于完善校本研修制度的建议', authors: ['张明远'], points: 14 },
  { title: '推行教师走教制度的建议', authors: ['李晓红', '王建国'], points: 18 },
  { title: '建立城乡学校结对帮扶机制', authors: ['赵一鸣'], points: 10 },
  { title: '关于减轻学生课业负担的建议', authors: ['钱多多'], points: 16 },
  { title: '=1+2 关于课后服务的建议', authors: ['孙悦'], points: 8 },
  { title: '农村学校寄宿制管理的建议', authors: ['周文斌', '吴雅琴'], points: 12 },
];

describeDialects('evaluation awards: results, 公示, objections, certificates', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  let roundId: number;
  let ideas: ScoredIdea[];
  const idea = (k: number) => ideas[k];
  const awards = `/api/evaluation/rounds/:id/awards`;
  const url = (suffix = '') => awards.replace(':id', String(roundId)) + suffix;

  /** Sessions time out while the clock jumps by days: sign in again after every jump. */
  const fresh = async (who = 'admin') => {
    const c = await signIn(s, who);
    if (who === 'admin') admin = c;
    return c;
  };
  const tableState = async () => ({
    awards: await s.database.db.selectFrom('evaluation_awards').selectAll().orderBy('idea_id').execute(),
    rounds: await s.database.db.selectFrom('evaluation_award_rounds').selectAll().execute(),
    objections: await s.database.db.selectFrom('evaluation_objections').selectAll().orderBy('id').execute(),
  });
  const auditActions = async (from: number) => (await s.database.db.selectFrom('audit_log').select(['action', 'outcome', 'target_type', 'target_id']).where('seq', '>', from).orderBy('seq').execute());
  const lastSeq = async () => Number((await s.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m ?? 0);

  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    ({ roundId, ideas } = await scoredRound(s, admin, cast, SPECS));
  }, 120_000);
  afterAll(async () => s?.close());

  it('nothing before the round is closed; then bad settings are refused in Chinese and change nothing', async () => {
    const none = await admin.get(url());
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('尚未拟定评比结果');
    const early = await admin.post(url('/propose'), { by: 'count', counts: { first: 1 } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('请先结束评比');
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/close`, {})).status).toBe(200);
    // Disqualified after scoring (e.g. an originality finding): left out of the results.
    expect((await admin.post('/api/evaluation/disqualifications', { ideaId: idea(3).id, reason: '查重发现与已发表文章大段雷同' })).status).toBe(204);
    // The aggregation keeps its scores on the record and marks it, with the reason; no other idea is marked.
    const res = await admin.get(`/api/evaluation/rounds/${roundId}/results?mode=raw`);
    expect(res.status, res.text).toBe(200);
    for (const i of res.body.ideas as { ideaId: number; sheets: number; disqualification: { reason: string; decidedAt: string } | null }[]) {
      if (i.ideaId === idea(3).id) expect(i).toMatchObject({ disqualification: { reason: '查重发现与已发表文章大段雷同', decidedAt: expect.any(String) } });
      else expect(i.disqualification).toBeNull();
      expect(i.sheets).toBeGreaterThan(0);
    }

    const before = await tableState();
    const cases: [unknown, number, string][] = [
      [{ by: 'share', shares: { first: 0.5, second: 0.4, third: 0.3 } }, 400, '不能超过 100%'],
      [{ by: 'count', counts: { first: -1 } }, 400, ''],
      [{ by: 'count', counts: { first: 1 }, adjustments: [{ ideaId: idea(3).id, tier: 'first', reason: '理由充分' }] }, 400, '不在排名中'],
      [{ by: 'count', counts: { first: 1 }, adjustments: [{ ideaId: idea(0).id, tier: 'first', reason: '' }] }, 400, ''],
      [{ by: 'count', counts: { first: 1 }, status: 'final' }, 400, ''],
      [{ by: 'count', counts: { first: 1 }, issuer: '教育\u0000局' }, 400, ''],
      [{ by: 'ranking' }, 400, ''],
      [{ by: 'count', shares: { first: 0.1 } }, 400, '须填写各奖项名额'],
      ['not json', 400, ''],
    ];
    for (const [body, status, words] of cases) {
      const r = await admin.post(url('/propose'), body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      if (words) expect(r.body.error.message).toContain(words);
    }
    expect((await admin.post('/api/evaluation/rounds/999999/awards/propose', { by: 'count', counts: {} })).status).toBe(404);
    expect(await tableState()).toEqual(before);
  });

  it('proposes by share, then by count: the disqualified idea is out and the ranks close up', async () => {
    // 5 ranked ideas; shares 20% / 20% / 20% / 40% → 1, 1, 1, 2 (cumulative, rounded half up).
    const byShare = await admin.post(url('/propose'), { mode: 'normalized', by: 'share', shares: { first: 0.2, second: 0.2, third: 0.2, excellence: 0.4 }, issuer: '仙居县教育局' });
    expect(byShare.status, byShare.text).toBe(200);
    expect(byShare.body.excluded).toEqual([idea(3).id]);
    // Ranking by hand: 18 (idea 1), [16 disqualified], 14 (idea 0), 12 (idea 5), 10 (idea 2), 8 (idea 4).
    const order = [1, 0, 5, 2, 4].map((k) => idea(k).id);
    expect(byShare.body.items.map((i: { ideaId: number }) => i.ideaId)).toEqual(order);
    expect(byShare.body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(byShare.body.items.map((i: { tier: string }) => i.tier)).toEqual(['first', 'second', 'third', 'excellence', 'excellence']);
    expect(byShare.body.items[0]).toMatchObject({ rawScore: 90, sheets: 3, tierLabel: '一等奖', authors: ['李晓红', '王建国'], unitName: '城关第一小学' });

    const r = await admin.post(url('/propose'), { mode: 'raw', by: 'count', counts: { first: 1, second: 1, third: 1, excellence: 1 } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'proposed', mode: 'raw', issuer: '仙居县教育局', noticeEndsAt: null });
    expect(r.body.items.map((i: { ideaId: number }) => i.ideaId)).toEqual(order);
    expect(r.body.items.map((i: { tier: string | null }) => i.tier)).toEqual(['first', 'second', 'third', 'excellence', null]);
    expect(r.body.items.map((i: { rawScore: number }) => i.rawScore)).toEqual([90, 70, 60, 50, 40]);
    // Raw mode: every judge gave an idea the same total, so no spread and no flag.
    expect(r.body.items.every((i: { spread: number; flagged: boolean }) => i.spread === 0 && !i.flagged)).toBe(true);
    expect(r.body.items.every((i: { reason: string | null }) => i.reason === null)).toBe(true);
  });

  it('a tier changed by hand keeps the computed one and records the reason (audited)', async () => {
    const before = await tableState();
    const noReason = await admin.post(url('/adjust'), { ideaId: idea(4).id, tier: 'excellence' });
    expect(noReason.status).toBe(400);
    const notRanked = await admin.post(url('/adjust'), { ideaId: idea(3).id, tier: 'excellence', reason: '复核后认为应当获奖' });
    expect(notRanked.status).toBe(409);
    expect(notRanked.body.error.message).toContain('不在本轮的排名中');
    expect(await tableState()).toEqual(before);
    const seq = await lastSeq();
    const r = await admin.post(url('/adjust'), { ideaId: idea(4).id, tier: 'excellence', reason: '评审组复议：该建议已在两所学校试行，效果明显' });
    expect(r.status, r.text).toBe(200);
    const it4 = r.body.items.find((i: { ideaId: number }) => i.ideaId === idea(4).id);
    expect(it4).toMatchObject({ computedTier: null, tier: 'excellence', tierLabel: '优秀奖', reason: '评审组复议：该建议已在两所学校试行，效果明显' });
    expect(await auditActions(seq)).toEqual([{ action: 'evaluation.awards.adjust', outcome: 'success', target_type: 'idea', target_id: String(idea(4).id) }]);
  });

  it('certificates and unit results wait until the results are final', async () => {
    expect((await admin.get(url('/certificates.pdf'))).status).toBe(409);
    const unitAdmin = await fresh('unitadmin');
    expect((await unitAdmin.get('/api/evaluation/unit-results')).body.items).toEqual([]);
    expect((await unitAdmin.get('/api/evaluation/notices')).body.items).toEqual([]);
    expect((await unitAdmin.post(`/api/evaluation/rounds/${roundId}/objections`, { ideaId: idea(1).id, reason: '尚未公示也想提异议' })).status).toBe(404);
    expect((await admin.put(url('/public'), { public: true })).status).toBe(409);
  });

  let endsAt: string;

  it('announces for 5 working days (Mon–Fri, Beijing time); units read the notice and file objections', async () => {
    // Monday 2017-1113 10:00 Beijing → the notice ends Monday 2017-11-20 23:59:59.999 Beijing.
    s.clock.set('2017-11-13T02:00:00.000Z');
    await fresh();
    const past = await admin.post(url('/announce'), { endsAt: '2017-11-01T00:00:00+08:00' });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('须晚于现在');
    const seq = await lastSeq();
    const a = await admin.post(url('/announce'), {});
    expect(a.status, a.text).toBe(200);
    expect(a.body).toMatchObject({ status: 'announced', announcedAt: '2017-11-13T02:00:00.000Z', noticeEndsAt: '2017-11-20T15:59:59.999Z' });
    endsAt = a.body.noticeEndsAt;
    expect((await auditActions(seq)).map((x) => x.action)).toEqual(['evaluation.awards.announce']);
    expect((await admin.post(url('/announce'), {})).status).toBe(409);
    expect((await admin.post(url('/propose'), { by: 'count', counts: { first: 2 } })).status).toBe(409);

    const unitAdminB = await fresh('unitadminb');
    const notice = await unitAdminB.get('/api/evaluation/notices');
    expect(notice.status).toBe(200);
    expect(notice.body.items).toHaveLength(1);
    expect(notice.body.items[0]).toMatchObject({ roundId, status: 'announced', open: true, noticeEndsAt: endsAt });
    expect(notice.body.items[0].results.map((x: { title: string; tierLabel: string }) => [x.title, x.tierLabel])).toEqual([
      [idea(1).title, '一等奖'],
      [idea(0).title, '二等奖'],
      [idea(5).title, '三等奖'],
      [idea(2).title, '优秀奖'],
      [idea(4).title, '优秀奖'],
    ]);
    // A notice names ideas and units, never people, phones or scores.
    for (const i of ideas) for (const name of i.authors) expect(notice.text).not.toContain(name);
    expect(notice.text).not.toMatch(/1[3-9]\d{9}|rawScore|normalizedScore/);

    const before = await tableState();
    for (const [body, status] of [
      [{ ideaId: idea(1).id, reason: '短' }, 400],
      [{ ideaId: idea(3).id, reason: '该金点子不在名单中却想提异议' }, 409],
      [{ ideaId: idea(1).id, reason: '有异议', extra: 1 }, 400],
    ] as const) {
      const r = await unitAdminB.post(`/api/evaluation/rounds/${roundId}/objections`, body);
      expect(r.status, r.text).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await tableState()).toEqual(before);
    // Unit B objects to unit A's 一等奖, and to its own idea's tier.
    const o1 = await unitAdminB.post(`/api/evaluation/rounds/${roundId}/objections`, { ideaId: idea(1).id, reason: '该建议与我校2016年的做法高度相似，请复核原创性。' });
    expect(o1.status, o1.text).toBe(201);
    expect(o1.body).toMatchObject({ ideaId: idea(1).id, unitName: '横溪中学', status: 'open', reply: null });
    const o2 = await unitAdminB.post(`/api/evaluation/rounds/${roundId}/objections`, { ideaId: idea(2).id, reason: '我校建议已在全县推广，请复核评分。' });
    expect(o2.status).toBe(201);
    // Unit A sees the notice but not unit B's objections.
    const unitAdminA = await fresh('unitadmin');
    expect((await unitAdminA.get('/api/evaluation/notices')).body.items[0].objections).toEqual([]);
    expect((await unitAdminB.get('/api/evaluation/notices')).body.items[0].objections).toHaveLength(2);
    const bureau = await admin.get(url());
    expect(bureau.body.objections.map((o: { status: string }) => o.status)).toEqual(['open', 'open']);
  });

  it('final only after the period has ended and every objection is answered on the record', async () => {
    const early = await admin.post(url('/finalize'), {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('公示期至 2017年11月20日 23:59');
    // One millisecond after the end: no more objections.
    s.clock.set(Date.parse(endsAt) + 1);
    await fresh();
    const late = await (await fresh('unitadminc')).post(`/api/evaluation/rounds/${roundId}/objections`, { ideaId: idea(1).id, reason: '公示结束后才提出的异议' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('公示已于 2017年11月20日 23:59');
    const open = await admin.post(url('/finalize'), {});
    expect(open.status).toBe(409);
    expect(open.body.error.message).toContain('还有 2 条异议未答复');

    const [o1, o2] = (await admin.get(url())).body.objections as { id: number }[];
    const before = await tableState();
    expect((await admin.post(`/api/evaluation/objections/${o1.id}/answer`, { outcome: 'maybe', reply: '研究中' })).status).toBe(400);
    expect((await admin.post(`/api/evaluation/objections/${o1.id}/answer`, { outcome: 'rejected', reply: '' })).status).toBe(400);
    expect((await admin.post('/api/evaluation/objections/999999/answer', { outcome: 'rejected', reply: '不存在' })).status).toBe(404);
    expect(await tableState()).toEqual(before);
    const seq = await lastSeq();
    const a1 = await admin.post(`/api/evaluation/objections/${o1.id}/answer`, { outcome: 'rejected', reply: '经查重复核，相似度 3%，不构成雷同，维持原结果。' });
    expect(a1.status, a1.text).toBe(200);
    expect(a1.body).toMatchObject({ status: 'rejected', reply: '经查重复核，相似度 3%，不构成雷同，维持原结果。' });
    expect((await admin.post(`/api/evaluation/objections/${o1.id}/answer`, { outcome: 'upheld', reply: '改判' })).status).toBe(409);
    const a2 = await admin.post(`/api/evaluation/objections/${o2.id}/answer`, { outcome: 'upheld', reply: '复核后调整为三等奖。' });
    expect(a2.status).toBe(200);
    // The upheld objection's consequence: a hand adjustment with its reason.
    const adj = await admin.post(url('/adjust'), { ideaId: idea(2).id, tier: 'third', reason: `异议 ${o2.id} 成立：复核后调整为三等奖` });
    expect(adj.status).toBe(200);
    const f = await admin.post(url('/finalize'), {});
    expect(f.status, f.text).toBe(200);
    expect(f.body).toMatchObject({ status: 'final', finalizedAt: new Date(Date.parse(endsAt) + 1).toISOString() });
    expect((await auditActions(seq)).map((x) => `${x.action}:${x.outcome}`)).toEqual([
      'evaluation.objections.answer:success',
      'evaluation.objections.answer:failure',
      'evaluation.objections.answer:success',
      'evaluation.awards.adjust:success',
      'evaluation.awards.finalize:success',
    ]);
    // Final is final.
    for (const [m, u, b] of [
      ['post', url('/adjust'), { ideaId: idea(4).id, tier: null, reason: '再改一次试试' }],
      ['post', url('/propose'), { by: 'count', counts: { first: 1 } }],
      ['post', url('/finalize'), {}],
      ['post', `/api/evaluation/objections/${o1.id}/answer`, { outcome: 'upheld', reply: '改判' }],
    ] as const) {
      const r = await admin.post(u, b);
      expect(r.status, `${m} ${u}`).toBe(409);
    }
  });

  it('each unit sees its own ideas’ results once final; a member their own ideas', async () => {
    const a = await fresh('unitadmin');
    const mine = (await a.get('/api/evaluation/unit-results')).body.items as { ideaId: number; tier: string | null; rank: number; ranked: number; tierLabel: string }[];
    expect(mine.map((x) => [x.ideaId, x.rank, x.tierLabel, x.ranked])).toEqual([
      [idea(1).id, 1, '一等奖', 5],
      [idea(0).id, 2, '二等奖', 5],
    ]);
    const b = await fresh('unitadminb');
    // Unit B's disqualified idea has no result; its other one the adjusted tier.
    expect((await b.get('/api/evaluation/unit-results')).body.items.map((x: { ideaId: number; tierLabel: string }) => [x.ideaId, x.tierLabel])).toEqual([[idea(2).id, '三等奖']]);
    const m = await fresh('member');
    expect((await m.get('/api/evaluation/unit-results')).body.items.map((x: { ideaId: number }) => x.ideaId).sort()).toEqual([idea(0).id, idea(1).id].sort());
    const mb = await fresh('memberb');
    expect((await mb.get('/api/evaluation/unit-results')).body.items.map((x: { ideaId: number }) => x.ideaId)).toEqual([idea(2).id]);
    const notices = await b.get('/api/evaluation/notices');
    expect(notices.body.items[0]).toMatchObject({ status: 'final', open: false });
  });

  it('public flag and 优秀，推荐发布', async () => {
    await fresh();
    expect((await admin.put(url('/public'), { public: 'yes' })).status).toBe(400);
    const p = await admin.put(url('/public'), { public: true });
    expect(p.status).toBe(200);
    expect(p.body.public).toBe(true);
    expect((await admin.put(url('/excellent'), { ideaId: idea(3).id, excellent: true })).status).toBe(409);
    const e = await admin.put(url('/excellent'), { ideaId: idea(1).id, excellent: true });
    expect(e.status).toBe(200);
    expect(e.body.items.filter((i: { excellent: boolean }) => i.excellent).map((i: { ideaId: number }) => i.ideaId)).toEqual([idea(1).id]);
    const a = await fresh('unitadmin');
    expect((await a.get('/api/evaluation/unit-results')).body.items.map((x: { excellent: boolean; public: boolean }) => [x.excellent, x.public])).toEqual([
      [true, true],
      [false, true],
    ]);
  });

  it('certificates: one PDF per idea and one for the round, with the right names and tiers (pdftotext)', async () => {
    await fresh();
    const seq = await lastSeq();
    const all = await admin.get(url('/certificates.pdf'));
    expect(all.status, all.text.slice(0, 200)).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/pdf');
    const buf = all.body as Buffer;
    // Awarded: ideas 1 (一等奖), 0 (二等奖), 5 (三等奖), 2 (三等奖 after the objection), 4 (优秀奖 by hand).
    const expected: [number, string][] = [
      [1, '一等奖'],
      [0, '二等奖'],
      [5, '三等奖'],
      [2, '三等奖'],
      [4, '优秀奖'],
    ];
    expect(pdfPages(buf)).toBe(5);
    expected.forEach(([k, tier], n) => {
      const t = squash(pdfText(buf, n + 1));
      expect(t).toContain('荣誉证书');
      expect(t).toContain(`${idea(k).unitName}${idea(k).authors.join('、')}：`);
      expect(t).toContain(`${idea(k).authors.length === 1 ? '你' : '你们'}的金点子《${squash(idea(k).title)}》在`);
      expect(t).toContain(`中荣获${tier}。特发此证，以资鼓励。`);
      expect(t).toContain('仙居县教育局二〇一七年十一月');
      for (const other of ideas) if (other.id !== idea(k).id) expect(t).not.toContain(squash(other.title));
    });
    // The campaign's title is on every certificate.
    const campaign = (await admin.get('/api/campaigns/current')).body;
    expect(squash(pdfText(buf))).toContain(squash(`在${campaign.title ?? campaign.campaign?.title}中荣获`));

    const one = await admin.get(url(`/certificates.pdf?ideaId=${idea(5).id}`));
    expect(one.status).toBe(200);
    expect(pdfPages(one.body)).toBe(1);
    const t = squash(pdfText(one.body));
    expect(t).toContain('仙居县白塔镇中心小学周文斌、吴雅琴：你们的金点子《农村学校寄宿制管理的建议》');
    expect(t).toContain('荣获三等奖');
    expect(t).not.toContain('张明远');
    // No certificate for a ranked idea without an award, nor for a disqualified one.
    expect((await admin.get(url(`/certificates.pdf?ideaId=${idea(3).id}`))).status).toBe(404);
    expect((await admin.get(url('/certificates.pdf?ideaId=abc'))).status).toBe(400);
    const audit = await auditActions(seq);
    expect(audit.filter((x) => x.action === 'evaluation.awards.certificates' && x.outcome === 'success')).toHaveLength(2);
  });

  it('results as .xlsx for the bureau (exceljs), formula-like text quoted, who and when', async () => {
    const r = await admin.get(url('/results.xlsx'));
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('评比结果')!;
    expect(String(ws.getCell('A1').value)).toMatch(/2017年金点子评比.*已确定，按原始分排名.*导出人：.*（admin）.*导出时间：2017-11-2\d/);
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual(['名次', '奖项', '题目', '单位', '作者', '议题', '板块', '原始分', '标准化分', '评审份数', '分差', '分歧较大', '按规则奖项', '人工调整理由', '推荐发布']);
    const rows = [];
    for (let n = 3; n <= ws.rowCount; n++) rows.push((ws.getRow(n).values as unknown[]).slice(1));
    expect(rows).toHaveLength(5);
    expect(rows.map((x) => [x[0], x[1], x[2], x[3], x[4], x[7], x[9], x[11]])).toEqual([
      [1, '一等奖', idea(1).title, '城关第一小学', '李晓红、王建国', 90, 3, '否'],
      [2, '二等奖', idea(0).title, '城关第一小学', '张明远', 70, 3, '否'],
      [3, '三等奖', idea(5).title, '仙居县白塔镇中心小学', '周文斌、吴雅琴', 60, 3, '否'],
      [4, '三等奖', idea(2).title, '横溪中学', '赵一鸣', 50, 3, '否'],
      [5, '优秀奖', `'${idea(4).title}`, '仙居县白塔镇中心小学', '孙悦', 40, 3, '否'],
    ]);
    expect(rows[0][14]).toBe('是');
    expect(rows[3][12]).toBe('优秀奖');
    expect(String(rows[3][13])).toContain('复核后调整为三等奖');
    expect(rows[4][12]).toBe('—');
    // The normalised score is there too (all judges alike here: the same order).
    expect(typeof rows[0][8]).toBe('number');
    expect(rows.map((x) => x[8] as number)).toEqual([...rows.map((x) => x[8] as number)].sort((a, b) => b - a));
  });

  it('no other role reaches the bureau’s results; no answer was a 500', async () => {
    const j = await fresh('judge');
    expect((await j.get(url())).status).toBe(403);
    expect((await j.get(url('/certificates.pdf'))).status).toBe(403);
    const u = await fresh('unitadmin');
    expect((await u.get(url('/results.xlsx'))).status).toBe(403);
    expect((await u.post(`/api/evaluation/objections/1/answer`, { outcome: 'upheld', reply: '自己答复' })).status).toBe(403);
    const logs = s.logs.join('\n');
    expect(logs).not.toMatch(/"statusCode":5\d\d/);
  });
});
