// Word import jobs and their files (SQL only here).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function insertJob(db: Db, createdBy: number, files: Array<{ name: string; data: Buffer }>, now: string): Promise<number> {
  const job = await db
    .insertInto('word_import_jobs')
    .values({ created_by: createdBy, total: files.length, status: files.length ? 'processing' : 'done', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < files.length; i++) {
    await db.insertInto('word_import_files').values({ job_id: job.id, file_index: i, name: files[i].name, size: files[i].data.length, data: files[i].data, result_json: null }).execute();
  }
  return job.id;
}

export function getJob(db: Db, id: number) {
  return db.selectFrom('word_import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function filesOf(db: Db, jobId: number) {
  return db.selectFrom('word_import_files').select(['file_index', 'name', 'size', 'result_json']).where('job_id', '=', jobId).orderBy('file_index').execute();
}

/** The next file still to process, with its bytes. */
export function nextPending(db: Db, jobId: number) {
  return db.selectFrom('word_import_files').select(['id', 'file_index', 'name', 'data']).where('job_id', '=', jobId).where('result_json', 'is', null).orderBy('file_index').limit(1).executeTakeFirst();
}

/** Stores a file's result, drops its bytes and counts it done; the job is done with its last file. */
export async function storeResult(db: Kysely<DB>, jobId: number, fileId: number, resultJson: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('word_import_files').set({ result_json: resultJson, data: null }).where('id', '=', fileId).where('result_json', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return;
    await trx.updateTable('word_import_jobs').set((eb) => ({ done: eb('done', '+', 1), updated_at: now })).where('id', '=', jobId).execute();
    await trx.updateTable('word_import_jobs').set({ status: 'done' }).where('id', '=', jobId).where('status', '=', 'processing').whereRef('done', '>=', 'total').execute();
  });
}

/** Marks a finished job imported, once: false when it was not 'done' (still running, or imported). */
export async function markImported(db: Db, jobId: number, count: number, now: string): Promise<boolean> {
  const r = await db.updateTable('word_import_jobs').set({ status: 'imported', imported_count: count, updated_at: now }).where('id', '=', jobId).where('status', '=', 'done').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function activeUnits(db: Db) {
  return db.selectFrom('units').select(['id', 'code', 'name']).where('active', '=', 1).orderBy('code').execute();
}

/**
 * Claims a job whose processing stopped (its instance went away: no progress since `staleBefore`)
 * for this instance: true for exactly one caller.
 */
export async function claimStale(db: Db, jobId: number, staleBefore: string, now: string): Promise<boolean> {
  const r = await db.updateTable('word_import_jobs').set({ updated_at: now }).where('id', '=', jobId).where('status', '=', 'processing').where('updated_at', '<', staleBefore).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
