// Evaluation (评比, issue 5; checklist row 35) over real HTTP on SQLite and PostgreSQL: the bureau
// creates judges and a round, an infeasible assignment is refused with the reason and saves nothing,
// the assignment respects units and declarations, judges read blind (no unit name, author, sector or
// phone anywhere in any judge answer, including a Word attachment whose metadata and comment name
// their authors),
// scores are range-checked (zh-CN message, nothing changed), revisable while open, frozen once closed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommentRangeEnd, CommentRangeStart, CommentReference, Document, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client, type Res } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { POLICY, type Rule } from '../../src/platform/policy/policy.ts';
import { startCampaign2017, textOf } from '../helpers/ideas.ts';
import { buildUnitC, receivedIdeas, signIn as signInTo, uploadAttachment } from '../helpers/evaluation.ts';

// Identity planted in the ideas: it must never reach a judge.
const UNIT_C = '仙居县白塔镇中心小学';
const AUTHORS = ['欧阳明轩', '司马雨桐', '诸葛文静'];
const PHONES = ['13912345671', '13912345672', '13912345673'];
const DOCX_CREATOR = '上官晓燕';
const COMMENT_AUTHOR = '慕容秋实';

async function docxWithAuthor(text: string): Promise<Buffer> {
  const doc = new Document({
    creator: DOCX_CREATOR,
    lastModifiedBy: DOCX_CREATOR,
    title: `${DOCX_CREATOR}的附页`,
    // A reviewer's comment (批注): its author and text must not reach a judge either.
    comments: { children: [{ id: 0, author: COMMENT_AUTHOR, initials: 'MR', date: new Date('2017-09-10T00:00:00Z'), children: [new Paragraph({ children: [new TextRun(`批注：${COMMENT_AUTHOR}看过`)] })] }] },
    sections: [{ children: [new Paragraph({ children: [new CommentRangeStart(0), new TextRun(text), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })] })] }],
  });
  return Packer.toBuffer(doc);
}

/** A PDF whose Info dictionary names its author; its text carries a phone (Latin font: no CJK needed). */
async function pdfWithAuthor(phone: string): Promise<Buffer> {
  const doc = new PDFDocument({ info: { Author: DOCX_CREATOR, Title: COMMENT_AUTHOR } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font('Helvetica').fontSize(12).text(`Survey appendix. Contact: ${phone}.`);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describeDialects('evaluation: judges, assignment, blind scoring', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  const units: { id: number; name: string; sectorName: string }[] = [];
  const ideaUnit = new Map<number, number>();
  const judges: { id: number; username: string; name: string; unitId: number | null; client: Client }[] = [];
  let roundId: number;
  let rubric: { key: string; name: string; maxPoints: number; step: number }[];
  /** Every string a judge must never receive. */
  let forbidden: string[];

  const signIn = (u: string) => signInTo(s, u);

  /** Two complete ideas of a unit taken to 'received', with identity planted in title, text and an attachment. */
  async function receivedPair(member: string, unitAdmin: string, unitIdx: number) {
    const unit = units[unitIdx];
    const author = AUTHORS[unitIdx];
    const phone = PHONES[unitIdx];
    const body = `${unit.name}${author}老师建议：${textOf(520)}\n联系人${author}，电话${phone}，邮箱 ou${unitIdx}@example.cn。`;
    const forms = [1, 2].map((k) => ({ title: `${unit.name}关于校本研修的建议${k}`, contactName: author, contactPhone: phone, authors: [author], body }));
    const ids = await receivedIdeas(s, admin, { member, unitAdmin }, forms, async (c, id, k) => {
      const up =
        k === 0
          ? await uploadAttachment(c, id, `${author}的附页.docx`, await docxWithAuthor(`附页：${unit.name}${author}（${phone}）的补充说明，关于集体备课。`))
          : await uploadAttachment(c, id, `${author}的调研.pdf`, await pdfWithAuthor(phone));
      expect(up.status, up.text).toBe(201);
    });
    for (const id of ids) ideaUnit.set(id, unit.id);
    return ids;
  }

  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    const unitC = await buildUnitC(s, UNIT_C);
    units.push({ id: cast.unitA, name: '城关第一小学', sectorName: '城区板块' }, { id: cast.unitB, name: '横溪中学', sectorName: '西部板块' }, { id: unitC, name: UNIT_C, sectorName: '中部板块' });
    await startCampaign2017(admin);
    await receivedPair('member', 'unitadmin', 0);
    await receivedPair('memberb', 'unitadminb', 1);
    await receivedPair('memberc', 'unitadminc', 2);
    const users = await s.database.db.selectFrom('users').select('name').execute();
    forbidden = [...units.map((u) => u.name), ...units.map((u) => u.sectorName), ...AUTHORS, ...PHONES, DOCX_CREATOR, COMMENT_AUTHOR, '批注', '联系人', ...users.map((u) => u.name), '横溪', '白塔镇中心小学'];
  });
  afterAll(async () => s?.close());

  it('the bureau creates judge accounts with unit, sector and expertise', async () => {
    const specs = [
      { username: 'judge1', name: '评委甲', unitId: units[0].id, expertise: ['教师队伍建设'] },
      { username: 'judge2', name: '评委乙', unitId: units[1].id, expertise: [] },
      { username: 'judge3', name: '评委丙', unitId: units[2].id, expertise: ['教师队伍建设'] },
      { username: 'judge4', name: '评委丁', unitId: null, sectorId: (await s.database.db.selectFrom('sectors').select('id').where('code', '=', 'DB').executeTakeFirstOrThrow()).id, expertise: [] },
    ];
    for (const spec of specs) {
      const r = await admin.post('/api/evaluation/judges', spec);
      expect(r.status, r.text).toBe(201);
      expect(r.body.judge).toMatchObject({ username: spec.username, unitId: spec.unitId, expertise: spec.expertise });
      expect(r.body.initialPassword).toEqual(expect.any(String));
      // First sign-in: the generated password must be changed.
      const c = new Client(s.url);
      expect((await c.login(spec.username, r.body.initialPassword)).status).toBe(200);
      const ch = await c.post('/api/auth/change-password', { currentPassword: r.body.initialPassword, newPassword: PASSWORD });
      expect(ch.status, ch.text).toBeLessThan(300);
      judges.push({ id: r.body.judge.id, username: spec.username, name: spec.name, unitId: spec.unitId, client: await signIn(spec.username) });
    }
    const list = await admin.get('/api/evaluation/judges');
    expect(list.body.items.map((j: { username: string }) => j.username)).toEqual(expect.arrayContaining(['judge', 'judge1', 'judge2', 'judge3', 'judge4']));
    const j4 = list.body.items.find((j: { username: string }) => j.username === 'judge4');
    expect(j4.sectorName).toBe('东部板块');
    // A duplicate username is refused in Chinese, nothing created.
    const dup = await admin.post('/api/evaluation/judges', { username: 'judge1', name: '重复', expertise: [] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('judge1');
  });

  it('an infeasible assignment is refused with the reason in Chinese, and nothing is saved', async () => {
    const r = await admin.post('/api/evaluation/rounds', { title: '2017年金点子评比（初评）', reviewsPerIdea: 3, judgeIds: judges.slice(0, 3).map((j) => j.id) });
    expect(r.status, r.text).toBe(201);
    roundId = r.body.id;
    expect(r.body).toMatchObject({ status: 'draft', blind: true, reviewsPerIdea: 3, excludeSameSector: false });
    rubric = r.body.rubric;
    expect(rubric.map((c) => c.name)).toEqual(['创新性', '针对性', '可行性', '实效性', '文字表达']);

    const a = await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {});
    expect(a.status, a.text).toBe(422);
    expect(a.body.error.code).toBe('ASSIGNMENT_INFEASIBLE');
    expect(a.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(a.body.error.message).toContain('3');
    expect(a.body.error.details.problems.length).toBeGreaterThan(0);
    expect((await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items).toEqual([]);
    expect((await admin.get(`/api/evaluation/rounds/${roundId}`)).body.assignedAt).toBeNull();
    const rows = await s.database.db.selectFrom('evaluation_round_ideas').selectAll().execute();
    expect(rows).toEqual([]);
    // Opening without an assignment is refused too.
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(409);
  });

  it('with a fourth judge and two reviews per idea: every idea gets two distinct judges, never of its own unit, loads equal', async () => {
    const u = await admin.put(`/api/evaluation/rounds/${roundId}`, { reviewsPerIdea: 2, judgeIds: judges.map((j) => j.id) });
    expect(u.status, u.text).toBe(200);
    const a = await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {});
    expect(a.status, a.text).toBe(200);
    expect(a.body).toMatchObject({ ideas: 6, judges: 4, reviews: 12 });
    expect(a.body.balance.withinOne).toBe(true);
    const list = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number; code: string }[];
    expect(list).toHaveLength(12);
    const byIdea = new Map<number, number[]>();
    for (const p of list) byIdea.set(p.ideaId, [...(byIdea.get(p.ideaId) ?? []), p.judgeId]);
    expect(byIdea.size).toBe(6);
    for (const [ideaId, js] of byIdea) {
      expect(new Set(js).size).toBe(2);
      for (const jid of js) expect(judges.find((j) => j.id === jid)!.unitId).not.toBe(ideaUnit.get(ideaId));
    }
    const loads = judges.map((j) => list.filter((p) => p.judgeId === j.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(new Set(list.map((p) => p.code)).size).toBe(6);
    // A manual pair that breaks the unit rule is refused with the reason, nothing added.
    const ownUnitIdea = [...ideaUnit].find(([, unit]) => unit === judges[0].unitId)![0];
    const bad = await admin.post(`/api/evaluation/rounds/${roundId}/assignments`, { ideaId: ownUnitIdea, judgeId: judges[0].id });
    expect(bad.status).toBe(409);
    expect(bad.body.error.message).toContain('同一单位');
    expect((await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items).toHaveLength(12);
    // Judges see nothing of a draft round.
    expect((await judges[1].client.get('/api/evaluation/my')).body.items).toEqual([]);
    const open = await admin.post(`/api/evaluation/rounds/${roundId}/open`, {});
    expect(open.status, open.text).toBe(200);
    expect(open.body.status).toBe('open');
    // While open, the structure is fixed.
    expect((await admin.put(`/api/evaluation/rounds/${roundId}`, { reviewsPerIdea: 3 })).status).toBe(409);
  });

  /** Scans a judge answer for every identity string. */
  function expectBlind(res: Res, what: string) {
    for (const f of forbidden) expect(res.text.includes(f), `${what} contains ${f}`).toBe(false);
    expect(res.text, what).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(res.text, what).not.toMatch(/@example\.cn|\.docx|\.pdf/);
  }

  it('a judge reads blind: no unit name, author, sector, phone or file name in any answer; masked placeholders instead', async () => {
    for (const j of judges) {
      const list = await j.client.get('/api/evaluation/my');
      expect(list.status).toBe(200);
      expectBlind(list, `${j.username} list`);
      expect(list.body.items.length).toBe(3);
      expect(list.body.rounds[0].progress).toEqual({ assigned: 3, draft: 0, submitted: 0 });
      for (const item of list.body.items) {
        expect(item.title).toContain('〔单位〕关于校本研修的建议');
        const d = await j.client.get(`/api/evaluation/my/${item.id}`);
        expect(d.status, d.text).toBe(200);
        expectBlind(d, `${j.username} idea ${item.code}`);
        expect(d.body.body).toContain('〔单位〕〔姓名〕老师建议');
        expect(d.body.body).toContain('电话〔电话〕');
        expect(d.body.body).toContain('邮箱 〔邮箱〕');
        expect(d.body.unitName).toBeNull();
        // The originality figure only (null until a check has finished), never the report.
        expect(d.body).toHaveProperty('originality');
        if (d.body.originality) expect(Object.keys(d.body.originality).sort()).toEqual(['level', 'similarity']);
        expect(d.body.authors).toBeNull();
        expect(d.body.attachments).toHaveLength(1);
        for (const att of d.body.attachments) {
          if (att.kind === 'docx') {
            expect(att.label).toBe('附件1（Word 文档）');
            expect(att.text).toContain('〔单位〕〔姓名〕（〔电话〕）的补充说明');
          } else {
            expect(att).toMatchObject({ kind: 'pdf', label: '附件1（PDF 文档）' });
            expect(att.text).toContain('Contact: 〔电话〕');
          }
        }
      }
    }
    // Someone else's assignment answers like a missing one.
    const other = (await judges[1].client.get('/api/evaluation/my')).body.items[0].id;
    expect((await judges[0].client.get(`/api/evaluation/my/${other}`)).status).toBe(404);
    expect((await judges[0].client.put(`/api/evaluation/my/${other}/sheet`, { scores: {} })).status).toBe(404);
    // Each attachment's text is extracted once, in a fresh worker thread (seconds on a loaded machine).
  }, 180_000);

  it('row 35 crawl: every GET route a judge may call, with their own ids, answers nothing of anyone else’s identity', async () => {
    const judgeRoutes = s.app.routeList.filter((r) => {
      if (r.method !== 'GET' || !r.policy || r.policy === 'web.app' || r.policy === 'openapi.read') return false;
      const who: Rule['who'] = POLICY[r.policy as keyof typeof POLICY].who;
      return who === 'public' || who === 'signed-in' || who.includes('judge');
    });
    // The judge's own routes, the to-do, the account and the public ones at least.
    expect(judgeRoutes.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/evaluation/my', '/api/evaluation/my/:id', '/api/evaluation/my/:id/image', '/api/campaigns/current/todo', '/api/me']));
    let crawled = 0;
    for (const j of judges) {
      const own = units.find((u) => u.id === j.unitId);
      // A judge may read their own name, unit and sector (the account page); nobody else's.
      const mine = new Set([j.name, own?.name, own?.sectorName].filter((x): x is string => !!x));
      const theirs = forbidden.filter((f) => ![...mine].some((m) => m.includes(f) || f.includes(m)));
      const ids = (await j.client.get('/api/evaluation/my')).body.items.map((i: { id: number }) => i.id) as number[];
      for (const r of judgeRoutes) {
        const urls = r.url.includes(':id') ? ids.map((id) => r.url.replace(':id', String(id)) + (r.url.endsWith('/image') ? '?n=1' : '')) : [r.url];
        for (const url of urls) {
          const res = await j.client.get(url);
          expect(res.status, `${url}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          for (const f of theirs) expect(res.text.includes(f), `${j.username} ${url} contains ${f}`).toBe(false);
          expect(res.text, url).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
          expect(res.text, url).not.toMatch(/@example\.cn|\.docx\b|\.pdf\b/);
          crawled++;
        }
      }
    }
    expect(crawled).toBeGreaterThan(judges.length * 5);
  }, 180_000);

  const full = (factor: number) => Object.fromEntries(rubric.map((c) => [c.key, Math.round((c.maxPoints * factor) / c.step) * c.step]));

  it('range checks refuse bad scores with a zh-CN message and change nothing', async () => {
    const j = judges[0];
    const item = (await j.client.get('/api/evaluation/my')).body.items[0];
    const first = rubric[0];
    const draft = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores: { [first.key]: first.maxPoints / 2 }, comment: '思路清楚' });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', scores: { [first.key]: first.maxPoints / 2 }, comment: '思路清楚', total: null });
    const snapshot = async () => JSON.stringify([await s.database.db.selectFrom('evaluation_scores').selectAll().orderBy('assignment_id').orderBy('criterion').execute(), await s.database.db.selectFrom('evaluation_assignments').selectAll().orderBy('id').execute()]);
    const before = await snapshot();
    const bad: [unknown, number][] = [
      [{ [first.key]: first.maxPoints + 1 }, 400],
      [{ [first.key]: -1 }, 400],
      [{ [first.key]: first.step / 3 }, 400],
      [{ nosuch: 1 }, 400],
      [{ [first.key]: '10' }, 400],
    ];
    for (const [scores, status] of bad) {
      const r = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores, comment: '改' });
      expect(r.status, JSON.stringify(scores)).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // A "__proto__" key, sent as raw JSON, is refused like any unknown criterion.
    const proto = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, `{"scores":{"__proto__":{"x":1},"${first.key}":1}}`);
    expect(proto.status, proto.text).toBe(400);
    // A NUL in the comment (PostgreSQL refuses it in text) is refused before the database sees it.
    const nul = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores: { [first.key]: 1 }, comment: '好\u0000' });
    expect(nul.status).toBe(400);
    const over = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores: { [first.key]: first.maxPoints + 1 } });
    expect(over.body.error.code).toBe('SCORES_INVALID');
    expect(over.body.error.message).toContain(first.name);
    // An incomplete submission is refused too.
    const partial = await j.client.post(`/api/evaluation/my/${item.id}/submit`, { scores: { [first.key]: 1 } });
    expect(partial.status).toBe(400);
    expect(partial.body.error.code).toBe('SCORES_INVALID');
    expect(await snapshot()).toBe(before);
  });

  it('a judge declares a conflict: the idea goes to another eligible judge, the judge loses it', async () => {
    const j = judges[1];
    const mine = (await j.client.get('/api/evaluation/my')).body.items;
    const target = mine[0];
    const assignmentsBefore = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number }[];
    const ideaId = assignmentsBefore.find((a) => a.id === target.id)!.ideaId;
    const r = await j.client.post(`/api/evaluation/my/${target.id}/conflict`, { reason: '该金点子作者是我的亲属' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.replaced).toBe(true);
    expectBlind(r, 'conflict answer');
    expect((await j.client.get(`/api/evaluation/my/${target.id}`)).status).toBe(404);
    const after = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { ideaId: number; judgeId: number }[];
    const onIdea = after.filter((a) => a.ideaId === ideaId).map((a) => a.judgeId);
    expect(onIdea).toHaveLength(2);
    expect(onIdea).not.toContain(j.id);
    for (const jid of onIdea) expect(judges.find((x) => x.id === jid)!.unitId).not.toBe(ideaUnit.get(ideaId));
    const conflicts = (await admin.get(`/api/evaluation/rounds/${roundId}/conflicts`)).body.items;
    expect(conflicts).toEqual([expect.objectContaining({ ideaId, judgeId: j.id, reason: '该金点子作者是我的亲属' })]);
    // The declared pair can never come back by hand.
    const back = await admin.post(`/api/evaluation/rounds/${roundId}/assignments`, { ideaId, judgeId: j.id });
    expect(back.status).toBe(409);
    expect(back.body.error.message).toContain('回避');
  });

  it('the bureau sees progress per judge and reminds those not done; the judge sees the reminder', async () => {
    const p = await admin.get(`/api/evaluation/rounds/${roundId}/progress`);
    expect(p.status).toBe(200);
    expect(p.body.totals.reviews).toBe(12);
    const pairs = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { judgeId: number }[];
    for (const j of judges) {
      const row = p.body.judges.find((x: { judgeId: number }) => x.judgeId === j.id);
      expect(row).toMatchObject({ assigned: pairs.filter((a) => a.judgeId === j.id).length, draft: j === judges[0] ? 1 : 0, submitted: 0, done: false });
    }
    const r = await admin.post(`/api/evaluation/rounds/${roundId}/remind`, {});
    expect(r.status, r.text).toBe(200);
    expect(r.body.reminded.sort()).toEqual(judges.map((j) => j.id).filter((id) => p.body.judges.find((x: { judgeId: number; assigned: number }) => x.judgeId === id).assigned > 0).sort());
    const list = await judges[0].client.get('/api/evaluation/my');
    expect(list.body.reminders[0].message).toContain('待提交评分');
    expectBlind(list, 'list with reminder');
  });

  it('judges submit and revise while open; closing freezes every sheet; results rank all six ideas', async () => {
    for (const [k, j] of judges.entries()) {
      for (const item of (await j.client.get('/api/evaluation/my')).body.items) {
        const r = await j.client.post(`/api/evaluation/my/${item.id}/submit`, { scores: full(0.5 + 0.1 * k + (item.id % 3) * 0.1), comment: '已阅' });
        expect(r.status, r.text).toBe(200);
        expect(r.body.status).toBe('submitted');
        expect(r.body.total).toBeGreaterThan(0);
        expectBlind(r, 'submit answer');
      }
    }
    const j = judges[0];
    const item = (await j.client.get('/api/evaluation/my')).body.items[0];
    const revised = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores: full(1) });
    expect(revised.status, revised.text).toBe(200);
    expect(revised.body).toMatchObject({ status: 'submitted', total: 100 });

    expect((await admin.post(`/api/evaluation/rounds/${roundId}/close`, {})).status).toBe(200);
    const frozen = JSON.stringify(await s.database.db.selectFrom('evaluation_scores').selectAll().orderBy('assignment_id').orderBy('criterion').execute());
    const late = await j.client.put(`/api/evaluation/my/${item.id}/sheet`, { scores: full(0.2) });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ROUND_STATE');
    expect(late.body.error.message).toContain('已结束');
    expect((await j.client.post(`/api/evaluation/my/${item.id}/submit`, { scores: full(0.2) })).status).toBe(409);
    expect((await j.client.post(`/api/evaluation/my/${item.id}/conflict`, { reason: '太晚了' })).status).toBe(409);
    expect(JSON.stringify(await s.database.db.selectFrom('evaluation_scores').selectAll().orderBy('assignment_id').orderBy('criterion').execute())).toBe(frozen);
    const d = await j.client.get(`/api/evaluation/my/${item.id}`);
    expect(d.body).toMatchObject({ canEdit: false, total: 100 });
    // Once closed only the flagging threshold (a reading of the results) may change.
    expect((await admin.put(`/api/evaluation/rounds/${roundId}`, { title: '改名' })).status).toBe(409);
    const flag = await admin.put(`/api/evaluation/rounds/${roundId}`, { flagSpread: 10 });
    expect(flag.status, flag.text).toBe(200);
    expect(flag.body).toMatchObject({ flagSpread: 10, status: 'closed' });

    for (const mode of ['raw', 'normalized']) {
      const res = await admin.get(`/api/evaluation/rounds/${roundId}/results?mode=${mode}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.overall).toHaveLength(6);
      expect(res.body.overall.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(res.body.ideas.every((i: { sheets: number }) => i.sheets === 2)).toBe(true);
      expect(res.body.reliability.explanation).toMatch(/[\u4e00-\u9fff]/);
      expect(res.body.tieBreak).toContain('中位数');
    }
    // A judge cannot reach the bureau's views.
    expect((await j.client.get(`/api/evaluation/rounds/${roundId}/results`)).status).toBe(403);
    expect((await j.client.get(`/api/evaluation/rounds/${roundId}/assignments`)).status).toBe(403);
  });

  it('every audit record of the evaluation names its action, with ids only', async () => {
    const rows = await s.database.db.selectFrom('audit_log').selectAll().where('action', 'like', 'evaluation.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['evaluation.judges.create', 'evaluation.rounds.create', 'evaluation.rounds.assign', 'evaluation.rounds.open', 'evaluation.my.save', 'evaluation.my.submit', 'evaluation.my.conflict', 'evaluation.remind', 'evaluation.rounds.close']) expect(actions, a).toContain(a);
    // The refused assignment left a failure record with its code.
    expect(rows.some((r) => r.action === 'evaluation.rounds.assign' && r.outcome === 'failure' && r.error_code === 'ASSIGNMENT_INFEASIBLE')).toBe(true);
    const text = JSON.stringify(rows);
    for (const f of [...AUTHORS, ...PHONES, UNIT_C]) expect(text).not.toContain(f);
  });
});
