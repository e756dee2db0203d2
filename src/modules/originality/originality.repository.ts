// The only SQL of originality checks, campaign-wide runs, the reference library, the stock-phrase
// list and the thresholds (tables of 0005_originality_checks). The index itself (sources and
// postings) is reached through ./store only.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, OriginalityCheckTable, OriginalityRunTable } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import { param, precompiled } from '../../platform/db/precompiled.ts';

type Db = Kysely<DB> | Transaction<DB>;

// ---- check jobs ----

export type CheckRow = Awaited<ReturnType<typeof checkById>> & {};

const CHECK_COLUMNS = ['id', 'idea_id', 'reason', 'run_id', 'status', 'attempts', 'run_after', 'claimed_by', 'claimed_at', 'error', 'idea_version', 'similarity', 'created_at', 'started_at', 'finished_at'] as const;

// Queued in every send and seal transaction: precompiled.
const insertCheckQuery = precompiled((db) =>
  db
    .insertInto('originality_checks')
    .values({ idea_id: param('ideaId'), reason: param('reason'), run_id: param('runId'), status: 'queued', run_after: param('now'), claimed_by: null, claimed_at: null, error: null, idea_version: null, similarity: null, top_source: null, report_json: null, created_at: param('now'), started_at: null, finished_at: null })
    .returning('id'),
);

export async function insertCheck(db: Db, v: { ideaId: number; reason: string; runId: number | null; now: string }): Promise<number> {
  const r = await insertCheckQuery.first(db, v);
  if (!r) throw new Error('originality check not inserted');
  return r.id;
}

const waitingCheckQuery = precompiled((db) =>
  db.selectFrom('originality_checks').select(['id']).where('idea_id', '=', param<number>('ideaId')).where('status', '=', 'queued').where('attempts', '=', 0).orderBy('id', 'desc').limit(1),
);

/** A job of this idea still waiting (not claimed): a new request joins it instead of queueing another. */
export function waitingCheckOf(db: Db, ideaId: number) {
  return waitingCheckQuery.first(db, { ideaId });
}

export function checkById(db: Db, id: number) {
  return db.selectFrom('originality_checks').select(CHECK_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function reportOf(db: Db, checkId: number) {
  return db.selectFrom('originality_checks').select(['report_json']).where('id', '=', checkId).executeTakeFirst();
}

/**
 * Claims the next job for `instance`: a queued one (its first attempt, or a retry whose back-off is
 * over) or a running one whose instance went away (claimed before `staleBefore`). Exactly one
 * caller wins a job (conditional update).
 */
export async function claimNextCheck(db: Kysely<DB>, instance: string, now: string, staleBefore: string): Promise<CheckRow | undefined> {
  const candidates = await db
    .selectFrom('originality_checks')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb.or([eb('attempts', '=', 0), eb('run_after', '<=', now)])]),
        eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('id')
    .limit(8)
    .execute();
  for (const c of candidates) {
    const r = await db
      .updateTable('originality_checks')
      .set((eb) => ({ status: 'running', claimed_by: instance, claimed_at: now, attempts: eb('attempts', '+', 1), started_at: now, error: null }))
      .where('id', '=', c.id)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb.or([eb('attempts', '=', 0), eb('run_after', '<=', now)])]),
          eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return checkById(db, c.id);
  }
  return undefined;
}

/** Stores the report of a job this instance still holds; false when it lost the claim. */
export async function finishCheck(db: Db, id: number, instance: string, v: { similarity: number; topSource: string | null; reportJson: string; ideaVersion: number; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('originality_checks')
    .set({ status: 'done', similarity: v.similarity, top_source: v.topSource, report_json: v.reportJson, idea_version: v.ideaVersion, finished_at: v.now, claimed_by: null, error: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', instance)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A failed attempt: back to the queue after `retryAt`, or failed for good when `retryAt` is null. */
export async function failCheck(db: Db, id: number, instance: string, v: { error: string; retryAt: string | null; now: string }): Promise<void> {
  await db
    .updateTable('originality_checks')
    .set(v.retryAt ? { status: 'queued', run_after: v.retryAt, claimed_by: null, error: v.error } : { status: 'failed', finished_at: v.now, claimed_by: null, error: v.error })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', instance)
    .execute();
}

/** For each idea: its newest job, and its newest finished (done) job. */
export async function latestChecks(db: Db, ideaIds: number[]): Promise<Map<number, { latest: CheckRow; done: CheckRow | null }>> {
  const out = new Map<number, { latest: CheckRow; done: CheckRow | null }>();
  if (ideaIds.length === 0) return out;
  const newest = await db
    .selectFrom('originality_checks')
    .select(CHECK_COLUMNS)
    .where('id', 'in', (eb) => eb.selectFrom('originality_checks').select((e) => e.fn.max('id').as('m')).where('idea_id', 'in', ideaIds).groupBy('idea_id'))
    .execute();
  const newestDone = await db
    .selectFrom('originality_checks')
    .select(CHECK_COLUMNS)
    .where('id', 'in', (eb) => eb.selectFrom('originality_checks').select((e) => e.fn.max('id').as('m')).where('idea_id', 'in', ideaIds).where('status', '=', 'done').groupBy('idea_id'))
    .execute();
  const done = new Map(newestDone.map((r) => [r.idea_id, r]));
  for (const r of newest) out.set(r.idea_id, { latest: r, done: done.get(r.idea_id) ?? null });
  return out;
}

// ---- ideas as the check sees them ----

export function ideaForCheck(db: Db, ideaId: number) {
  return db
    .selectFrom('ideas')
    .select(['id', 'campaign_id', 'unit_id', 'status', 'title', 'body', 'version', 'sent_at', 'updated_at'])
    .where('id', '=', ideaId)
    .executeTakeFirst();
}

/** Versions, units and titles of ideas (for summaries and for naming sources). */
export function ideaBriefs(db: Db, ideaIds: number[]) {
  if (ideaIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ideas')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .select(['ideas.id', 'ideas.version', 'ideas.unit_id', 'ideas.title', 'ideas.campaign_id', 'units.name as unit_name'])
    .where('ideas.id', 'in', ideaIds)
    .execute();
}

/** Ideas sent at least once (every campaign), after `afterId`: what a campaign-wide run indexes. */
export function sentIdeasPage(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('ideas')
    .select(['id', 'campaign_id', 'unit_id', 'title', 'body'])
    .where('sent_at', 'is not', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function countSentIdeas(db: Db): Promise<number> {
  const r = await db.selectFrom('ideas').select((eb) => eb.fn.countAll<number>().as('n')).where('sent_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The campaign's ideas that reached the bureau: what a campaign-wide run checks. */
export function reachedIdeasOf(db: Db, campaignId: number) {
  return db.selectFrom('ideas').select(['id']).where('campaign_id', '=', campaignId).where('submitted_at', 'is not', null).orderBy('id').execute();
}

export function unitNames(db: Db, unitIds: number[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute();
}

// ---- campaign-wide runs ----

const RUN_COLUMNS = ['id', 'campaign_id', 'status', 'indexed', 'to_index', 'total', 'cursor_json', 'claimed_by', 'claimed_at', 'error', 'created_by', 'created_at', 'finished_at'] as const;
export type RunRow = Pick<OriginalityRunTable, Exclude<(typeof RUN_COLUMNS)[number], 'id' | 'indexed' | 'to_index' | 'total'>> & { id: number; indexed: number; to_index: number; total: number };

export async function insertRun(db: Db, v: { campaignId: number; toIndex: number; createdBy: number; now: string }): Promise<number> {
  const r = await db
    .insertInto('originality_runs')
    .values({ campaign_id: v.campaignId, status: 'indexing', indexed: 0, to_index: v.toIndex, total: 0, cursor_json: null, claimed_by: null, claimed_at: null, error: null, created_by: v.createdBy, created_at: v.now, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function runById(db: Db, id: number): Promise<RunRow | undefined> {
  return db.selectFrom('originality_runs').select(RUN_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<RunRow | undefined>;
}

/** The campaign's run still in progress, if any. */
export function activeRunOf(db: Db, campaignId: number): Promise<RunRow | undefined> {
  return db.selectFrom('originality_runs').select(RUN_COLUMNS).where('campaign_id', '=', campaignId).where('status', 'in', ['indexing', 'checking']).orderBy('id', 'desc').limit(1).executeTakeFirst() as Promise<RunRow | undefined>;
}

export function listRuns(db: Db, campaignId: number | undefined, limit = 20): Promise<RunRow[]> {
  let q = db.selectFrom('originality_runs').select(RUN_COLUMNS);
  if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
  return q.orderBy('id', 'desc').limit(limit).execute() as Promise<RunRow[]>;
}

/** Claims an indexing run for one step (a page): not held by a live instance. */
export async function claimIndexingRun(db: Kysely<DB>, instance: string, now: string, staleBefore: string): Promise<RunRow | undefined> {
  const candidates = await db
    .selectFrom('originality_runs')
    .select(['id'])
    .where('status', '=', 'indexing')
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', staleBefore)]))
    .orderBy('id')
    .limit(4)
    .execute();
  for (const c of candidates) {
    const r = await db
      .updateTable('originality_runs')
      .set({ claimed_by: instance, claimed_at: now })
      .where('id', '=', c.id)
      .where('status', '=', 'indexing')
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', staleBefore)]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return runById(db, c.id);
  }
  return undefined;
}

/** Records an indexing step and lets the run go (another instance may take the next step). */
export async function stepRun(db: Db, id: number, instance: string, set: { indexed?: number; to_index?: number; total?: number; cursor_json?: string | null; status?: string; error?: string | null; finished_at?: string | null }): Promise<boolean> {
  const r = await db
    .updateTable('originality_runs')
    .set({ ...set, claimed_by: null, claimed_at: null })
    .where('id', '=', id)
    .where('claimed_by', '=', instance)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether a run already rebuilt the postings for the stock-phrase list of this time. */
export async function runReindexedFor(db: Db, stockUpdatedAt: string): Promise<boolean> {
  const rows = await db.selectFrom('originality_runs').select(['cursor_json']).where('cursor_json', 'like', `%"reindexedFor":"${stockUpdatedAt.replace(/[%_"\\]/g, '')}"%`).limit(1).execute();
  return rows.length > 0;
}

/** Checks of a run by state. */
export async function runCounts(db: Db, runId: number): Promise<{ done: number; failed: number; open: number }> {
  const rows = await db.selectFrom('originality_checks').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('run_id', '=', runId).groupBy('status').execute();
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { done: n('done'), failed: n('failed'), open: n('queued') + n('running') };
}

/** A checking run whose every check has finished becomes done (once). */
export async function completeRunIfDone(db: Db, runId: number, now: string): Promise<void> {
  await db
    .updateTable('originality_runs')
    .set({ status: 'done', finished_at: now })
    .where('id', '=', runId)
    .where('status', '=', 'checking')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('originality_checks').select('id').where('run_id', '=', runId).where('status', 'in', ['queued', 'running']))))
    .execute();
}

/** Every check of a run with its idea, unit and figure. */
export function runResults(db: Db, runId: number) {
  return db
    .selectFrom('originality_checks')
    .innerJoin('ideas', 'ideas.id', 'originality_checks.idea_id')
    .innerJoin('units', 'units.id', 'ideas.unit_id')
    .select(['originality_checks.id', 'originality_checks.idea_id', 'originality_checks.status', 'originality_checks.similarity', 'originality_checks.top_source', 'ideas.title', 'units.name as unit_name'])
    .where('originality_checks.run_id', '=', runId)
    .execute();
}

// ---- reference library ----

const REF_COLUMNS = ['originality_references.id', 'originality_references.title', 'originality_references.origin', 'originality_references.kind', 'originality_references.file_name', 'originality_references.chars', 'originality_references.created_at', 'users.name as created_by_name'] as const;

export async function insertReference(db: Db, v: { title: string; origin: string; kind: string; fileName: string | null; text: string; chars: number; createdBy: number; now: string }): Promise<number> {
  const r = await db
    .insertInto('originality_references')
    .values({ title: v.title, origin: v.origin, kind: v.kind, file_name: v.fileName, text: v.text, chars: v.chars, created_by: v.createdBy, created_at: v.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function listReferences(db: Db) {
  return db.selectFrom('originality_references').innerJoin('users', 'users.id', 'originality_references.created_by').select(REF_COLUMNS).orderBy('originality_references.id', 'desc').execute();
}

export function referenceById(db: Db, id: number) {
  return db.selectFrom('originality_references').innerJoin('users', 'users.id', 'originality_references.created_by').select([...REF_COLUMNS, 'originality_references.text']).where('originality_references.id', '=', id).executeTakeFirst();
}

export function referenceOrigins(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('originality_references').select(['id', 'title', 'origin']).where('id', 'in', ids).execute();
}

export function referencesPage(db: Db, afterId: number, limit: number) {
  return db.selectFrom('originality_references').select(['id', 'title', 'origin', 'text']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function countReferences(db: Db): Promise<number> {
  const r = await db.selectFrom('originality_references').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteReference(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('originality_references').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- stock phrases and thresholds ----

export function stockPhrases(db: Db) {
  return db.selectFrom('originality_stock_phrases').select(['id', 'phrase']).orderBy('id').execute();
}

export async function replaceStockPhrases(db: Db, phrases: string[], now: string): Promise<void> {
  await db.deleteFrom('originality_stock_phrases').execute();
  for (let i = 0; i < phrases.length; i += 200) {
    await db
      .insertInto('originality_stock_phrases')
      .values(phrases.slice(i, i + 200).map((phrase) => ({ phrase })))
      .execute();
  }
  await db.updateTable('originality_settings').set({ stock_updated_at: now }).where('id', '=', 1).execute();
}

export function settings(db: Db) {
  return db.selectFrom('originality_settings').select(['red', 'orange', 'thresholds_updated_at', 'stock_updated_at']).where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function updateThresholds(db: Db, red: number, orange: number, now: string): Promise<void> {
  await db.updateTable('originality_settings').set({ red, orange, thresholds_updated_at: now }).where('id', '=', 1).execute();
}

/** Serialises edits of the settings row (PostgreSQL; SQLite writers are serialised anyway). */
export async function lockSettings(trx: Transaction<DB>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT id FROM originality_settings WHERE id = 1 FOR UPDATE`.execute(trx);
}

export type { OriginalityCheckTable };
