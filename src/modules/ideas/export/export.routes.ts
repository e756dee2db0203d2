// The bureau's exports (issue 3, item 7; row 37): the .xlsx list and the compiled volume (.docx, .pdf)
// of the ideas GET /api/ideas would list with the same filters and scope. Each export is checked
// against its policy, written to the audit log (row count, column set, purpose) before a byte goes
// out, and carries 导出人 / 导出时间. Contact phones only for the bureau's admin who states a purpose.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/http/errors.ts';
import { auditRead } from '../../../platform/http/mutate.ts';
import { FileDownload } from '../../../platform/http/schemas.ts';
import { hasRole, ideaScope, type Actor } from '../../../platform/policy/policy.ts';
import * as repo from '../ideas.repository.ts';
import * as service from '../ideas.service.ts';
import { filtersOf } from '../ideas.routes.ts';
import { ListQuery } from '../ideas.schema.ts';
import { batchReceipts, sectorCodes } from './export.repository.ts';
import { downloadHeaders, exportAuditTarget, oneAtATime, stamp } from './http.ts';
import { statusLabel, type ExportIdea } from './types.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

const Filters = ListQuery.omit({ page: true, pageSize: true });
const XlsxQuery = Filters.extend({
  /** Why the contact phones are needed (bureau admin only; without it, no phones). */
  purpose: z.string().trim().min(2).max(200).optional(),
});

type Query = z.infer<typeof Filters>;

async function exportIdeas(req: FastifyRequest, actor: Actor, q: Query): Promise<{ ideas: ExportIdea[]; campaignId: number | null }> {
  const { db } = req.server.platform;
  const f = await filtersOf(db, actor, { ...q, page: 1, pageSize: 20 });
  if (!f) return { ideas: [], campaignId: null };
  const rows = await repo.listIdeasWithBody(db, ideaScope(actor), f);
  const receipts = await batchReceipts(db, rows.map((r) => r.batch_id).filter((x): x is number => x != null));
  const codes = await sectorCodes(db);
  const ideas = rows.map(
    (r): ExportIdea => ({
      id: r.id,
      receiptNo: r.receipt_no,
      batchReceiptNo: r.batch_id != null ? (receipts.get(r.batch_id) ?? null) : null,
      sectorCode: codes.get(r.sector_id) ?? String(r.sector_id).padStart(8, '0'),
      sectorName: r.sector_name,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      unitType: r.unit_type,
      contactName: r.contact_name,
      contactPhone: r.contact_phone,
      authorship: r.authorship === 'collective' ? 'collective' : 'individual',
      authors: JSON.parse(r.authors_json) as string[],
      topic: r.topic,
      title: r.title,
      body: r.body,
      charCount: r.char_count,
      status: r.status,
      late: r.late === 1,
      imported: r.imported === 1,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      approvedAt: r.approved_at,
      submittedAt: r.submitted_at,
      receivedAt: r.received_at,
    }),
  );
  return { ideas, campaignId: f.campaignId };
}

/** The filters in words for the sheet's info row. */
function describeFilters(q: Query, ideas: ExportIdea[]): string {
  const parts: string[] = [];
  // A sector or unit filter leaves rows of that sector or unit only: any row names it.
  if (q.sectorId != null) parts.push(`板块：${ideas[0]?.sectorName ?? q.sectorId}`);
  if (q.unitId != null) parts.push(`单位：${ideas[0]?.unitName ?? q.unitId}`);
  if (q.unitType) parts.push(`单位类型：${q.unitType}`);
  if (q.topic) parts.push(`议题：${q.topic}`);
  if (q.status?.length) parts.push(`状态：${q.status.map(statusLabel).join('、')}`);
  if (q.authorship) parts.push(`作者：${q.authorship === 'collective' ? '集体' : '个人'}`);
  if (q.minChars != null) parts.push(`字数≥${q.minChars}`);
  if (q.maxChars != null) parts.push(`字数≤${q.maxChars}`);
  if (q.late != null) parts.push(q.late ? '逾期' : '未逾期');
  if (q.imported != null) parts.push(q.imported ? 'Word导入' : '网上填报');
  if (q.mine) parts.push('仅本人');
  if (q.q) parts.push(`关键词：${q.q}`);
  return parts.join('；');
}

export async function registerExportRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  app.get(
    '/api/ideas/export.xlsx',
    {
      config: { policy: 'ideas.export.xlsx' },
      schema: {
        summary: '导出金点子清单（.xlsx） / export the list of golden ideas (filters as GET /api/ideas; ?purpose= for phones, bureau admin)',
        querystring: XlsxQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: FileDownload },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { purpose, ...q } = req.query;
      const personal = hasRole(actor, 'bureau_admin') && Boolean(purpose);
      const { ideas } = await exportIdeas(req, actor, q);
      const now = p.clock.now().toISOString();
      const by = `${actor.name}（${actor.username}）`;
      // The document libraries load on the first export, not at every server start.
      const { renderIdeasXlsx } = await import('./xlsx.ts');
      const x = await renderIdeasXlsx(ideas, { includePersonalData: personal, exportedBy: by, exportedAt: now, filters: describeFilters(q, ideas) });
      req.log.info({ export: 'ideas.xlsx', rows: x.rows, columns: x.columns, personalData: personal, purpose: personal ? purpose : undefined }, 'ideas exported');
      await auditRead(req, personal ? 'ideas_export_pd' : 'ideas_export', exportAuditTarget(x.rows, x.columns.length, personal, purpose));
      reply.headers(downloadHeaders('xlsx', `金点子清单_${stamp(now)}.xlsx`, `jindianzi-ideas-${stamp(now)}.xlsx`, x.buffer.length));
      return reply.send(x.buffer);
    },
  );

  for (const format of ['docx', 'pdf'] as const) {
    app.get(
      `/api/ideas/volume.${format}`,
      {
        config: { policy: 'ideas.export.volume' },
        schema: {
          summary: `导出金点子汇编（.${format}） / the compiled volume as .${format}, grouped by sector and unit (filters as GET /api/ideas)`,
          querystring: Filters,
          produces: [format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf'],
          response: { 200: FileDownload },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { ideas, campaignId } = await exportIdeas(req, actor, req.query);
        const now = p.clock.now().toISOString();
        const campaignTitle = campaignId != null ? (await service.rulesOf(p.db, campaignId)).title : '金点子';
        const volume = { campaignTitle, date: now, ideas, exportedBy: `${actor.name}（${actor.username}）`, exportedAt: now };
        const buf = await oneAtATime(async () => (format === 'docx' ? (await import('./volume-docx.ts')).renderVolumeDocx(volume) : (await import('./volume-pdf.ts')).renderVolumePdf(volume)));
        await auditRead(req, 'ideas_volume', `rows=${ideas.length};format=${format}`);
        reply.headers(downloadHeaders(format, `金点子汇编_${stamp(now)}.${format}`, `jindianzi-volume-${stamp(now)}.${format}`, buf.length));
        return reply.send(buf);
      },
    );
  }
}
