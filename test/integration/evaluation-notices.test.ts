// The evaluation on everyone's home to-do and the judges' reminders, over real HTTP on SQLite and
// PostgreSQL: a judge's open rounds as "N 篇待评" with the deadline until every sheet is submitted;
// the bureau's reminders shown until the judge marks them read (知道了: only their own, idempotent,
// audited); a unit admin's line while a result notice (公示) is open and gone after its end; the
// judge's conflict answer and an infeasible assignment in English when the request asks for it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import type { Client } from '../helpers/http.ts';
import { startWithCast } from '../helpers/factories.ts';
import { announceResults, openedRound, scoreAll, SIX_IDEAS, signIn, type ScoredIdea } from '../helpers/evaluation.ts';

const SPECS = SIX_IDEAS;
const EN = { 'accept-language': 'en-US' };
// 2017-10-10 17:00 Beijing time.
const DEADLINE = '2017-10-10T09:00:00.000Z';

interface TodoItem {
  key: string;
  count: number;
  zh: string;
  en: string;
  link: string;
}

describeDialects('evaluation on the to-do: judges, reminders, result notices', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  let roundId: number;
  let ideas: ScoredIdea[];
  let judges: { id: number; client: Client }[];

  const todo = async (c: Client) => {
    const r = await c.get('/api/campaigns/current/todo');
    expect(r.status, r.text).toBe(200);
    return r.body.items as TodoItem[];
  };
  const evalItems = async (c: Client) => (await todo(c)).filter((i) => i.key.startsWith('eval-'));
  const pairs = async () => (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number; status: string }[];

  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    ({ roundId, ideas, judges } = await openedRound(s, admin, cast, SPECS, { deadline: DEADLINE }));
  }, 120_000);
  afterAll(async () => s?.close());

  it('a judge sees each open round as "N 篇待评" with its deadline; other roles see no such line', async () => {
    const all = await pairs();
    for (const j of judges) {
      const n = all.filter((p) => p.judgeId === j.id).length;
      expect(n).toBeGreaterThan(0);
      expect(await evalItems(j.client)).toEqual([
        { key: `eval-review-${roundId}`, count: n, zh: `“2017年金点子评比”：${n} 篇待评，截止 2017-10-10 17:00（北京时间）`, en: `"2017年金点子评比": ${n} golden idea(s) to score, due 2017-10-10 17:00 (Beijing time)`, link: '/evaluation/my' },
      ]);
    }
    for (const who of ['admin', 'unitadmin', 'member', 'leader']) expect(await evalItems(await signIn(s, who)), who).toEqual([]);
    // A saved draft still counts as to do; a submitted sheet does not.
    const j = judges[0];
    const mine = all.filter((p) => p.judgeId === j.id);
    const pts = { innovation: 10, relevance: 10, feasibility: 10, effectiveness: 10, writing: 10 };
    expect((await j.client.put(`/api/evaluation/my/${mine[0].id}/sheet`, { scores: { innovation: 10 } })).status).toBe(200);
    expect((await evalItems(j.client))[0].count).toBe(mine.length);
    expect((await j.client.post(`/api/evaluation/my/${mine[0].id}/submit`, { scores: pts })).status).toBe(200);
    expect((await evalItems(j.client))[0]).toMatchObject({ count: mine.length - 1, zh: expect.stringContaining(`${mine.length - 1} 篇待评`) });
  });

  it('reminders show until the judge marks them read (知道了); only their own; idempotent; audited', async () => {
    const [j1, j2] = judges;
    const sent = await admin.post(`/api/evaluation/rounds/${roundId}/remind`, { judgeIds: [j1.id, j2.id], message: '请于10月10日前完成评分。' });
    expect(sent.status, sent.text).toBe(200);
    const list = async (c: Client) => (await c.get('/api/evaluation/my')).body.reminders as { id: number; roundId: number; message: string }[];
    const [r1] = await list(j1.client);
    expect(r1).toMatchObject({ roundId, message: '请于10月10日前完成评分。' });
    expect(await list(j2.client)).toHaveLength(1);

    // Another judge's reminder answers like one that does not exist, and stays unread.
    const foreign = await j2.client.post(`/api/evaluation/my/reminders/${r1.id}/read`, {});
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await j2.client.post('/api/evaluation/my/reminders/999999/read', {})).status).toBe(404);
    expect((await j2.client.post('/api/evaluation/my/reminders/abc/read', {})).status).toBe(400);
    expect((await j2.client.post(`/api/evaluation/my/reminders/${r1.id}/read`, { extra: 1 })).status).toBeLessThan(500);
    expect(await list(j1.client)).toHaveLength(1);
    // Other roles may not call it at all.
    expect((await admin.post(`/api/evaluation/my/reminders/${r1.id}/read`, {})).status).toBe(403);

    const seq = Number((await s.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
    const read = await j1.client.post(`/api/evaluation/my/reminders/${r1.id}/read`, {});
    expect(read.status, read.text).toBe(204);
    expect(await list(j1.client)).toEqual([]);
    expect(await list(j2.client)).toHaveLength(1);
    const row = await s.database.db.selectFrom('evaluation_reminders').select('read_at').where('id', '=', r1.id).executeTakeFirstOrThrow();
    expect(row.read_at).toBe(s.clock.now().toISOString());
    // Again: still 204, the first read time kept.
    s.clock.advance(60_000);
    expect((await j1.client.post(`/api/evaluation/my/reminders/${r1.id}/read`, {})).status).toBe(204);
    expect((await s.database.db.selectFrom('evaluation_reminders').select('read_at').where('id', '=', r1.id).executeTakeFirstOrThrow()).read_at).toBe(row.read_at);
    const audit = await s.database.db.selectFrom('audit_log').select(['action', 'outcome', 'target_type', 'target_id']).where('seq', '>', seq).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'evaluation.my.reminder-read', outcome: 'success', target_type: 'evaluation_reminder', target_id: String(r1.id) },
      { action: 'evaluation.my.reminder-read', outcome: 'success', target_type: 'evaluation_reminder', target_id: String(r1.id) },
    ]);
  });

  it('the conflict answer and an infeasible assignment speak the language of the request', async () => {
    const all = await pairs();
    const j = judges[3];
    const unstarted = all.find((p) => p.judgeId === j.id && p.status === 'assigned')!;
    const c = await j.client.post(`/api/evaluation/my/${unstarted.id}/conflict`, { reason: 'I taught at this school last year.' }, EN);
    expect(c.status, c.text).toBe(200);
    expect(c.body).toEqual({ replaced: true, message: 'Your conflict is recorded; another judge now reviews this golden idea.' });
    expect(await pairs()).toHaveLength(18);

    // Four judges cannot give five reviews each: refused, nothing saved, in English when asked.
    const r = await admin.post('/api/evaluation/rounds', { title: '复评', reviewsPerIdea: 5, judgeIds: judges.map((x) => x.id) });
    expect(r.status, r.text).toBe(201);
    const en = await admin.post(`/api/evaluation/rounds/${r.body.id}/assign`, {}, EN);
    expect(en.status).toBe(422);
    expect(en.body.error.message).toMatch(/^The judges cannot be assigned; nothing was saved: The assignment cannot be completed for 6 golden idea\(s\)/);
    expect(en.body.error.message).toContain('need 5 judges, but only 4 can review them');
    expect(en.body.error.message).not.toMatch(/需要|名评委|未保存/);
    const problems = en.body.error.details.problems as { message: string; messageEn: string }[];
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.message).toMatch(/需要 5 名评委/);
      expect(p.messageEn).toMatch(/needs? 5 judges/);
    }
    const zh = await admin.post(`/api/evaluation/rounds/${r.body.id}/assign`, {});
    expect(zh.body.error.message).toContain('需要 5 名评委');
    expect(await s.database.db.selectFrom('evaluation_assignments').select('id').where('round_id', '=', r.body.id).execute()).toEqual([]);
  });

  it('scored: the judge line goes; announced: unit admins see the open notice until it ends', async () => {
    await scoreAll(admin, roundId, ideas, judges);
    for (const j of judges) expect(await evalItems(j.client)).toEqual([]);
    s.clock.set('2017-11-13T02:00:00.000Z'); // a Monday: 5 working days end on Monday 20th, 23:59:59.999 Beijing time
    admin = await signIn(s, 'admin');
    const { noticeEndsAt } = await announceResults(admin, roundId);
    expect(noticeEndsAt).toBe('2017-11-20T15:59:59.999Z');
    for (const who of ['unitadmin', 'unitadminb', 'unitadminc']) {
      expect(await evalItems(await signIn(s, who)), who).toEqual([
        {
          key: `eval-notice-${roundId}`,
          count: 1,
          zh: '“2017年金点子评比”评比结果公示中，截至 2017-11-20 23:59（北京时间），如有异议请在公示期内提出',
          en: 'The results of "2017年金点子评比" are under public notice until 2017-11-20 23:59 (Beijing time): file any objection before then',
          link: '/evaluation/notices',
        },
      ]);
    }
    for (const who of ['member', 'admin', 'pingwei1']) expect(await evalItems(await signIn(s, who)), who).toEqual([]);
    s.clock.set(Date.parse(noticeEndsAt) + 1);
    expect(await evalItems(await signIn(s, 'unitadmin'))).toEqual([]);
  });
});
