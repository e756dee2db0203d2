// Evaluation under concurrency, two server instances on one database (SQLite file / PostgreSQL):
// two judges of one idea declare conflicts at the same moment → the idea still ends with exactly R
// distinct eligible judges, neither declarer; a judge's submission racing a partial draft save of the
// same sheet never leaves it un-submitted; the bureau moving a review while its judge starts scoring
// never loses the judge's sheet.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { buildCast, buildUnit, buildUser, PASSWORD } from '../helpers/factories.ts';
import { completeForm, startCampaign2017 } from '../helpers/ideas.ts';

describeDialects('evaluation: concurrent declarations and saves on two instances', (_dialect, getDb: () => TestDatabase) => {
  let s1: TestServer;
  let s2: TestServer;
  const unitOfIdea = new Map<number, number>();
  const judgeUnit = new Map<number, number | null>();
  const clients = new Map<number, [Client, Client]>();
  let admin: Client;
  let roundId: number;
  const full = { innovation: 15, relevance: 15, feasibility: 15, effectiveness: 15, writing: 15 };

  const signIn = async (s: TestServer, u: string) => {
    const c = new Client(s.url);
    expect((await c.login(u, PASSWORD)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    const limits = { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } };
    s1 = await startServer(getDb(), limits);
    s2 = await startServer(getDb(), limits);
    const cast = await buildCast(s1.database);
    admin = await signIn(s1, 'admin');
    await startCampaign2017(admin);
    const unitC = await buildUnit(s1.database, { code: 'T003', name: '下各中学', sector: 'DB' });
    await buildUser(s1.database, { username: 'memberc', role: 'member', unitId: unitC, mobile: '13800000003' });
    await buildUser(s1.database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
    for (const [m, ua, unit] of [['member', 'unitadmin', cast.unitA], ['memberb', 'unitadminb', cast.unitB], ['memberc', 'unitadminc', unitC]] as const) {
      const member = await signIn(s1, m);
      const unitAdmin = await signIn(s1, ua);
      const ids: number[] = [];
      for (let k = 0; k < 2; k++) {
        const c = await member.post('/api/ideas', completeForm({ title: `建议${m}${k}` }));
        await member.post(`/api/ideas/${c.body.id}/send`, {});
        await unitAdmin.post(`/api/ideas/${c.body.id}/approve`, {});
        ids.push(c.body.id);
        unitOfIdea.set(c.body.id, unit);
      }
      const b = await unitAdmin.post('/api/batches', { ideaIds: ids });
      expect((await admin.post(`/api/batches/${b.body.id}/receive`, {})).status).toBe(200);
    }
    // Six judges without a unit and two with one: plenty of replacements.
    const specs: [string, number | null][] = [['judgea', cast.unitA], ['judgeb', cast.unitB], ['judgec', null], ['judged', null], ['judgee', null], ['judgef', null]];
    for (const [u, unit] of specs) {
      const id = await buildUser(s1.database, { username: u, role: 'judge', unitId: unit });
      judgeUnit.set(id, unit);
      clients.set(id, [await signIn(s1, u), await signIn(s2, u)]);
    }
    const r = await admin.post('/api/evaluation/rounds', { title: '并发轮', reviewsPerIdea: 2, judgeIds: [...judgeUnit.keys()] });
    roundId = r.body.id;
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {})).status).toBe(200);
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(200);
  });
  afterAll(async () => {
    await s2?.close();
    await s1?.close();
  });

  const pairs = async () => (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number; status: string }[];

  it('two judges of one idea declare conflicts at once, on two instances: the idea keeps two eligible judges, neither declarer', async () => {
    const all = await pairs();
    const ideaId = [...unitOfIdea.keys()].find((i) => all.filter((p) => p.ideaId === i).length === 2)!;
    const [p1, p2] = all.filter((p) => p.ideaId === ideaId);
    const [r1, r2] = await Promise.all([
      clients.get(p1.judgeId)![0].post(`/api/evaluation/my/${p1.id}/conflict`, { reason: '亲属回避' }),
      clients.get(p2.judgeId)![1].post(`/api/evaluation/my/${p2.id}/conflict`, { reason: '同事回避' }),
    ]);
    expect([r1.status, r2.status], `${r1.text} ${r2.text}`).toEqual([200, 200]);
    const after = (await pairs()).filter((p) => p.ideaId === ideaId);
    const js = after.map((p) => p.judgeId);
    expect(new Set(js).size).toBe(2);
    expect(js).not.toContain(p1.judgeId);
    expect(js).not.toContain(p2.judgeId);
    for (const j of js) expect(judgeUnit.get(j)).not.toBe(unitOfIdea.get(ideaId));
    expect((await admin.get(`/api/evaluation/rounds/${roundId}/conflicts`)).body.items).toHaveLength(2);
  });

  it('a submission racing a partial draft save never leaves the sheet un-submitted', async () => {
    const all = await pairs();
    for (const p of all.filter((x) => x.status === 'assigned').slice(0, 4)) {
      const [c1, c2] = clients.get(p.judgeId)!;
      const [sub, draft] = await Promise.all([c1.post(`/api/evaluation/my/${p.id}/submit`, { scores: full }), c2.put(`/api/evaluation/my/${p.id}/sheet`, { scores: { innovation: 3 } })]);
      expect(sub.status, sub.text).toBe(200);
      // The draft either came first (then the submission completed it) or found it submitted (400).
      expect([200, 400]).toContain(draft.status);
      const now = await c1.get(`/api/evaluation/my/${p.id}`);
      expect(now.body.status).toBe('submitted');
      expect(now.body.scores).toEqual(full);
    }
  });

  it('the bureau moving a review while its judge starts scoring: either the move or the sheet wins, never both', async () => {
    const all = await pairs();
    const free = all.filter((x) => x.status === 'assigned');
    for (const p of free.slice(0, 4)) {
      const target = [...judgeUnit.keys()].find((j) => judgeUnit.get(j) !== unitOfIdea.get(p.ideaId) && !all.some((x) => x.ideaId === p.ideaId && x.judgeId === j))!;
      const [c1] = clients.get(p.judgeId)!;
      const [move, save] = await Promise.all([admin.put(`/api/evaluation/assignments/${p.id}`, { judgeId: target }), c1.put(`/api/evaluation/my/${p.id}/sheet`, { scores: { innovation: 4 } })]);
      const after = await pairs();
      if (move.status === 200) {
        // The judge's save lost the race: no sheet of theirs survives on this idea.
        expect(save.status).toBe(404);
        expect(after.some((x) => x.ideaId === p.ideaId && x.judgeId === p.judgeId)).toBe(false);
      } else {
        expect(move.status).toBe(409);
        expect(save.status).toBe(200);
        expect(after.find((x) => x.id === p.id)?.status).toBe('draft');
      }
    }
  });
});
