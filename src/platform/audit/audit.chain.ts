// The audit hash chain (checklist row 19), pure: each record's hash covers its content and the
// previous record's hash, so changing or removing a record breaks every hash after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string | null;
  unit_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure';
  error_code: string | null;
  ip: string | null;
  request_id: string | null;
}

export function hashAuditRecord(prevHash: string, r: AuditContent): string {
  const canonical = JSON.stringify([
    r.seq,
    r.at,
    r.actor_id,
    r.actor_role,
    r.unit_id,
    r.action,
    r.target_type,
    r.target_id,
    r.outcome,
    r.error_code,
    r.ip,
    r.request_id,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first record whose hash or link does not hold. */
  brokenAtSeq: number | null;
  reason: string | null;
  head: { seq: number; hash: string } | null;
}

/**
 * Walks records in seq order. `anchor` is the hash the first record must link to (the genesis, or
 * after a retention purge the hash of the last purged record, kept in the purge's own record).
 */
export function verifyChain(records: Iterable<AuditContent & { prev_hash: string; hash: string }>, anchor: { seq: number; hash: string } | null): ChainCheck {
  let prev = anchor;
  let checked = 0;
  for (const r of records) {
    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (r.seq !== expectedSeq) {
      return { ok: false, checked, brokenAtSeq: r.seq, reason: `missing record(s) before seq ${r.seq} (expected ${expectedSeq})`, head: prev };
    }
    if (r.prev_hash !== expectedPrev) {
      return { ok: false, checked, brokenAtSeq: r.seq, reason: `seq ${r.seq} does not link to the previous record`, head: prev };
    }
    if (hashAuditRecord(r.prev_hash, r) !== r.hash) {
      return { ok: false, checked, brokenAtSeq: r.seq, reason: `seq ${r.seq} was altered (hash mismatch)`, head: prev };
    }
    prev = { seq: r.seq, hash: r.hash };
    checked++;
  }
  return { ok: true, checked, brokenAtSeq: null, reason: null, head: prev };
}
