// SQL of the originality index (migration 0004): sources, packed postings, the state row. Both
// dialects; every function takes the Kysely handle or a caller's transaction.
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';

export type Db = Kysely<DB>;

export interface SourceRow {
  doc_no: number;
  id: string;
  kind: string;
  family: string | null;
  unit_id: number | null;
  year: number | null;
  title: string;
  origin: string | null;
  text: string;
  updated_at: string;
}

export type NewSourceRow = Omit<SourceRow, 'doc_no'>;

export interface IndexState {
  bucket_bits: number;
  format: number;
  documents: number;
  built_at: string | null;
}

/** Parameters per statement: well under SQLite's 32 766 and PostgreSQL's 65 535. */
const CHUNK = 5000;

function chunks<T>(a: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
  return out;
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * PostgreSQL: index writers take a transaction-scoped advisory lock, so that two transactions
 * never rewrite the same bucket from the same old value. SQLite has one writer anyway.
 */
export async function lockIndexForWrite(trx: Db): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${INDEX_LOCK_KEY})`.execute(trx);
}

/** "jdzorig" as a number: the advisory lock key of the originality index. */
const INDEX_LOCK_KEY = 0x6a647a6f72;

export async function readState(db: Db): Promise<IndexState> {
  const row = await db.selectFrom('originality_index_state').select(['bucket_bits', 'format', 'documents', 'built_at']).where('id', '=', 1).executeTakeFirst();
  if (!row) throw new Error('originality_index_state row missing (migration 0004 not applied?)');
  return row;
}

export async function writeState(db: Db, patch: Partial<IndexState>): Promise<void> {
  await db.updateTable('originality_index_state').set(patch).where('id', '=', 1).execute();
}

export async function addDocumentCount(db: Db, delta: number): Promise<void> {
  await db
    .updateTable('originality_index_state')
    .set((eb) => ({ documents: eb('documents', '+', delta) }))
    .where('id', '=', 1)
    .execute();
}

export async function countSources(db: Db): Promise<number> {
  const r = await db.selectFrom('originality_sources').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function totalTextLength(db: Db): Promise<number> {
  const r = await db
    .selectFrom('originality_sources')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>(eb.fn('length', ['text'])), sql<number>`0`).as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findSource(db: Db, id: string): Promise<SourceRow | undefined> {
  return db.selectFrom('originality_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSource(db: Db, row: NewSourceRow): Promise<number> {
  const r = await db.insertInto('originality_sources').values(row).returning('doc_no').executeTakeFirstOrThrow();
  return Number(r.doc_no);
}

/** Many rows at once (bulk load); returns their document numbers in order. */
export async function insertSources(db: Db, rows: readonly NewSourceRow[]): Promise<number[]> {
  const out: number[] = [];
  // 10 columns a row.
  for (const part of chunks(rows, 400)) {
    const r = await db.insertInto('originality_sources').values(part).returning('doc_no').execute();
    for (const x of r) out.push(Number(x.doc_no));
  }
  return out;
}

export async function deleteSourcesByIds(db: Db, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) await db.deleteFrom('originality_sources').where('id', 'in', part).execute();
}

export async function deleteSource(db: Db, docNo: number): Promise<void> {
  await db.deleteFrom('originality_sources').where('doc_no', '=', docNo).execute();
}

export async function sourcesByIds(db: Db, ids: readonly string[]): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for (const part of chunks(ids)) out.push(...(await db.selectFrom('originality_sources').selectAll().where('id', 'in', part).execute()));
  return out;
}

/** doc_no → id for these document numbers (unknown numbers are absent). */
export async function idsOf(db: Db, docNos: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (docNos.length === 0) return out;
  const rows = await db.selectFrom('originality_sources').select(['doc_no', 'id']).where(inList(db, 'doc_no', docNos)).execute();
  for (const r of rows) out.set(Number(r.doc_no), r.id);
  return out;
}

/** The sources with these document numbers (any order; unknown numbers are absent). */
export async function sourcesByNumbers(db: Db, docNos: readonly number[]): Promise<SourceRow[]> {
  if (docNos.length === 0) return [];
  return db.selectFrom('originality_sources').selectAll().where(inList(db, 'doc_no', docNos)).execute();
}

/** A page of sources in document-number order after `afterDocNo` (keyset pagination). */
export async function sourcePage(db: Db, afterDocNo: number, limit: number): Promise<Array<Pick<SourceRow, 'doc_no' | 'text'>>> {
  return db.selectFrom('originality_sources').select(['doc_no', 'text']).where('doc_no', '>', afterDocNo).orderBy('doc_no').limit(limit).execute();
}

/**
 * `column IN (list)` with the list as one parameter (json_each on SQLite, ANY on PostgreSQL), so that
 * the statement is the same whatever the list's length (prepared once) and any length fits.
 */
function inList(db: Db, column: string, values: readonly number[]) {
  return isPostgres(db) ? sql<boolean>`${sql.ref(column)} = ANY(${[...values]}::int[])` : sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/**
 * Writes to the postings made by this process (any connection), counted so that what a reader keeps
 * of them in memory can tell it is stale; writes by other processes show in `PRAGMA data_version`.
 */
let postingsWrites = 0;
export function postingsWriteCount(): number {
  return postingsWrites;
}

export async function bucketsByNumber(db: Db, buckets: readonly number[]): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  if (buckets.length === 0) return out;
  const rows = await db.selectFrom('originality_postings').select(['bucket', 'data']).where(inList(db, 'bucket', buckets)).execute();
  for (const r of rows) out.set(Number(r.bucket), r.data);
  return out;
}

export async function upsertBuckets(db: Db, rows: ReadonlyArray<{ bucket: number; data: Uint8Array }>): Promise<void> {
  postingsWrites++;
  for (const part of chunks(rows, 1000)) {
    await db
      .insertInto('originality_postings')
      .values(part.map((r) => ({ bucket: r.bucket, data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) })))
      .onConflict((oc) => oc.column('bucket').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })))
      .execute();
  }
}

/** Plain inserts into an emptied table (bulk build). */
export async function insertBuckets(db: Db, rows: ReadonlyArray<{ bucket: number; data: Uint8Array }>): Promise<void> {
  postingsWrites++;
  for (const part of chunks(rows, 1000)) {
    await db
      .insertInto('originality_postings')
      .values(part.map((r) => ({ bucket: r.bucket, data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) })))
      .execute();
  }
}

export async function deleteBuckets(db: Db, buckets: readonly number[]): Promise<void> {
  postingsWrites++;
  for (const part of chunks(buckets)) await db.deleteFrom('originality_postings').where('bucket', 'in', part).execute();
}

export async function deleteAllBuckets(db: Db): Promise<void> {
  postingsWrites++;
  await db.deleteFrom('originality_postings').execute();
}

/** Rows and bytes of the postings (index size). */
export async function postingsSize(db: Db): Promise<{ rows: number; bytes: number }> {
  const r = await db
    .selectFrom('originality_postings')
    .select((eb) => [eb.fn.countAll<number | string>().as('rows'), eb.fn.coalesce(eb.fn.sum<number | string>(eb.fn('length', ['data'])), sql<number>`0`).as('bytes')])
    .executeTakeFirstOrThrow();
  return { rows: Number(r.rows), bytes: Number(r.bytes) };
}

/**
 * The reads of a check on SQLite through the raw better-sqlite3 handle: the same SQL, prepared once,
 * rows as arrays (a check reads about 1,500 bucket rows; Kysely's per-row objects and its driver
 * queue cost more than the reads themselves). Same connection, so the same data as `db`.
 */
export class SqliteCheckReads {
  private readonly buckets: SqliteStatement;
  private readonly state: SqliteStatement;
  private readonly sources: SqliteStatement;
  private readonly version: SqliteStatement;

  constructor(private readonly handle: SqliteHandle) {
    this.buckets = handle.prepare('SELECT bucket, data FROM originality_postings WHERE bucket IN (SELECT value FROM json_each(?))').raw(true);
    this.state = handle.prepare('SELECT bucket_bits, format, documents, built_at FROM originality_index_state WHERE id = 1');
    this.sources = handle.prepare('SELECT doc_no, id, kind, family, unit_id, year, title, origin, text, updated_at FROM originality_sources WHERE doc_no IN (SELECT value FROM json_each(?))');
    this.version = handle.prepare('PRAGMA data_version').pluck(true);
  }

  /**
   * What the postings read now are as of: another connection's commit changes `data_version`, this
   * process's writes the write count. Null inside a transaction (its writes may still be undone).
   */
  snapshot(): string | null {
    return this.handle.inTransaction ? null : `${this.version.get() as number}:${postingsWrites}`;
  }

  sourcesByNumbers(docNos: readonly number[]): SourceRow[] {
    return docNos.length === 0 ? [] : (this.sources.all(JSON.stringify(docNos)) as SourceRow[]);
  }

  bucketsByNumber(buckets: readonly number[]): Map<number, Uint8Array> {
    const out = new Map<number, Uint8Array>();
    if (buckets.length === 0) return out;
    for (const [b, data] of this.buckets.all(JSON.stringify(buckets)) as Array<[number, Uint8Array]>) out.set(b, data);
    return out;
  }

  readState(): IndexState {
    const row = this.state.get() as IndexState | undefined;
    if (!row) throw new Error('originality_index_state row missing (migration 0004 not applied?)');
    return row;
  }
}

type SqliteHandle = import('better-sqlite3').Database;
type SqliteStatement = import('better-sqlite3').Statement;

/**
 * Bulk writes on SQLite through the raw handle (reindex, bulk load): prepared single-row
 * statements in the caller's transaction, on the same connection (a million rows through Kysely's
 * multi-row inserts cost more than the index build itself).
 */
export class SqliteBulkWrites {
  private readonly insertBucketStmt: SqliteStatement;
  private readonly insertSourceStmt: SqliteStatement;
  private readonly deleteIdsStmt: SqliteStatement;
  private readonly pageStmt: SqliteStatement;

  constructor(handle: SqliteHandle) {
    this.insertBucketStmt = handle.prepare('INSERT INTO originality_postings (bucket, data) VALUES (?, ?)');
    this.insertSourceStmt = handle.prepare('INSERT INTO originality_sources (id, kind, family, unit_id, year, title, origin, text, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.deleteIdsStmt = handle.prepare('DELETE FROM originality_sources WHERE id IN (SELECT value FROM json_each(?))');
    this.pageStmt = handle.prepare('SELECT doc_no, text FROM originality_sources WHERE doc_no > ? ORDER BY doc_no LIMIT ?').raw(true);
  }

  insertBuckets(rows: ReadonlyArray<{ bucket: number; data: Uint8Array }>): void {
    postingsWrites++;
    for (const r of rows) this.insertBucketStmt.run(r.bucket, r.data);
  }

  insertSources(rows: readonly NewSourceRow[]): void {
    for (const r of rows) this.insertSourceStmt.run(r.id, r.kind, r.family, r.unit_id, r.year, r.title, r.origin, r.text, r.updated_at);
  }

  deleteSourcesByIds(ids: readonly string[]): void {
    if (ids.length) this.deleteIdsStmt.run(JSON.stringify(ids));
  }

  sourcePage(afterDocNo: number, limit: number): Array<Pick<SourceRow, 'doc_no' | 'text'>> {
    return (this.pageStmt.all(afterDocNo, limit) as Array<[number, string]>).map(([doc_no, text]) => ({ doc_no, text }));
  }
}
