// The only SQL of evaluation (评比): judge profiles, rounds, their judges and ideas, assignments with
// their score sheets, conflicts, reminders, disqualifications, and the name lists used for masking.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, EvaluationAssignmentTable, EvaluationRoundTable } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';

type Db = Kysely<DB> | Transaction<DB>;

// ---- judges ----

function judgeSelect(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('user_roles as r', (j) => j.onRef('r.user_id', '=', 'users.id').on('r.role', '=', 'judge'))
    .leftJoin('evaluation_judges as j', 'j.user_id', 'users.id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('sectors as s', (jn) => jn.on((eb) => eb('s.id', '=', eb.fn.coalesce('j.sector_id', 'units.sector_id'))))
    .select([
      'users.id',
      'users.username',
      'users.name',
      'users.active',
      'users.unit_id',
      'units.name as unit_name',
      's.id as sector_id',
      's.name as sector_name',
      'j.sector_id as own_sector_id',
      'j.expertise_json',
      'j.capacity',
    ]);
}
export type JudgeRow = Awaited<ReturnType<ReturnType<typeof judgeSelect>['executeTakeFirstOrThrow']>>;

export async function listJudges(db: Db) {
  return judgeSelect(db).orderBy('users.id').execute();
}

export async function getJudge(db: Db, userId: number) {
  return judgeSelect(db).where('users.id', '=', userId).executeTakeFirst();
}

export async function judgesByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return judgeSelect(db).where('users.id', 'in', ids).execute();
}

export async function upsertJudgeProfile(db: Db, v: { user_id: number; sector_id: number | null; expertise_json: string; capacity: number | null }, now: string) {
  const found = await db.selectFrom('evaluation_judges').select('user_id').where('user_id', '=', v.user_id).executeTakeFirst();
  if (found) await db.updateTable('evaluation_judges').set({ sector_id: v.sector_id, expertise_json: v.expertise_json, capacity: v.capacity, updated_at: now }).where('user_id', '=', v.user_id).execute();
  else await db.insertInto('evaluation_judges').values({ ...v, created_at: now, updated_at: now }).execute();
}

export async function sectorExists(db: Db, id: number) {
  return !!(await db.selectFrom('sectors').select('id').where('id', '=', id).executeTakeFirst());
}

// ---- rounds ----

export type RoundRow = Omit<EvaluationRoundTable, 'id'> & { id: number };

export async function insertRound(db: Db, v: Omit<EvaluationRoundTable, 'id'>): Promise<number> {
  const r = await db.insertInto('evaluation_rounds').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateRound(db: Db, id: number, set: Partial<Omit<EvaluationRoundTable, 'id'>>) {
  await db.updateTable('evaluation_rounds').set(set).where('id', '=', id).execute();
}

export async function getRound(db: Db, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('evaluation_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the round's row for the rest of the transaction (PostgreSQL; SQLite writers are serialised). */
export async function lockRound(trx: Transaction<DB>, dialect: Dialect, id: number) {
  if (dialect === 'postgres') await sql`SELECT id FROM evaluation_rounds WHERE id = ${id} FOR UPDATE`.execute(trx);
}

export async function listRounds(db: Db, campaignId?: number) {
  let q = db.selectFrom('evaluation_rounds').selectAll();
  if (campaignId) q = q.where('campaign_id', '=', campaignId);
  return q.orderBy('id', 'desc').execute();
}

export async function setRoundJudges(db: Db, roundId: number, judgeIds: number[]) {
  await db.deleteFrom('evaluation_round_judges').where('round_id', '=', roundId).execute();
  if (judgeIds.length) await db.insertInto('evaluation_round_judges').values(judgeIds.map((judge_id) => ({ round_id: roundId, judge_id }))).execute();
}

export async function roundJudgeIds(db: Db, roundId: number): Promise<number[]> {
  const rows = await db.selectFrom('evaluation_round_judges').select('judge_id').where('round_id', '=', roundId).orderBy('judge_id').execute();
  return rows.map((r) => r.judge_id);
}

/** Ideas that may enter a round: received by the bureau, not disqualified, within the filters. */
export async function eligibleIdeas(db: Db, campaignId: number, f: { topics: string[]; sectorIds: number[] }) {
  let q = db
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .leftJoin('evaluation_disqualifications as d', 'd.idea_id', 'ideas.id')
    .select(['ideas.id', 'ideas.title', 'ideas.unit_id', 'units.sector_id', 'ideas.topic', 'ideas.received_at'])
    .where('ideas.campaign_id', '=', campaignId)
    .where('ideas.status', '=', 'received')
    .where('d.idea_id', 'is', null);
  if (f.topics.length) q = q.where('ideas.topic', 'in', f.topics);
  if (f.sectorIds.length) q = q.where('units.sector_id', 'in', f.sectorIds);
  return q.orderBy('ideas.id').execute();
}

export async function replaceRoundIdeas(db: Db, roundId: number, rows: { idea_id: number; code: string }[]) {
  await db.deleteFrom('evaluation_round_ideas').where('round_id', '=', roundId).execute();
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('evaluation_round_ideas').values(rows.slice(i, i + 500).map((r) => ({ round_id: roundId, ...r }))).execute();
  }
}

/** The ideas of a round with what the rules and the admin need (never shown to judges). */
export async function roundIdeas(db: Db, roundId: number) {
  return db
    .selectFrom('evaluation_round_ideas as ri')
    .innerJoin('ideas', 'ideas.id', 'ri.idea_id')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .innerJoin('sectors', 'sectors.id', 'units.sector_id')
    .select(['ideas.id', 'ri.code', 'ideas.title', 'ideas.unit_id', 'units.name as unit_name', 'units.sector_id', 'sectors.name as sector_name', 'ideas.topic', 'ideas.received_at'])
    .where('ri.round_id', '=', roundId)
    .orderBy('ri.code')
    .execute();
}

export async function roundIdeaCode(db: Db, roundId: number, ideaId: number): Promise<string | null> {
  const r = await db.selectFrom('evaluation_round_ideas').select('code').where('round_id', '=', roundId).where('idea_id', '=', ideaId).executeTakeFirst();
  return r?.code ?? null;
}

// ---- assignments and score sheets ----

export type NewAssignment = Omit<EvaluationAssignmentTable, 'id' | 'revision'>;

export async function insertAssignments(db: Db, rows: NewAssignment[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('evaluation_assignments').values(rows.slice(i, i + 500).map((r) => ({ ...r, revision: 0 }))).execute();
}

export async function insertAssignment(db: Db, row: NewAssignment): Promise<number> {
  const r = await db.insertInto('evaluation_assignments').values({ ...row, revision: 0 }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function deleteRoundAssignments(db: Db, roundId: number) {
  await db.deleteFrom('evaluation_assignments').where('round_id', '=', roundId).execute();
}

export async function deleteAssignment(db: Db, id: number) {
  await db.deleteFrom('evaluation_scores').where('assignment_id', '=', id).execute();
  await db.deleteFrom('evaluation_assignments').where('id', '=', id).execute();
}

export async function deleteAssignmentPair(db: Db, roundId: number, ideaId: number, judgeId: number) {
  const row = await db.selectFrom('evaluation_assignments').select('id').where('round_id', '=', roundId).where('idea_id', '=', ideaId).where('judge_id', '=', judgeId).executeTakeFirst();
  if (row) await deleteAssignment(db, row.id);
}

export async function getAssignment(db: Db, id: number) {
  return db.selectFrom('evaluation_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof getAssignment>>>;

export async function roundAssignments(db: Db, roundId: number) {
  return db.selectFrom('evaluation_assignments').selectAll().where('round_id', '=', roundId).orderBy('idea_id').orderBy('judge_id').execute();
}

/** The admin's view of a round's pairs: idea code and title, unit, judge name, sheet state. */
export async function roundAssignmentsDetailed(db: Db, roundId: number) {
  return db
    .selectFrom('evaluation_assignments as a')
    .innerJoin('evaluation_round_ideas as ri', (j) => j.onRef('ri.round_id', '=', 'a.round_id').onRef('ri.idea_id', '=', 'a.idea_id'))
    .innerJoin('ideas', 'ideas.id', 'a.idea_id')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .innerJoin('users as u', 'u.id', 'a.judge_id')
    .select(['a.id', 'a.idea_id', 'ri.code', 'ideas.title', 'units.name as unit_name', 'a.judge_id', 'u.name as judge_name', 'a.source', 'a.status', 'a.total', 'a.saved_at', 'a.submitted_at'])
    .where('a.round_id', '=', roundId)
    .orderBy('ri.code')
    .orderBy('a.judge_id')
    .execute();
}

export async function updateSheet(db: Db, id: number, set: Partial<Pick<EvaluationAssignmentTable, 'status' | 'comment' | 'total' | 'saved_at' | 'submitted_at' | 'revision'>>) {
  await db.updateTable('evaluation_assignments').set(set).where('id', '=', id).execute();
}

export async function replaceScores(db: Db, assignmentId: number, scores: Record<string, number>) {
  await db.deleteFrom('evaluation_scores').where('assignment_id', '=', assignmentId).execute();
  const rows = Object.entries(scores).map(([criterion, points]) => ({ assignment_id: assignmentId, criterion, points }));
  if (rows.length) await db.insertInto('evaluation_scores').values(rows).execute();
}

export async function scoresOf(db: Db, assignmentIds: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  for (let i = 0; i < assignmentIds.length; i += 500) {
    const rows = await db.selectFrom('evaluation_scores').selectAll().where('assignment_id', 'in', assignmentIds.slice(i, i + 500)).execute();
    for (const r of rows) {
      const m = out.get(r.assignment_id) ?? {};
      m[r.criterion] = Number(r.points);
      out.set(r.assignment_id, m);
    }
  }
  return out;
}

// ---- the judge's side ----

/** A judge's assignments in rounds that are open or closed (never drafts), with the idea's code and title. */
export async function judgeAssignments(db: Db, judgeId: number) {
  return db
    .selectFrom('evaluation_assignments as a')
    .innerJoin('evaluation_rounds as r', 'r.id', 'a.round_id')
    .innerJoin('evaluation_round_ideas as ri', (j) => j.onRef('ri.round_id', '=', 'a.round_id').onRef('ri.idea_id', '=', 'a.idea_id'))
    .innerJoin('ideas', 'ideas.id', 'a.idea_id')
    .select(['a.id', 'a.round_id', 'a.idea_id', 'ri.code', 'ideas.title', 'ideas.topic', 'a.status', 'a.total', 'a.saved_at', 'a.submitted_at'])
    .where('a.judge_id', '=', judgeId)
    .where('r.status', 'in', ['open', 'closed'])
    .orderBy('a.round_id', 'desc')
    .orderBy('ri.code')
    .execute();
}

export async function roundsByIds(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('evaluation_rounds').selectAll().where('id', 'in', ids).orderBy('id', 'desc').execute();
}

/** What a judge may read of an idea (the service masks it): never the unit, phone or authors' fields. */
export async function ideaForReading(db: Db, ideaId: number) {
  return db
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .select(['ideas.id', 'ideas.title', 'ideas.topic', 'ideas.body', 'ideas.char_count', 'ideas.authors_json', 'ideas.contact_name', 'ideas.authorship', 'units.name as unit_name'])
    .where('ideas.id', '=', ideaId)
    .executeTakeFirst();
}

// ---- masking lists ----

export async function allUnitNames(db: Db): Promise<string[]> {
  return (await db.selectFrom('units').select('name').execute()).map((r) => r.name);
}

/** Every person name the organisation knows: accounts, units' contacts, the campaign's authors and contacts. */
export async function allPersonNames(db: Db, campaignId: number): Promise<string[]> {
  const users = await db.selectFrom('users').select('name').execute();
  const contacts = await db.selectFrom('units').select('contact_name').where('contact_name', 'is not', null).execute();
  const ideas = await db.selectFrom('ideas').select(['contact_name', 'authors_json']).where('campaign_id', '=', campaignId).where('status', '!=', 'draft').execute();
  const out: string[] = [...users.map((u) => u.name), ...contacts.map((c) => c.contact_name ?? '')];
  for (const i of ideas) {
    out.push(i.contact_name);
    try {
      const a = JSON.parse(i.authors_json) as unknown;
      if (Array.isArray(a)) for (const n of a) if (typeof n === 'string') out.push(n);
    } catch {
      /* a malformed list names nobody */
    }
  }
  return out;
}

// ---- conflicts ----

export async function insertConflict(db: Db, v: { round_id: number; idea_id: number; judge_id: number; reason: string; declared_by: number; declared_at: string; outcome: string | null }) {
  await db.insertInto('evaluation_conflicts').values(v).execute();
}

export async function roundConflicts(db: Db, roundId: number) {
  return db
    .selectFrom('evaluation_conflicts as c')
    .innerJoin('users as u', 'u.id', 'c.judge_id')
    .innerJoin('evaluation_round_ideas as ri', (j) => j.onRef('ri.round_id', '=', 'c.round_id').onRef('ri.idea_id', '=', 'c.idea_id'))
    .select(['c.id', 'c.idea_id', 'ri.code', 'c.judge_id', 'u.name as judge_name', 'c.reason', 'c.declared_by', 'c.declared_at', 'c.outcome'])
    .where('c.round_id', '=', roundId)
    .orderBy('c.id')
    .execute();
}

export async function conflictPairs(db: Db, roundId: number) {
  return db.selectFrom('evaluation_conflicts').select(['idea_id', 'judge_id']).where('round_id', '=', roundId).execute();
}

// ---- reminders ----

export async function insertReminder(db: Db, v: { round_id: number; judge_id: number; message: string; created_by: number; created_at: string }) {
  await db.insertInto('evaluation_reminders').values({ ...v, read_at: null }).execute();
}

/** The judge's reminders not yet marked read (知道了), newest first: shown until read. */
export async function remindersOfJudge(db: Db, judgeId: number, limit = 20) {
  return db
    .selectFrom('evaluation_reminders')
    .select(['id', 'round_id', 'message', 'created_at', 'read_at'])
    .where('judge_id', '=', judgeId)
    .where('read_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Marks one of the judge's own reminders read; false when it is not theirs (or does not exist). Idempotent. */
export async function markReminderRead(db: Db, judgeId: number, id: number, now: string): Promise<boolean> {
  const row = await db.selectFrom('evaluation_reminders').select(['id', 'read_at']).where('id', '=', id).where('judge_id', '=', judgeId).executeTakeFirst();
  if (!row) return false;
  if (row.read_at == null) await db.updateTable('evaluation_reminders').set({ read_at: now }).where('id', '=', id).execute();
  return true;
}

export async function lastRemindedPerJudge(db: Db, roundId: number): Promise<Map<number, { at: string; count: number }>> {
  const rows = await db
    .selectFrom('evaluation_reminders')
    .select((eb) => ['judge_id', eb.fn.max('created_at').as('at'), eb.fn.countAll<number>().as('n')])
    .where('round_id', '=', roundId)
    .groupBy('judge_id')
    .execute();
  return new Map(rows.map((r) => [r.judge_id, { at: String(r.at), count: Number(r.n) }]));
}

// ---- disqualification ----

export async function disqualify(db: Db, v: { idea_id: number; reason: string; decided_by: number; decided_at: string }) {
  const found = await db.selectFrom('evaluation_disqualifications').select('idea_id').where('idea_id', '=', v.idea_id).executeTakeFirst();
  if (found) await db.updateTable('evaluation_disqualifications').set({ reason: v.reason, decided_by: v.decided_by, decided_at: v.decided_at }).where('idea_id', '=', v.idea_id).execute();
  else await db.insertInto('evaluation_disqualifications').values(v).execute();
}

/** The disqualifications of these ideas (any round: a disqualified idea is out of every ranking), by idea. */
export async function disqualificationsOf(db: Db, ideaIds: readonly number[]): Promise<Map<number, { reason: string; decidedAt: string }>> {
  const out = new Map<number, { reason: string; decidedAt: string }>();
  for (let i = 0; i < ideaIds.length; i += 500) {
    const rows = await db.selectFrom('evaluation_disqualifications').select(['idea_id', 'reason', 'decided_at']).where('idea_id', 'in', ideaIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.idea_id, { reason: r.reason, decidedAt: String(r.decided_at) });
  }
  return out;
}

export async function receivedIdea(db: Db, ideaId: number) {
  return db.selectFrom('ideas').select(['id', 'campaign_id', 'status']).where('id', '=', ideaId).executeTakeFirst();
}

export async function campaignExists(db: Db, id: number) {
  return !!(await db.selectFrom('campaigns').select('id').where('id', '=', id).executeTakeFirst());
}
