// Every state-changing request runs its change and its audit record in one transaction
// (checklist rows 17–19): if the audit record cannot be written, the change rolls back and the
// caller gets 503 AUDIT_UNAVAILABLE (fail closed).
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendAuditRecord, type NewAuditRecord } from '../audit/audit.repository.ts';
import { AppError } from './errors.ts';

export type AuditTarget = (type: string, id: string | number) => void;

export function auditRecordFor(req: FastifyRequest, over: Partial<NewAuditRecord> = {}): NewAuditRecord {
  const a = req.actor;
  return {
    at: req.server.platform.clock.now().toISOString(),
    actor_id: a?.userId ?? null,
    actor_role: a ? a.roles.map((r) => r.role).join(',') : null,
    unit_id: a?.unitId ?? null,
    action: String(req.routeOptions.config.policy ?? 'unknown'),
    target_type: null,
    target_id: null,
    outcome: 'success',
    error_code: null,
    ip: req.ip ?? null,
    request_id: String(req.id),
    ...over,
  };
}

export async function writeAudit(trx: Transaction<DB>, req: FastifyRequest, rec: NewAuditRecord): Promise<void> {
  try {
    await appendAuditRecord(trx, req.server.platform.dialect, rec);
  } catch (err) {
    req.log.error({ err: { message: (err as Error).message } }, 'audit append failed');
    throw new AppError('AUDIT_UNAVAILABLE');
  }
  req.auditDone = true;
}

/** Runs `fn` and the success audit record of this request in one transaction. */
export async function mutate<T>(
  req: FastifyRequest,
  fn: (trx: Transaction<DB>, target: AuditTarget) => Promise<T>,
  over: Partial<NewAuditRecord> = {},
): Promise<T> {
  const t: { type: string | null; id: string | null } = { type: null, id: null };
  const result = await req.server.platform.db.transaction().execute(async (trx) => {
    const r = await fn(trx, (type, id) => {
      t.type = type;
      t.id = String(id);
    });
    await writeAudit(trx, req, auditRecordFor(req, { target_type: t.type, target_id: t.id, ...over }));
    return r;
  });
  return result;
}

/**
 * Reads that must leave a trace (row 17: viewing the audit log, later exports and the reveal of a full
 * phone number) write their record before the data goes out; if it cannot be written, nothing is shown.
 */
export async function auditRead(req: FastifyRequest, targetType: string, targetId: string | number | null = null): Promise<void> {
  await req.server.platform.db.transaction().execute((trx) =>
    writeAudit(trx, req, auditRecordFor(req, { target_type: targetType, target_id: targetId === null ? null : String(targetId) })),
  );
}

/** A failure record for a request that was refused or failed (outside the rolled-back transaction). */
export async function auditFailure(req: FastifyRequest, errorCode: string, over: Partial<NewAuditRecord> = {}): Promise<void> {
  if (req.auditDone) return;
  const { db } = req.server.platform;
  try {
    await db.transaction().execute((trx) => writeAudit(trx, req, auditRecordFor(req, { outcome: 'failure', error_code: errorCode, ...over })));
  } catch (err) {
    req.log.error({ err: { message: (err as Error).message } }, 'audit of a failed request could not be written');
  }
}
