// Evaluation rounds beyond the main flow, over real HTTP on SQLite and PostgreSQL: disqualified
// ideas stay out, the same-sector rule, adjusting the assignment by hand (started sheets stay put),
// a conflict nobody can take over (the idea is reported short, never given to a conflicted judge),
// a round that is not blind (names shown, phones still never), image attachments only as the
// platform's re-encoded copy under a neutral name, and bad settings refused in Chinese.
import { afterAll, beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import type { Client } from '../helpers/http.ts';
import { startWithCast } from '../helpers/factories.ts';
import { startCampaign2017, textOf } from '../helpers/ideas.ts';
import { buildUnitC, createJudge, receivedIdeas, sectorIds as sectorIdsOf, uploadAttachment } from '../helpers/evaluation.ts';
import * as fx from '../fixtures/files/generate.ts';

const PHONE = '13987654321';

describeDialects('evaluation: sector rule, adjustments, disqualification, images', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  const unitIds: number[] = [];
  const unitNames = ['城关第一小学', '横溪中学', '仙居县官路镇中心小学'];
  const sectorOfUnit = new Map<number, string>();
  const ideaUnit = new Map<number, number>();
  const judges: { id: number; unitId: number | null; sector: string; client: Client }[] = [];
  let imageIdea = 0;
  let sectorIds: Record<string, number>;

  async function receivedPair(member: string, unitAdmin: string, idx: number) {
    const forms = [1, 2].map((k) => ({ title: `${unitNames[idx]}的建议${k}`, contactName: '田园', contactPhone: PHONE, authors: ['田园'], body: `${textOf(520)}\n电话 ${PHONE}` }));
    const ids = await receivedIdeas(s, admin, { member, unitAdmin }, forms, async (c, id, k) => {
      if (idx !== 0 || k !== 0) return;
      imageIdea = id;
      expect((await uploadAttachment(c, id, '田园的照片.jpg', await fx.jpegWithGps())).status).toBe(201);
    });
    for (const id of ids) ideaUnit.set(id, unitIds[idx]);
    return ids;
  }

  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    const unitC = await buildUnitC(s, unitNames[2]);
    unitIds.push(cast.unitA, cast.unitB, unitC);
    sectorOfUnit.set(cast.unitA, 'CQ').set(cast.unitB, 'XB').set(unitC, 'ZB');
    sectorIds = await sectorIdsOf(s);
    await startCampaign2017(admin);
    await receivedPair('member', 'unitadmin', 0);
    await receivedPair('memberb', 'unitadminb', 1);
    await receivedPair('memberc', 'unitadminc', 2);
    const specs = [
      { username: 'judgea', unitId: unitIds[0], sector: 'CQ' },
      { username: 'judgeb', unitId: unitIds[1], sector: 'XB' },
      { username: 'judgec', unitId: unitIds[2], sector: 'ZB' },
      { username: 'judged', unitId: null, sector: 'DB' },
      { username: 'judgee', unitId: null, sector: 'CQ' },
    ];
    for (const sp of specs) {
      const j = await createJudge(s, admin, { username: sp.username, unitId: sp.unitId, sectorId: sp.unitId ? null : sectorIds[sp.sector] });
      judges.push({ ...j, unitId: sp.unitId, sector: sp.sector });
    }
  });
  afterAll(async () => s?.close());

  const pairsOf = async (roundId: number) => (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number; status: string; code: string }[];

  it('bad settings are refused in Chinese and nothing is created', async () => {
    const count = async () => (await s.database.db.selectFrom('evaluation_rounds').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const cases: [Record<string, unknown>, number][] = [
      [{ title: '重复的指标', rubric: [{ key: 'a', name: '甲', maxPoints: 10, weight: 1 }, { key: 'a', name: '乙', maxPoints: 10, weight: 1 }] }, 400],
      [{ title: '步长不整除', rubric: [{ key: 'a', name: '甲', maxPoints: 10, weight: 1, step: 3 }] }, 400],
      [{ title: '人数为零', reviewsPerIdea: 0 }, 400],
      [{ title: '时间不对', deadline: '下周五' }, 400],
      [{ title: '不是评委', judgeIds: [(await s.database.db.selectFrom('users').select('id').where('username', '=', 'member').executeTakeFirstOrThrow()).id] }, 404],
      [{ title: '多余字段', status: 'closed' }, 400],
      [{ title: '控制\u0000字符' }, 400],
      [{ title: '主题含控制字符', topics: ['教师\u0007队伍'] }, 400],
    ];
    for (const [body, status] of cases) {
      const r = await admin.post('/api/evaluation/rounds', body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(status);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const dup = await admin.post('/api/evaluation/rounds', cases[0][0]);
    expect(dup.body.error.message).toContain('重复');
    expect(Number(await count())).toBe(before);
  });

  it('a disqualified idea never enters a round; only received ideas can be disqualified', async () => {
    const out = [...ideaUnit.keys()][5];
    expect((await admin.post('/api/evaluation/disqualifications', { ideaId: out, reason: '查重发现大段雷同' })).status).toBe(204);
    expect((await admin.post('/api/evaluation/disqualifications', { ideaId: 999999, reason: '不存在' })).status).toBe(404);
    const r = await admin.post('/api/evaluation/rounds', { title: '同板块回避轮', reviewsPerIdea: 2, excludeSameSector: true, judgeIds: judges.map((j) => j.id) });
    expect(r.status, r.text).toBe(201);
    const a = await admin.post(`/api/evaluation/rounds/${r.body.id}/assign`, {});
    expect(a.status, a.text).toBe(200);
    expect(a.body.ideas).toBe(5);
    const pairs = await pairsOf(r.body.id);
    expect(pairs.some((p) => p.ideaId === out)).toBe(false);
    // Same-sector rule: a judge never reviews an idea of their own sector (je has no unit, sector CQ).
    for (const p of pairs) {
      const j = judges.find((x) => x.id === p.judgeId)!;
      expect(j.sector, `judge ${j.id} on idea ${p.ideaId}`).not.toBe(sectorOfUnit.get(ideaUnit.get(p.ideaId)!));
    }
    const je = judges[4];
    expect(pairs.filter((p) => p.judgeId === je.id).every((p) => ideaUnit.get(p.ideaId) !== unitIds[0])).toBe(true);
    // Changing a setting while draft drops the assignment, to be run again.
    const u = await admin.put(`/api/evaluation/rounds/${r.body.id}`, { topics: ['教师队伍建设'] });
    expect(u.status).toBe(200);
    expect(u.body.assignedAt).toBeNull();
    expect(await pairsOf(r.body.id)).toEqual([]);
  });

  let roundId: number;

  it('the bureau adjusts by hand: replace and remove unstarted reviews, never a started one', async () => {
    const r = await admin.post('/api/evaluation/rounds', { title: '调整轮', reviewsPerIdea: 2, blind: false, judgeIds: judges.slice(0, 4).map((j) => j.id) });
    roundId = r.body.id;
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {})).status).toBe(200);
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(200);
    let pairs = await pairsOf(roundId);
    expect(pairs).toHaveLength(10);
    // A judge starts one sheet: that review can no longer be moved or removed.
    const started = pairs[0];
    const owner = judges.find((j) => j.id === started.judgeId)!;
    expect((await owner.client.put(`/api/evaluation/my/${started.id}/sheet`, { scores: { innovation: 10 } })).status).toBe(200);
    const other = judges.slice(0, 4).find((j) => j.id !== started.judgeId && j.unitId !== ideaUnit.get(started.ideaId) && !pairs.some((p) => p.ideaId === started.ideaId && p.judgeId === j.id))!;
    const moveStarted = await admin.put(`/api/evaluation/assignments/${started.id}`, { judgeId: other.id });
    expect(moveStarted.status).toBe(409);
    expect(moveStarted.body.error.message).toContain('已开始评分');
    expect((await admin.delete(`/api/evaluation/assignments/${started.id}`)).status).toBe(409);
    // An unstarted one moves to an eligible judge; to the idea's own unit it is refused.
    const free = pairs.find((p) => p.status === 'assigned' && p.ideaId !== started.ideaId)!;
    const ownUnitJudge = judges.find((j) => j.unitId === ideaUnit.get(free.ideaId))!;
    const wrong = await admin.put(`/api/evaluation/assignments/${free.id}`, { judgeId: ownUnitJudge.id });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toContain('同一单位');
    const eligible = judges.slice(0, 4).find((j) => j.unitId !== ideaUnit.get(free.ideaId) && !pairs.some((p) => p.ideaId === free.ideaId && p.judgeId === j.id))!;
    const moved = await admin.put(`/api/evaluation/assignments/${free.id}`, { judgeId: eligible.id });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ ideaId: free.ideaId, judgeId: eligible.id, source: 'manual', status: 'assigned' });
    // Removing leaves the idea one review short, which the progress view names.
    expect((await admin.delete(`/api/evaluation/assignments/${moved.body.id}`)).status).toBe(204);
    const prog = (await admin.get(`/api/evaluation/rounds/${roundId}/progress`)).body;
    expect(prog.shortIdeas).toEqual([expect.objectContaining({ ideaId: free.ideaId, reviews: 1 })]);
    const add = await admin.post(`/api/evaluation/rounds/${roundId}/assignments`, { ideaId: free.ideaId, judgeId: eligible.id });
    expect(add.status, add.text).toBe(201);
    pairs = await pairsOf(roundId);
    expect(pairs).toHaveLength(10);
    expect((await admin.get(`/api/evaluation/rounds/${roundId}/progress`)).body.shortIdeas).toEqual([]);
  });

  it('a round that is not blind shows unit and authors, but never a phone', async () => {
    for (const j of judges.slice(0, 4)) {
      for (const item of (await j.client.get('/api/evaluation/my')).body.items) {
        const d = await j.client.get(`/api/evaluation/my/${item.id}`);
        expect(d.status).toBe(200);
        expect(d.body.blind).toBe(false);
        expect(unitNames).toContain(d.body.unitName);
        expect(d.body.authors).toEqual(['田园']);
        expect(d.text).not.toContain(PHONE);
        expect(d.body.body).toContain('电话 〔电话〕');
      }
    }
  });

  it('an image attachment is served to its judge only as the re-encoded copy, under a neutral name, without EXIF', async () => {
    const pair = (await pairsOf(roundId)).find((p) => p.ideaId === imageIdea)!;
    const j = judges.find((x) => x.id === pair.judgeId)!;
    const d = await j.client.get(`/api/evaluation/my/${pair.id}`);
    expect(d.body.attachments).toEqual([{ n: 1, label: '附件1（图片）', kind: 'image', text: null }]);
    const img = await j.client.get(`/api/evaluation/my/${pair.id}/image?n=1`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toMatch(/^image\//);
    expect(decodeURIComponent(img.headers.get('content-disposition') ?? '')).not.toContain('田园');
    const meta = await sharp(img.body as Buffer).metadata();
    expect(meta.exif).toBeUndefined();
    expect((await j.client.get(`/api/evaluation/my/${pair.id}/image?n=2`)).status).toBe(404);
    const stranger = judges.find((x) => x.id !== pair.judgeId)!;
    expect((await stranger.client.get(`/api/evaluation/my/${pair.id}/image?n=1`)).status).toBe(404);
  });

  it('a conflict nobody can take over: recorded, the judge released, the idea reported short', async () => {
    // Three judges, two reviews each: an idea of unit A can only go to jb and jc, both already on it.
    const r = await admin.post('/api/evaluation/rounds', { title: '紧张轮', reviewsPerIdea: 2, judgeIds: judges.slice(0, 3).map((j) => j.id) });
    const id = r.body.id;
    expect((await admin.post(`/api/evaluation/rounds/${id}/assign`, {})).status).toBe(200);
    expect((await admin.post(`/api/evaluation/rounds/${id}/open`, {})).status).toBe(200);
    const pair = (await pairsOf(id)).find((p) => ideaUnit.get(p.ideaId) === unitIds[0])!;
    const j = judges.find((x) => x.id === pair.judgeId)!;
    const c = await j.client.post(`/api/evaluation/my/${pair.id}/conflict`, { reason: '作者是我以前的学生' });
    expect(c.status, c.text).toBe(200);
    expect(c.body).toEqual({ replaced: false, message: expect.stringContaining('局办公室将另行安排') });
    const after = await pairsOf(id);
    expect(after.some((p) => p.ideaId === pair.ideaId && p.judgeId === j.id)).toBe(false);
    const prog = (await admin.get(`/api/evaluation/rounds/${id}/progress`)).body;
    expect(prog.shortIdeas).toEqual([expect.objectContaining({ ideaId: pair.ideaId, reviews: 1 })]);
    const conflicts = (await admin.get(`/api/evaluation/rounds/${id}/conflicts`)).body.items;
    expect(conflicts[0].outcome).toContain('未能自动改派');
    // A second declaration on the same (now removed) assignment answers like a missing one.
    expect((await j.client.post(`/api/evaluation/my/${pair.id}/conflict`, { reason: '再次申报' })).status).toBe(404);
  });
});
