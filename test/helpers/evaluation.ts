// Evaluation fixtures over HTTP, shared by the evaluation tests: the third unit of the cast, received
// ideas (created by a member, sent, approved and received in one batch), judge accounts that can sign
// in at once, attachments uploaded as the web app does, and a whole scored round (awards tests): three
// units with two received ideas each, four judges without a unit, scored so that every judge gives idea
// k the same points per criterion (the ranking is then known by hand in raw and normalised mode alike).
import { expect } from 'vitest';
import type { TestServer } from './app.ts';
import { Client, type Res } from './http.ts';
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

/** Six ideas for openedRound/scoredRound: ranked by hand 1, 3, 5, 2, 6, 4 (points 18, 16, 14, 12, 10, 8). */
export const SIX_IDEAS: IdeaSpec[] = [
  { title: '关于完善校本研修制度的建议', authors: ['张明远'], points: 14 },
  { title: '推行教师走教制度的建议', authors: ['李晓红', '王建国'], points: 18 },
  { title: '建立城乡学校结对帮扶机制', authors: ['赵一鸣'], points: 10 },
  { title: '关于减轻学生课业负担的建议', authors: ['钱多多'], points: 16 },
  { title: '关于课后服务的建议', authors: ['孙悦'], points: 8 },
  { title: '农村学校寄宿制管理的建议', authors: ['周文斌', '吴雅琴'], points: 12 },
];

export async function signIn(s: TestServer, username: string): Promise<Client> {
  const c = new Client(s.url);
  const r = await c.login(username, PASSWORD);
  expect(r.status, r.text).toBe(200);
  return c;
}

/** Unit C (仙居县白塔镇中心小学 by default, sector 中部) with a member `memberc` and a unit admin `unitadminc`. */
export async function buildUnitC(s: TestServer, name = '仙居县白塔镇中心小学'): Promise<number> {
  const unitC = await buildUnit(s.database, { code: 'T003', name, sector: 'ZB' });
  await buildUser(s.database, { username: 'memberc', role: 'member', unitId: unitC, mobile: '13800000003' });
  await buildUser(s.database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
  return unitC;
}

/** Uploads an attachment as the web app does (multipart, the session cookie and CSRF header). */
export async function uploadAttachment(c: Client, ideaId: number, filename: string, data: Buffer): Promise<Res> {
  const boundary = `----jdz${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${c.base}/api/ideas/${ideaId}/attachments`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf ?? '' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, text };
}

/**
 * Golden ideas of one unit taken to 'received': each form created by `member` (then `beforeSend`, e.g.
 * an upload), sent, approved by `unitAdmin`, sealed in one batch and received by the bureau.
 */
export async function receivedIdeas(
  s: TestServer,
  admin: Client,
  who: { member: string; unitAdmin: string },
  forms: Parameters<typeof completeForm>[0][],
  beforeSend?: (member: Client, ideaId: number, k: number) => Promise<void>,
): Promise<number[]> {
  const member = await signIn(s, who.member);
  const unitAdmin = await signIn(s, who.unitAdmin);
  const ids: number[] = [];
  for (const [k, form] of forms.entries()) {
    const c = await member.post('/api/ideas', completeForm(form));
    expect(c.status, c.text).toBe(201);
    await beforeSend?.(member, c.body.id, k);
    expect((await member.post(`/api/ideas/${c.body.id}/send`, {})).status).toBe(200);
    expect((await unitAdmin.post(`/api/ideas/${c.body.id}/approve`, {})).status).toBe(200);
    ids.push(c.body.id);
  }
  const batch = await unitAdmin.post('/api/batches', { ideaIds: ids });
  expect(batch.status, batch.text).toBe(201);
  const rec = await admin.post(`/api/batches/${batch.body.id}/receive`, {});
  expect(rec.status, rec.text).toBe(200);
  return ids;
}

/** A judge account made by the bureau (POST /api/evaluation/judges), given the cast's password (not expiring) so it signs in at once, also after the clock jumps. */
export async function createJudge(s: TestServer, admin: Client, spec: { username: string; name?: string; unitId: number | null; sectorId: number | null; expertise?: string[] }) {
  const r = await admin.post('/api/evaluation/judges', { name: `专家${spec.username}`, expertise: [], ...spec });
  expect(r.status, r.text).toBe(201);
  const hash = (await s.database.db.selectFrom('users').select('password_hash').where('username', '=', 'judge').executeTakeFirstOrThrow()).password_hash;
  await s.database.db.updateTable('users').set({ must_change_password: 0, password_expires_at: null, password_hash: hash }).where('id', '=', r.body.judge.id).execute();
  return { id: r.body.judge.id as number, client: await signIn(s, spec.username) };
}

/** Sector ids by code (CQ, XB, ZB, DB). */
export async function sectorIds(s: TestServer): Promise<Record<string, number>> {
  return Object.fromEntries((await s.database.db.selectFrom('sectors').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
}

/**
 * The cast's units A (城关第一小学) and B (横溪中学) plus a unit C, two ideas each (specs 0–1 → A,
 * 2–3 → B, 4–5 → C), received by the bureau; a round with 4 judges (pingwei1–4, no unit), 3 reviews
 * per idea, assigned and opened, nothing scored yet. Returns the round id, the ideas and the judges.
 */
export async function openedRound(s: TestServer, admin: Client, cast: { unitA: number; unitB: number }, specs: IdeaSpec[], round: { deadline?: string } = {}) {
  const unitC = await buildUnitC(s);
  const units = [
    { id: cast.unitA, name: '城关第一小学', member: 'member', admin: 'unitadmin' },
    { id: cast.unitB, name: '横溪中学', member: 'memberb', admin: 'unitadminb' },
    { id: unitC, name: '仙居县白塔镇中心小学', member: 'memberc', admin: 'unitadminc' },
  ];
  const campaignId = await startCampaign2017(admin);
  const ideas: ScoredIdea[] = [];
  for (let u = 0; u < 3; u++) {
    const mine = specs.slice(2 * u, 2 * u + 2);
    const ids = await receivedIdeas(s, admin, { member: units[u].member, unitAdmin: units[u].admin }, mine.map((spec) => ({ title: spec.title, authors: spec.authors, contactName: spec.authors[0], body: textOf(520) })));
    mine.forEach((spec, k) => ideas.push({ id: ids[k], title: spec.title, unitId: units[u].id, unitName: units[u].name, authors: spec.authors, points: spec.points, author: units[u].member }));
  }
  const sectors = await sectorIds(s);
  const judges: { id: number; client: Client }[] = [];
  for (const name of ['pingwei1', 'pingwei2', 'pingwei3', 'pingwei4']) judges.push(await createJudge(s, admin, { username: name, unitId: null, sectorId: sectors.DB }));
  const created = await admin.post('/api/evaluation/rounds', { campaignId, title: '2017年金点子评比', reviewsPerIdea: 3, judgeIds: judges.map((j) => j.id), ...round });
  expect(created.status, created.text).toBe(201);
  const roundId = created.body.id as number;
  expect((await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {})).status).toBe(200);
  expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(200);
  return { roundId, campaignId, ideas, unitC, judges };
}

/** Every judge submits every sheet of the round: each criterion gets the idea's `points`. */
export async function scoreAll(admin: Client, roundId: number, ideas: ScoredIdea[], judges: { id: number; client: Client }[]) {
  const byId = new Map(ideas.map((i) => [i.id, i]));
  const pairs = (await admin.get(`/api/evaluation/rounds/${roundId}/assignments`)).body.items as { id: number; ideaId: number; judgeId: number }[];
  expect(pairs).toHaveLength(3 * ideas.length);
  for (const p of pairs) {
    const j = judges.find((x) => x.id === p.judgeId)!;
    const pts = byId.get(p.ideaId)!.points;
    const r = await j.client.post(`/api/evaluation/my/${p.id}/submit`, { scores: { innovation: pts, relevance: pts, feasibility: pts, effectiveness: pts, writing: pts } });
    expect(r.status, r.text).toBe(200);
  }
}

/** openedRound, then scoreAll; left open (the caller closes it). */
export async function scoredRound(s: TestServer, admin: Client, cast: { unitA: number; unitB: number }, specs: IdeaSpec[]) {
  const opened = await openedRound(s, admin, cast, specs);
  await scoreAll(admin, opened.roundId, opened.ideas, opened.judges);
  return opened;
}

/** Closes the scored round, proposes one idea per tier (raw ranking) and announces the 公示 (default period). */
export async function announceResults(admin: Client, roundId: number): Promise<{ noticeEndsAt: string; items: { ideaId: number; rank: number; tier: string | null }[] }> {
  expect((await admin.post(`/api/evaluation/rounds/${roundId}/close`, {})).status).toBe(200);
  const p = await admin.post(`/api/evaluation/rounds/${roundId}/awards/propose`, { mode: 'raw', by: 'count', counts: { first: 1, second: 1, third: 1, excellence: 1 } });
  expect(p.status, p.text).toBe(200);
  const a = await admin.post(`/api/evaluation/rounds/${roundId}/awards/announce`, {});
  expect(a.status, a.text).toBe(200);
  return { noticeEndsAt: a.body.noticeEndsAt, items: p.body.items };
}
