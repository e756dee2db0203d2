// Evaluation fixtures over HTTP (awards tests): three units with two received ideas each, four judges
// without a unit, a round scored so that every judge gives idea k the same points per criterion (the
// ranking is then known by hand in raw and normalised mode alike), left open.
import { expect } from 'vitest';
import type { TestServer } from './app.ts';
import { Client } from './http.ts';
import { buildUnit, buildUser, PASSWORD } from './factories.ts';
import { completeForm, startCampaign2017, textOf } from './ideas.ts';

export interface ScoredIdea {
  id: number;
  title: string;
  unitId: number;
  unitName: string;
  authors: string[];
  /** Points every judge gives on each of the five criteria (of 20): the total is 5 × this. */
  points: number;
  author: string;
}

export interface IdeaSpec {
  title: string;
  authors: string[];
  points: number;
}

export async function signIn(s: TestServer, username: string): Promise<Client> {
  const c = new Client(s.url);
  const r = await c.login(username, PASSWORD);
  expect(r.status, r.text).toBe(200);
  return c;
}

/**
 * The cast's units A (城关第一小学) and B (横溪中学) plus a unit C, two ideas each (specs 0–1 → A,
 * 2–3 → B, 4–5 → C), received by the bureau; a round with 4 judges, 3 reviews per idea, scored as the
 * specs say, and left open (the caller closes it). Returns the round id and the ideas.
 */
export async function scoredRound(s: TestServer, admin: Client, cast: { unitA: number; unitB: number }, specs: IdeaSpec[]) {
  const unitC = await buildUnit(s.database, { code: 'T003', name: '仙居县白塔镇中心小学', sector: 'ZB' });
  await buildUser(s.database, { username: 'memberc', role: 'member', unitId: unitC, mobile: '13800000003' });
  await buildUser(s.database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
  const units = [
    { id: cast.unitA, name: '城关第一小学', member: 'member', admin: 'unitadmin' },
    { id: cast.unitB, name: '横溪中学', member: 'memberb', admin: 'unitadminb' },
    { id: unitC, name: '仙居县白塔镇中心小学', member: 'memberc', admin: 'unitadminc' },
  ];
  const campaignId = await startCampaign2017(admin);
  const ideas: ScoredIdea[] = [];
  for (let u = 0; u < 3; u++) {
    const member = await signIn(s, units[u].member);
    const unitAdmin = await signIn(s, units[u].admin);
    const ids: number[] = [];
    for (const spec of specs.slice(2 * u, 2 * u + 2)) {
      const c = await member.post('/api/ideas', completeForm({ title: spec.title, authors: spec.authors, contactName: spec.authors[0], body: textOf(520) }));
      expect(c.status, c.text).toBe(201);
      expect((await member.post(`/api/ideas/${c.body.id}/send`, {})).status).toBe(200);
      expect((await unitAdmin.post(`/api/ideas/${c.body.id}/approve`, {})).status).toBe(200);
      ids.push(c.body.id);
      ideas.push({ id: c.body.id, title: spec.title, unitId: units[u].id, unitName: units[u].name, authors: spec.authors, points: spec.points, author: units[u].member });
    }
    const batch = await unitAdmin.post('/api/batches', { ideaIds: ids });
    expect(batch.status, batch.text).toBe(201);
    const rec = await admin.post(`/api/batches/${batch.body.id}/receive`, {});
    expect(rec.status, rec.text).toBe(200);
  }
  const sectors = Object.fromEntries((await s.database.db.selectFrom('sectors').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const hash = (await s.database.db.selectFrom('users').select('password_hash').where('username', '=', 'judge').executeTakeFirstOrThrow()).password_hash;
  const judges: { id: number; client: Client }[] = [];
  for (const name of ['pingwei1', 'pingwei2', 'pingwei3', 'pingwei4']) {
    const r = await admin.post('/api/evaluation/judges', { username: name, name: `专家${name}`, unitId: null, sectorId: sectors.DB, expertise: [] });
    expect(r.status, r.text).toBe(201);
    await s.database.db.updateTable('users').set({ must_change_password: 0, password_hash: hash }).where('id', '=', r.body.judge.id).execute();
    judges.push({ id: r.body.judge.id, client: await signIn(s, name) });
  }
  const round = await admin.post('/api/evaluation/rounds', { campaignId, title: '2017年金点子评比', reviewsPerIdea: 3, judgeIds: judges.map((j) => j.id) });
  expect(round.status, round.text).toBe(201);
  const roundId = round.body.id as number;
  expect((await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {})).status).toBe(200);
  expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(200);
  const byId = new Map(ideas.map((i) => [i.id, i]));
  const pairs = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number }[];
  expect(pairs).toHaveLength(18);
  for (const p of pairs) {
    const j = judges.find((x) => x.id === p.judgeId)!;
    const pts = byId.get(p.ideaId)!.points;
    const r = await j.client.post(`/api/evaluation/my/${p.id}/submit`, { scores: { innovation: pts, relevance: pts, feasibility: pts, effectiveness: pts, writing: pts } });
    expect(r.status, r.text).toBe(200);
  }
  return { roundId, campaignId, ideas, unitC, judges };
}
