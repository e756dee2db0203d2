// Verifying the chain and purging past the retention period.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import { verifyChain, type ChainCheck } from './audit.chain.ts';
import { purgeAuditBefore, readPurgeAnchor, streamAuditRecords } from './audit.repository.ts';

export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainCheck> {
  const anchor = await readPurgeAnchor(db);
  // Collect in batches; verifyChain is synchronous over an iterable.
  const rows = [];
  for await (const r of streamAuditRecords(db)) rows.push(r);
  return verifyChain(rows, anchor);
}

/** Keeps at least `retentionDays` (≥ 184, checked at start-up); returns how many were removed. */
export async function purgeExpiredAudit(db: Kysely<DB>, dialect: Dialect, now: Date, retentionDays: number): Promise<number> {
  if (retentionDays < 184) throw new Error('retention below 184 days');
  const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction().execute((trx) => purgeAuditBefore(trx, dialect, before));
}
