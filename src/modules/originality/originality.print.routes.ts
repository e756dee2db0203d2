// The originality report of an idea as a PDF for the unit's file (issue 4 item 5). Same scope and
// same content as GET /api/ideas/:id/originality, from the same service.reportFor (the bureau admin
// for any idea, a unit admin for the own unit's; unit names on matched ideas only where the viewer
// may see them; phones masked), made from the newest finished check. Printing is an audited read: the paper leaves the system.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { auditRead } from '../../platform/http/mutate.ts';
import { FileDownload } from '../../platform/http/schemas.ts';
import type { Actor } from '../../platform/policy/policy.ts';
import { IdParam } from '../../shared/ids.ts';
import { downloadHeaders } from '../ideas/export/http.ts';
import * as service from './originality.service.ts';
import type { ReportDto } from './originality.schema.ts';
import type { ReportPaper } from './print/types.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** The paper's data from the report as the viewer sees it on the page. */
export function paperOf(report: ReportDto, idea: { unitName: string; receiptNo: string | null }, printedBy: string, printedAt: string): ReportPaper {
  return {
    title: report.ideaTitle,
    unitName: idea.unitName,
    receiptNo: idea.receiptNo,
    checkedAt: report.checkedAt,
    reason: report.check.reason,
    stale: report.stale,
    text: report.text,
    totalChars: report.totalChars,
    similarity: report.similarity,
    copiedChars: report.copiedChars,
    quotationChars: report.quotationChars,
    stockChars: report.stockChars,
    spans: report.spans,
    sources: report.sources.map((s) => ({
      title: s.title,
      kind: s.kind,
      detail: s.kind === 'reference' ? s.origin : [s.unitName, s.year ? `${s.year}年` : null].filter(Boolean).join(' · ') || null,
      similarity: s.similarity,
      matchedChars: s.matchedChars,
      quotationChars: s.quotationChars,
      sameUnitEarlierYear: s.sameUnitEarlierYear,
      passages: s.passages,
      text: s.text,
    })),
    thresholds: report.thresholds,
    printedBy,
    printedAt,
  };
}

export async function registerOriginalityPrintRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  app.get(
    '/api/ideas/:id/originality/report.pdf',
    {
      config: { policy: 'originality.report-pdf' },
      schema: {
        summary: '打印查重报告（PDF） / print the originality report',
        params: z.strictObject({ id: IdParam }),
        produces: ['application/pdf'],
        response: { 200: FileDownload },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { idea, report } = await service.reportFor(p.db, actor, req.params.id);
      if (!report) throw new AppError('ORIGINALITY_NO_REPORT');
      // pdfkit and the fonts load on the first print, not at every server start.
      const { renderOriginalityReport } = await import('./print/report-pdf.ts');
      const pdf = await renderOriginalityReport(paperOf(report, { unitName: idea.unit_name, receiptNo: idea.receipt_no }, actor.name, p.clock.now().toISOString()), {
        onMissingGlyphs: (chars) => req.log.warn({ ideaId: idea.id, chars: chars.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`) }, 'characters without a glyph printed as □'),
      });
      await auditRead(req, 'idea', idea.id);
      const tag = idea.receipt_no ?? `idea-${idea.id}`;
      reply.headers(downloadHeaders('pdf', `查重报告_${idea.unit_name}_${tag}.pdf`, `jindianzi-originality-${tag}.pdf`, pdf.length));
      return reply.send(pdf);
    },
  );
}
