// Attachments of a golden idea (extra pages: images, PDF, .docx, .doc; rows 29, 39, 40, 43, 44).
// Upload and removal: the idea's author while it is editable (draft or returned), in mutate() (change
// and audit in one transaction). Download: whoever may read the idea; the image as uploaded
// (?original=1) only the bureau admin. Foreign ideas and files answer 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DB } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditFailure, auditRead, mutate } from '../../../platform/http/mutate.ts';
import { FileDownload } from '../../../platform/http/schemas.ts';
import { hasRole, type Actor } from '../../../platform/policy/policy.ts';
import * as ideas from '../ideas.service.ts';
import { lockUnit } from '../ideas.repository.ts';
import { IdParam } from '../../../shared/ids.ts';
import * as files from '../../files/files.repository.ts';
import { assertIntact, downloadHeaders } from '../../files/download.ts';
import { FILE_LIMITS, formatBytes } from '../../files/limits.ts';
import { FileRejected, toAppError } from '../../files/rejection.ts';
import { prepareUpload, processing, type PreparedFile } from '../../files/files.service.ts';
import { clamdTarget } from '../../files/clamd.ts';
import { documentLimitLabel, ensureTempDir, receiveUpload, sweepStaleUploads, uploadTempDir } from '../../files/upload.ts';
import * as repo from './attachments.repository.ts';
import { AttachmentOut } from './attachments.schema.ts';

export { AttachmentOut };

type Db = Kysely<DB> | Transaction<DB>;

export const AttachmentsOut = z.object({ attachments: z.array(AttachmentOut), limits: z.object({ perIdea: z.number().int(), documentBytes: z.number().int(), imageBytes: z.number().int() }) });
const AddedOut = AttachmentsOut.extend({ attachment: AttachmentOut });

const FileParams = z.strictObject({ id: IdParam, fileId: IdParam });
const DownloadQuery = z.strictObject({ original: z.enum(['0', '1']).optional() });

/** The attachments of an idea as the API shows them (for the idea's own response too). */
export async function attachmentsDto(db: Db, ideaId: number): Promise<z.infer<typeof AttachmentOut>[]> {
  const rows = await repo.listAttachments(db, ideaId);
  return rows.map((r) => ({
    fileId: r.file_id,
    name: r.original_name,
    size: Number(r.size),
    contentType: r.content_type,
    kind: r.kind as 'image' | 'pdf' | 'docx' | 'doc',
    seq: r.seq,
    sha256: r.sha256,
    createdAt: r.created_at,
    hasOriginal: r.original_file_id != null,
  }));
}

const limits = () => ({ perIdea: FILE_LIMITS.perIdea, documentBytes: FILE_LIMITS.documentBytes, imageBytes: FILE_LIMITS.imageBytes });

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

function tooMany() {
  return new AppError('ATTACHMENTS_LIMIT', { max: FILE_LIMITS.perIdea });
}

function overQuota(used: number, size: number) {
  return new AppError('ATTACHMENTS_QUOTA', { quota: formatBytes(FILE_LIMITS.unitQuotaBytes), used: formatBytes(used), size: formatBytes(size) });
}

export async function registerAttachmentRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const ctx = (): ideas.Ctx => ({ dialect: p.dialect, now: p.clock.now().toISOString() });
  const tempDir = uploadTempDir(p.config);
  ensureTempDir(tempDir);
  const swept = sweepStaleUploads(tempDir);
  if (swept) p.log.warn({ swept }, 'removed stale upload temp files');

  app.post(
    '/api/ideas/:id/attachments',
    {
      config: { policy: 'ideas.attachments.add' },
      schema: { summary: '上传附件（附页） / upload an attachment', consumes: ['multipart/form-data'], params: z.strictObject({ id: IdParam }), response: { 201: AddedOut } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const id = req.params.id;
      // Refused before a byte is stored: not the author, not editable, already ten attachments.
      await p.db.transaction().execute(async (trx) => {
        const idea = await ideas.editableIdea(trx, ctx(), actor, id);
        if ((await repo.countAttachments(trx, id)) >= FILE_LIMITS.perIdea) throw tooMany();
        const used = await repo.unitUsageBytes(trx, idea.campaign_id, idea.unit_id);
        if (used >= FILE_LIMITS.unitQuotaBytes) throw overQuota(used, 0);
      });
      const upload = await receiveUpload(req, tempDir, FILE_LIMITS.documentBytes, documentLimitLabel(FILE_LIMITS.documentBytes));
      let added: number;
      try {
        added = await processing.run(async () => {
          const prepared = await prepareUpload(upload, {
            clamd: clamdTarget(),
            onInfected: async (signature) => {
              req.log.error({ alert: 'malware', signature, ideaId: id, size: upload.size }, 'ALERT: uploaded file infected; refused');
            },
          });
          // Temp file → fsync (receiveUpload) → read (prepareUpload) → bytes into the database in 1 MB
          // writes (pending) → the change takes them with its audit record → unlink (finally).
          const now = ctx().now;
          const write = (f: PreparedFile) => files.writeStoredFile(p.database, { ...f, created_by: actor.userId, created_at: now });
          const originalId = prepared.original ? await write(prepared.original) : null;
          const fileId = await write(prepared.served);
          const written = originalId ? [fileId, originalId] : [fileId];
          try {
            return await mutate(req, async (trx, target) => {
              const idea = await ideas.editableIdea(trx, ctx(), actor, id);
              await lockUnit(trx, p.dialect, idea.unit_id); // the unit's quota, under concurrent uploads
              if ((await repo.countAttachments(trx, id)) >= FILE_LIMITS.perIdea) throw tooMany();
              const size = prepared.served.size + (prepared.original?.size ?? 0);
              const used = await repo.unitUsageBytes(trx, idea.campaign_id, idea.unit_id);
              if (used + size > FILE_LIMITS.unitQuotaBytes) throw overQuota(used, size);
              await files.takeStoredFiles(trx, written);
              await repo.insertAttachment(trx, { idea_id: id, file_id: fileId, original_file_id: originalId, seq: await repo.nextSeq(trx, id), created_at: ctx().now });
              target('idea', id);
              return fileId;
            });
          } catch (err) {
            await files.deleteStoredFiles(p.db, written).catch(() => {}); // or housekeeping, after an hour
            throw err;
          }
        });
      } catch (err) {
        if (err instanceof FileRejected) {
          if (err.reason === 'infected') req.log.error({ alert: 'malware', ideaId: id }, 'ALERT: infected upload refused');
          throw toAppError(err);
        }
        throw err;
      } finally {
        await upload.discard(); // before the answer: an acknowledged upload has left no temp file
      }
      const attachments = await attachmentsDto(p.db, id);
      return reply.status(201).send({ attachment: attachments.find((a) => a.fileId === added)!, attachments, limits: limits() });
    },
  );

  app.delete(
    '/api/ideas/:id/attachments/:fileId',
    { config: { policy: 'ideas.attachments.remove' }, schema: { summary: '删除附件 / remove an attachment', params: FileParams, response: { 200: AttachmentsOut } } },
    async (req) => {
      const actor = actorOf(req);
      const { id, fileId } = req.params;
      await mutate(req, async (trx, target) => {
        await ideas.editableIdea(trx, ctx(), actor, id);
        const a = await repo.findAttachment(trx, id, fileId);
        if (!a) throw new AppError('NOT_FOUND');
        await repo.deleteAttachment(trx, a.id);
        // A sealed version names the file by its SHA-256: after a return for correction the bytes stay.
        if (!(await repo.wasSealed(trx, id))) await files.deleteStoredFiles(trx, a.original_file_id ? [a.file_id, a.original_file_id] : [a.file_id]);
        target('idea', id);
      });
      return { attachments: await attachmentsDto(p.db, id), limits: limits() };
    },
  );

  app.get(
    '/api/ideas/:id/attachments/:fileId',
    {
      config: { policy: 'ideas.attachments.download' },
      schema: { summary: '下载附件 / download an attachment (?original=1: the image as uploaded, bureau admin)', params: FileParams, querystring: DownloadQuery, response: { 200: FileDownload } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id, fileId } = req.params;
      await ideas.visibleIdea(p.db, actor, id);
      const a = await repo.findAttachment(p.db, id, fileId);
      if (!a) throw new AppError('NOT_FOUND');
      let target = a.file_id;
      if (req.query.original === '1') {
        // The photo as taken (with its location data): private to the bureau admin, and every look is audited.
        if (!hasRole(actor, 'bureau_admin')) {
          await auditFailure(req, 'FORBIDDEN', { target_type: 'stored_file', target_id: String(a.original_file_id ?? a.file_id) });
          throw new AppError('FORBIDDEN');
        }
        target = a.original_file_id ?? a.file_id;
      }
      const file = await files.storedFileWithData(p.db, target);
      if (!file) throw new AppError('NOT_FOUND');
      await assertIntact(req, file); // row 29: no byte leaves if the SHA-256 differs from the one written
      if (req.query.original === '1') await auditRead(req, 'stored_file', target);
      return reply.headers(downloadHeaders(file)).send(file.data);
    },
  );
}
