// The printed 金点子征集表 of a sealed batch and the public check of a printed paper (issue 3, item 5;
// row 29): the PDF is made from the sealed snapshots only after their digests still add up to the
// batch digest; the verify endpoint says whether a paper's receipt and digest are those sealed.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/http/errors.ts';
import { auditFailure, auditRead } from '../../../platform/http/mutate.ts';
import { FileDownload } from '../../../platform/http/schemas.ts';
import { hasRole, type Actor } from '../../../platform/policy/policy.ts';
import { IdParam } from '../../../shared/ids.ts';
import * as repo from '../ideas.repository.ts';
import * as service from '../ideas.service.ts';
import { downloadHeaders, publicBase, verifyUrl } from '../export/http.ts';
import { adviceLabel, formNotes } from './notes.ts';
import type { Authorship, FormIdea } from './types.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** The fields of a sealed snapshot (seal-digest.ts SealedIdea) the paper shows. */
const Snapshot = z.object({
  receiptNo: z.string(),
  unitName: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  authorship: z.string(),
  authors: z.array(z.string()),
  topic: z.string(),
  title: z.string(),
  body: z.string(),
  charCount: z.number(),
  attachments: z.array(z.object({ name: z.string(), sha256: z.string() })).default([]),
});

function formOf(snapshot: string): FormIdea {
  const s = Snapshot.parse(JSON.parse(snapshot));
  return { ...s, authorship: (s.authorship === 'collective' ? 'collective' : 'individual') as Authorship };
}

const VerifyQuery = z.strictObject({
  r: z.string().trim().regex(/^[A-Za-z0-9-]{3,40}$/),
  d: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{64}$/)),
});

export const VerifyOut = z.object({
  result: z.enum(['match', 'mismatch', 'not-found']),
  batch: z
    .object({
      receiptNo: z.string(),
      unitName: z.string(),
      campaignTitle: z.string(),
      sealedAt: z.string(),
      status: z.string(),
      ideaCount: z.number().int(),
      ideas: z.array(z.object({ receiptNo: z.string(), title: z.string(), charCount: z.number().int() })),
    })
    .optional(),
});

type BatchRow = NonNullable<Awaited<ReturnType<typeof repo.findBatch>>>;

/** Row 29: the stored digest must still be what the sealed snapshots add up to; if not, refuse and alert. */
async function assertBatchIntact(req: FastifyRequest, b: BatchRow): Promise<void> {
  // A snapshot that is not even JSON any more is as tampered as one with other text.
  const intact = await service.batchIntact(req.server.platform.db, b).catch((err: Error) => {
    if (err instanceof SyntaxError) return false;
    throw err;
  });
  if (intact) return;
  req.log.error({ alert: 'integrity', batchId: b.id, receiptNo: b.receipt_no }, 'ALERT: sealed batch failed its integrity check (possible tampering); refused');
  await auditFailure(req, 'INTEGRITY_ERROR', { target_type: 'idea_batch', target_id: String(b.id) });
  throw new AppError('INTEGRITY_ERROR');
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function registerPrintRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  app.get(
    '/api/batches/:id/forms.pdf',
    {
      config: { policy: 'batches.forms-pdf' },
      schema: {
        summary: '打印金点子征集表（PDF） / print the collection forms of a sealed batch',
        params: z.strictObject({ id: IdParam }),
        produces: ['application/pdf'],
        response: { 200: FileDownload },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = await repo.findBatch(p.db, { kind: 'all' }, req.params.id);
      // The bureau's admin prints any batch; a unit's admin only the unit's own (a foreign one is not found).
      const mayPrint = b && (hasRole(actor, 'bureau_admin') || (hasRole(actor, 'unit_admin') && actor.unitId === b.unit_id));
      if (!b || !mayPrint) throw new AppError('NOT_FOUND');
      await assertBatchIntact(req, b);
      const versions = await repo.versionsOfBatch(p.db, b.id);
      const forms = versions.map((v) => formOf(v.snapshot)).sort((x, y) => (x.receiptNo < y.receiptNo ? -1 : x.receiptNo > y.receiptNo ? 1 : 0));
      const rules = await service.rulesOf(p.db, b.campaign_id);
      // pdfkit and the fonts load on the first print, not at every server start.
      const { renderIdeaForms } = await import('./forms.ts');
      const pdf = await renderIdeaForms(forms, {
        formTitle: rules.formTitle,
        adviceLabel: adviceLabel(rules.formTitle),
        notes: formNotes(rules),
        batchReceiptNo: b.receipt_no,
        digest: b.digest,
        sealedAt: b.sealed_at,
        verifyUrl: verifyUrl(publicBase(req), b.receipt_no, b.digest),
        notice: b.status === 'returned' ? '本批次已被局办公室退回修改，此表仅供存档，不作报送。' : undefined,
        onMissingGlyphs: (chars) => req.log.warn({ batchId: b.id, chars: chars.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`) }, 'characters without a glyph printed as □'),
      });
      // The forms carry contact phones: printing them is an audited read (row 17).
      await auditRead(req, 'idea_batch', b.id);
      reply.headers(downloadHeaders('pdf', `金点子征集表_${b.unit_name}_${b.receipt_no}.pdf`, `jindianzi-forms-${b.receipt_no}.pdf`, pdf.length));
      return reply.send(pdf);
    },
  );

  app.get(
    '/api/verify',
    {
      config: { policy: 'verify.read' },
      schema: {
        summary: '核验纸质征集表 / does a printed form match what was sealed?',
        querystring: VerifyQuery,
        response: { 200: VerifyOut },
      },
    },
    async (req) => {
      const { r, d } = req.query;
      const b = await repo.findBatchByReceipt(p.db, r);
      if (!b) return { result: 'not-found' as const };
      // Nothing about the batch unless the paper's digest is the sealed one (a receipt number is guessable).
      if (!sameDigest(d, b.digest)) return { result: 'mismatch' as const };
      await assertBatchIntact(req, b);
      const versions = await repo.versionsOfBatch(p.db, b.id);
      const ideas = versions
        .map((v) => formOf(v.snapshot))
        .sort((x, y) => (x.receiptNo < y.receiptNo ? -1 : x.receiptNo > y.receiptNo ? 1 : 0))
        .map((f) => ({ receiptNo: f.receiptNo, title: f.title, charCount: f.charCount }));
      const rules = await service.rulesOf(p.db, b.campaign_id);
      return {
        result: 'match' as const,
        batch: { receiptNo: b.receipt_no, unitName: b.unit_name, campaignTitle: rules.title, sealedAt: b.sealed_at, status: b.status, ideaCount: ideas.length, ideas },
      };
    },
  );
}
