// The only SQL of the awards (评比结果): the round's results state, the ranked ideas with their tiers,
// objections (异议), and the idea details certificates and the results list need.
import type { Kysely, Transaction } from 'kysely';
import type { DB, EvaluationAwardRoundTable, EvaluationAwardTable, EvaluationObjectionTable } from '../../../platform/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type AwardRoundRow = EvaluationAwardRoundTable;

export async function getAwardRound(db: Db, roundId: number): Promise<AwardRoundRow | undefined> {
  return db.selectFrom('evaluation_award_rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
}

export async function upsertAwardRound(db: Db, v: AwardRoundRow) {
  const found = await getAwardRound(db, v.round_id);
  if (found) await db.updateTable('evaluation_award_rounds').set(v).where('round_id', '=', v.round_id).execute();
  else await db.insertInto('evaluation_award_rounds').values(v).execute();
}

export async function updateAwardRound(db: Db, roundId: number, set: Partial<Omit<AwardRoundRow, 'round_id'>>) {
  await db.updateTable('evaluation_award_rounds').set(set).where('round_id', '=', roundId).execute();
}

export async function replaceAwards(db: Db, roundId: number, rows: EvaluationAwardTable[]) {
  await db.deleteFrom('evaluation_awards').where('round_id', '=', roundId).execute();
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('evaluation_awards').values(rows.slice(i, i + 500)).execute();
}

export async function getAward(db: Db, roundId: number, ideaId: number) {
  return db.selectFrom('evaluation_awards').selectAll().where('round_id', '=', roundId).where('idea_id', '=', ideaId).executeTakeFirst();
}

export async function updateAward(db: Db, roundId: number, ideaId: number, set: Partial<Pick<EvaluationAwardTable, 'tier' | 'reason' | 'adjusted_by' | 'adjusted_at' | 'excellent'>>) {
  await db.updateTable('evaluation_awards').set(set).where('round_id', '=', roundId).where('idea_id', '=', ideaId).execute();
}

/** The ranked ideas of a round with everything the bureau's list, the certificates and the notices show. */
export async function awardsDetailed(db: Db, roundId: number, filter: { unitId?: number; createdBy?: number; ideaId?: number } = {}) {
  let q = db
    .selectFrom('evaluation_awards as a')
    .innerJoin('ideas', 'ideas.id', 'a.idea_id')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .innerJoin('sectors', 'sectors.id', 'units.sector_id')
    .select([
      'a.idea_id',
      'a.rank',
      'a.computed_tier',
      'a.tier',
      'a.reason',
      'a.adjusted_at',
      'a.raw_score',
      'a.normalized_score',
      'a.sheets',
      'a.spread',
      'a.flagged',
      'a.excellent',
      'ideas.title',
      'ideas.topic',
      'ideas.authorship',
      'ideas.authors_json',
      'ideas.receipt_no',
      'ideas.unit_id',
      'ideas.created_by',
      'units.name as unit_name',
      'sectors.name as sector_name',
    ])
    .where('a.round_id', '=', roundId);
  if (filter.unitId != null) q = q.where('ideas.unit_id', '=', filter.unitId);
  if (filter.createdBy != null) q = q.where('ideas.created_by', '=', filter.createdBy);
  if (filter.ideaId != null) q = q.where('a.idea_id', '=', filter.ideaId);
  return q.orderBy('a.rank').orderBy('a.idea_id').execute();
}
export type AwardDetailRow = Awaited<ReturnType<typeof awardsDetailed>>[number];

export async function campaignTitle(db: Db, campaignId: number): Promise<string> {
  const r = await db.selectFrom('campaigns').select('title').where('id', '=', campaignId).executeTakeFirst();
  return r?.title ?? '';
}

// ---- objections ----

export async function insertObjection(db: Db, v: Omit<EvaluationObjectionTable, 'id'>): Promise<number> {
  const r = await db.insertInto('evaluation_objections').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function getObjection(db: Db, id: number) {
  return db.selectFrom('evaluation_objections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answerObjection(db: Db, id: number, set: { status: string; reply: string; answered_by: number; answered_at: string }) {
  await db.updateTable('evaluation_objections').set(set).where('id', '=', id).execute();
}

/** A round's objections with the idea's title and the filing unit's name (never the filer's phone). */
export async function objections(db: Db, roundId: number, filter: { unitId?: number } = {}) {
  let q = db
    .selectFrom('evaluation_objections as o')
    .innerJoin('ideas', 'ideas.id', 'o.idea_id')
    .innerJoin('units as fu', 'fu.id', 'o.unit_id')
    .innerJoin('users as u', 'u.id', 'o.filed_by')
    .select(['o.id', 'o.round_id', 'o.idea_id', 'ideas.title', 'o.unit_id', 'fu.name as unit_name', 'u.name as filed_by_name', 'o.filed_at', 'o.reason', 'o.status', 'o.reply', 'o.answered_at'])
    .where('o.round_id', '=', roundId);
  if (filter.unitId != null) q = q.where('o.unit_id', '=', filter.unitId);
  return q.orderBy('o.id').execute();
}
export type ObjectionRow = Awaited<ReturnType<typeof objections>>[number];

export async function openObjectionCount(db: Db, roundId: number): Promise<number> {
  const r = await db.selectFrom('evaluation_objections').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', roundId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Rounds whose results a unit may read: announced (the 公示) or final. */
export async function noticeRounds(db: Db) {
  return db
    .selectFrom('evaluation_award_rounds as ar')
    .innerJoin('evaluation_rounds as r', 'r.id', 'ar.round_id')
    .select(['r.id', 'r.title', 'r.campaign_id', 'ar.status', 'ar.announced_at', 'ar.notice_ends_at', 'ar.finalized_at', 'ar.public'])
    .where('ar.status', 'in', ['announced', 'final'])
    .orderBy('r.id', 'desc')
    .execute();
}

export async function finalRounds(db: Db) {
  return db
    .selectFrom('evaluation_award_rounds as ar')
    .innerJoin('evaluation_rounds as r', 'r.id', 'ar.round_id')
    .select(['r.id', 'r.title', 'r.campaign_id', 'ar.finalized_at', 'ar.public'])
    .where('ar.status', '=', 'final')
    .orderBy('r.id', 'desc')
    .execute();
}

export async function awardCount(db: Db, roundId: number): Promise<number> {
  const r = await db.selectFrom('evaluation_awards').select((eb) => eb.fn.countAll<number>().as('n')).where('round_id', '=', roundId).executeTakeFirstOrThrow();
  return Number(r.n);
}
