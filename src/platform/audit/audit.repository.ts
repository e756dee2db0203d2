// The only SQL of the audit log.
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { GENESIS_HASH, hashAuditRecord, type AuditContent } from './audit.chain.ts';
import { param, precompiled } from '../db/precompiled.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** Advisory lock id that serialises appends to the chain across PostgreSQL instances. */
const AUDIT_CHAIN_LOCK = 7_270_001;

export type NewAuditRecord = Omit<AuditContent, 'seq'>;

// Every write appends here: precompiled.
const lastAuditRecord = precompiled((db) => db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
const AUDIT_FIELDS = ['at', 'actor_id', 'actor_role', 'unit_id', 'action', 'target_type', 'target_id', 'outcome', 'error_code', 'ip', 'request_id', 'seq', 'prev_hash', 'hash'] as const;
const insertAuditRecord = precompiled((db) => db.insertInto('audit_log').values(Object.fromEntries(AUDIT_FIELDS.map((f) => [f, param(f)])) as Insertable<AuditLogTable>));

/** Appends one record; must run inside the caller's transaction (same commit as the change). */
export async function appendAuditRecord(trx: Transaction<DB>, dialect: Dialect, rec: NewAuditRecord): Promise<number> {
  if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const last = await lastAuditRecord.first(trx, {});
  const anchor = last ?? (await readPurgeAnchor(trx));
  const seq = (anchor?.seq ?? 0) + 1;
  const prev_hash = anchor?.hash ?? GENESIS_HASH;
  const content: AuditContent = { ...rec, seq };
  const row: Record<string, unknown> = { ...content, prev_hash, hash: hashAuditRecord(prev_hash, content) };
  // A field left undefined is stored as NULL, as an INSERT that omits it would (NOT NULL columns refuse it).
  await insertAuditRecord.run(trx, Object.fromEntries(AUDIT_FIELDS.map((f) => [f, row[f] ?? null])));
  return seq;
}

/** Where the chain starts after a retention purge; null while nothing was purged. */
export async function readPurgeAnchor(db: Db): Promise<{ seq: number; hash: string } | null> {
  const row = await db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return row ?? null;
}

export async function* streamAuditRecords(db: Db, batch = 2000) {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute();
    if (!rows.length) return;
    for (const r of rows) yield r;
    after = rows[rows.length - 1].seq;
  }
}

export interface AuditFilter {
  action?: string;
  actorId?: number;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export async function listAuditRecords(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id');
  if (f.action) q = q.where('audit_log.action', 'like', `${f.action}%`);
  if (f.actorId) q = q.where('audit_log.actor_id', '=', f.actorId);
  if (f.outcome) q = q.where('audit_log.outcome', '=', f.outcome);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<=', f.to);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const items = await q
    .select([
      'audit_log.seq',
      'audit_log.at',
      'audit_log.actor_id',
      'audit_log.actor_role',
      'audit_log.unit_id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.outcome',
      'audit_log.error_code',
      'audit_log.ip',
      'audit_log.request_id',
      'users.username as actor_username',
    ])
    .orderBy('audit_log.seq', 'desc')
    .offset(f.offset)
    .limit(f.limit)
    .execute();
  return { total: Number(total), items };
}

/**
 * Retention (row 20): removes records older than `before` in one transaction, and records the
 * hash of the last removed record as the chain's new anchor so that `audit verify` still holds.
 */
export async function purgeAuditBefore(trx: Transaction<DB>, dialect: Dialect, before: string): Promise<number> {
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('at', '<', before)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return 0;
  if (dialect === 'postgres') await sql`SELECT set_config('jindianzi.audit_purge', 'on', true)`.execute(trx);
  else await sql`UPDATE audit_purge_guard SET value = 1`.execute(trx);
  const res = await trx.deleteFrom('audit_log').where('seq', '<=', last.seq).executeTakeFirst();
  if (dialect === 'postgres') await sql`SELECT set_config('jindianzi.audit_purge', 'off', true)`.execute(trx);
  else await sql`UPDATE audit_purge_guard SET value = 0`.execute(trx);
  await trx.deleteFrom('audit_anchor').execute();
  await trx.insertInto('audit_anchor').values({ id: 1, seq: last.seq, hash: last.hash, purged_before: before }).execute();
  return Number(res.numDeletedRows);
}
