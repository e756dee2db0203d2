// Browsing and verifying the audit log (bureau admin). There is deliberately no route that
// changes or deletes audit records.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listAuditRecords } from './audit.repository.ts';
import { auditRead } from '../http/mutate.ts';
import { verifyAuditChain } from './audit.service.ts';
import { IdParam } from '../../shared/ids.ts';

const AuditQuery = z.strictObject({
  action: z.string().trim().max(64).optional(),
  actorId: IdParam.optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const AuditItem = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  unitId: z.number().int().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  errorCode: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export async function registerAuditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  app.get(
    '/api/audit',
    { config: { policy: 'audit.list' }, schema: { summary: '审计日志 / audit log', querystring: AuditQuery, response: { 200: z.object({ items: z.array(AuditItem), total: z.number().int() }) } } },
    async (req) => {
      await auditRead(req, 'audit_log');
      const q = req.query;
      const toIso = (s?: string) => (s ? new Date(s).toISOString() : undefined);
      const r = await listAuditRecords(p.db, { action: q.action, actorId: q.actorId, outcome: q.outcome, from: toIso(q.from), to: toIso(q.to), offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
      return {
        total: r.total,
        items: r.items.map((a) => ({
          id: a.seq,
          seq: a.seq,
          at: a.at,
          actorId: a.actor_id,
          actorName: a.actor_username ?? null,
          actorRole: a.actor_role,
          unitId: a.unit_id,
          action: a.action,
          targetType: a.target_type,
          targetId: a.target_id,
          outcome: a.outcome,
          errorCode: a.error_code,
          ip: a.ip,
          requestId: a.request_id,
        })),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    { config: { policy: 'audit.verify' }, schema: { summary: '校验审计链 / verify the audit chain', response: { 200: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAtSeq: z.number().int().nullable(), reason: z.string().nullable() }) } } },
    async (req) => {
      await auditRead(req, 'audit_log');
      const r = await verifyAuditChain(p.db);
      return { ok: r.ok, checked: r.checked, brokenAtSeq: r.brokenAtSeq, reason: r.reason };
    },
  );
}
