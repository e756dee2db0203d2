// The bureau's Word import (issue 3 item 6): upload many .docx/.doc → a job that processes the files
// one at a time in worker threads (word/run.ts) → status with per-file results and unit matches →
// confirm: the chosen ideas enter as submitted ideas marked imported (ideas.service importIdeas).
// Progress and results live in the database, so any instance answers the status.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DB } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { mutate } from '../../../platform/http/mutate.ts';
import type { Clock } from '../../../platform/clock.ts';
import { Id, IdParam } from '../../../shared/ids.ts';
import type { Actor } from '../../../platform/policy/policy.ts';
import * as service from '../ideas.service.ts';
import { extractWordFile, warmWordWorker } from '../word/run.ts';
import { MAX_WORD_FILE_BYTES } from '../word/parse.ts';
import type { FileResult } from '../word/types.ts';
import * as repo from './import.repository.ts';
import { matchUnit } from './match.ts';

export const IMPORT_LIMITS = { files: 100, fileBytes: MAX_WORD_FILE_BYTES, totalBytes: 200 * 1024 * 1024 };
/** A job without progress for this long lost its instance; the next status request resumes it. */
export const STALE_JOB_MS = 60_000;

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

const UnitRefOut = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
const RefusalOut = z.object({ code: z.string(), zh: z.string(), en: z.string() });
const IdeaOut = z.object({
  unitAsWritten: z.string(),
  contact: z.string(),
  phone: z.string(),
  title: z.string(),
  text: z.string(),
  topic: z.string().optional(),
  authorship: z.enum(['collective', 'individual']).optional(),
  authors: z.array(z.string()).optional(),
  charCount: z.number().int(),
  problems: z.array(z.string()),
  match: z.object({ confidence: z.enum(['exact', 'likely', 'none']), unit: UnitRefOut.optional(), candidates: z.array(UnitRefOut) }),
});
const FileOut = z.object({
  index: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  processed: z.boolean(),
  ok: z.boolean().optional(),
  error: RefusalOut.optional(),
  notices: z.array(z.string()).optional(),
  ideas: z.array(IdeaOut),
});
export const JobOut = z.object({
  id: z.number().int(),
  status: z.enum(['processing', 'done', 'imported']),
  total: z.number().int(),
  done: z.number().int(),
  importedCount: z.number().int(),
  files: z.array(FileOut),
});
const CreatedOut = z.object({ jobId: z.number().int(), total: z.number().int() });
const ConfirmIn = z.strictObject({
  items: z
    .array(z.strictObject({ fileIndex: z.number().int().min(0).max(1000), ideaIndex: z.number().int().min(0).max(1000), unitId: Id.optional(), include: z.boolean() }))
    .min(1)
    .max(2000),
});
const ConfirmOut = z.object({ imported: z.number().int(), ideaIds: z.array(z.number().int()) });
const Params = z.strictObject({ id: IdParam });

/** Processes a job's pending files one at a time (in this instance), recording each result. */
export async function processJob(db: Kysely<DB>, clock: Clock, jobId: number, log: FastifyBaseLogger): Promise<void> {
  for (;;) {
    const f = await repo.nextPending(db, jobId);
    if (!f) return;
    let result: FileResult;
    try {
      result = await extractWordFile(f.name, f.data ? new Uint8Array(f.data) : new Uint8Array(0));
    } catch (err) {
      log.error({ err: { message: (err as Error).message }, jobId }, 'word import: extraction failed');
      result = { file: f.name, ok: false, error: { code: 'MALFORMED', zh: '文件无法读取。', en: 'The file could not be read.' }, ideas: [] };
    }
    await repo.storeResult(db, jobId, f.id, JSON.stringify({ ...result, file: f.name }), clock.now().toISOString());
  }
}

async function jobDto(db: Kysely<DB>, id: number): Promise<z.infer<typeof JobOut>> {
  const job = await repo.getJob(db, id);
  if (!job) throw new AppError('NOT_FOUND');
  const [files, units] = await Promise.all([repo.filesOf(db, id), repo.activeUnits(db)]);
  return {
    id: job.id,
    status: job.status as 'processing' | 'done' | 'imported',
    total: job.total,
    done: job.done,
    importedCount: job.imported_count,
    files: files.map((f) => {
      if (!f.result_json) return { index: f.file_index, name: f.name, size: f.size, processed: false, ideas: [] };
      const r = JSON.parse(f.result_json) as FileResult;
      return {
        index: f.file_index,
        name: f.name,
        size: f.size,
        processed: true,
        ok: r.ok,
        ...(r.error ? { error: r.error } : {}),
        ...(r.notices ? { notices: r.notices } : {}),
        ideas: r.ideas.map((idea) => ({ ...idea, match: matchUnit(idea.unitAsWritten, units) })),
      };
    }),
  };
}

/** A file name as the browser sent it, for display only (never used as a path). */
const displayName = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || '未命名.docx';

export async function registerImportRoutes(root: FastifyInstance): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;

  app.post(
    '/api/ideas/import/word',
    {
      config: { policy: 'ideas.import.upload' },
      schema: { summary: '上传 Word 文件（可多个）导入金点子 / upload Word files to import golden ideas', consumes: ['multipart/form-data'], response: { 202: CreatedOut } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      void warmWordWorker(); // the first file will find a worker ready
      const files: Array<{ name: string; data: Buffer }> = [];
      let total = 0;
      try {
        for await (const part of req.parts({ limits: { files: IMPORT_LIMITS.files, fileSize: IMPORT_LIMITS.fileBytes, fields: 5, parts: IMPORT_LIMITS.files + 5 } })) {
          if (part.type !== 'file') continue;
          const data = await part.toBuffer();
          total += data.length;
          if (total > IMPORT_LIMITS.totalBytes) throw new AppError('BODY_TOO_LARGE', { limit: '200 MB' });
          files.push({ name: displayName(part.filename), data });
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('BODY_TOO_LARGE', { limit: '30 MB' });
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('VALIDATION_FAILED', { detail: `一次最多上传 ${IMPORT_LIMITS.files} 个文件 / at most ${IMPORT_LIMITS.files} files at once` });
        throw new AppError('BAD_REQUEST');
      }
      if (files.length === 0) throw new AppError('FILE_REQUIRED');
      const jobId = await mutate(req, async (trx, target) => {
        const id = await repo.insertJob(trx, actor.userId, files, p.clock.now().toISOString());
        target('word_import_job', id);
        return id;
      });
      void processJob(p.db, p.clock, jobId, req.log).catch((err) => req.log.error({ err: { message: (err as Error).message }, jobId }, 'word import job failed'));
      return reply.status(202).send({ jobId, total: files.length });
    },
  );

  app.get(
    '/api/ideas/import/jobs/:id',
    { config: { policy: 'ideas.import.status' }, schema: { summary: 'Word 导入进度与提取结果 / progress and extracted ideas of a Word import', params: Params, response: { 200: JobOut } } },
    async (req) => {
      actorOf(req);
      const job = await repo.getJob(p.db, req.params.id);
      if (job?.status === 'processing') {
        // The files' bytes wait in the database: if the instance processing them went away, this one
        // takes over (one instance wins the claim).
        const now = p.clock.now();
        if (await repo.claimStale(p.db, job.id, new Date(now.getTime() - STALE_JOB_MS).toISOString(), now.toISOString())) {
          req.log.warn({ jobId: job.id }, 'word import: resuming a stalled job');
          void processJob(p.db, p.clock, job.id, req.log).catch((err) => req.log.error({ err: { message: (err as Error).message }, jobId: job.id }, 'word import job failed'));
        }
      }
      return jobDto(p.db, req.params.id);
    },
  );

  app.post(
    '/api/ideas/import/jobs/:id/confirm',
    { config: { policy: 'ideas.import.confirm' }, schema: { summary: '确认导入选中的金点子 / import the confirmed ideas', params: Params, body: ConfirmIn, response: { 200: ConfirmOut } } },
    async (req) => {
      const actor = actorOf(req);
      const id = req.params.id;
      const ideaIds = await mutate(req, async (trx, target) => {
        target('word_import_job', id);
        const job = await repo.getJob(trx, id);
        if (!job) throw new AppError('NOT_FOUND');
        const files = await repo.filesOf(trx, id);
        const seen = new Set<string>();
        const items: service.ImportedIdea[] = [];
        for (const it of req.body.items) {
          const key = `${it.fileIndex}/${it.ideaIndex}`;
          if (seen.has(key)) throw new AppError('VALIDATION_FAILED', { detail: `第 ${it.fileIndex + 1} 个文件的第 ${it.ideaIndex + 1} 个金点子重复 / duplicate item ${key}` });
          seen.add(key);
          if (!it.include) continue;
          const f = files.find((x) => x.file_index === it.fileIndex);
          const r = f?.result_json ? (JSON.parse(f.result_json) as FileResult) : null;
          const idea = r?.ok ? r.ideas[it.ideaIndex] : undefined;
          if (!f || !idea) throw new AppError('VALIDATION_FAILED', { detail: `没有第 ${it.fileIndex + 1} 个文件的第 ${it.ideaIndex + 1} 个金点子 / no idea ${key}` });
          if (!it.unitId) throw new AppError('VALIDATION_FAILED', { detail: `请为“${idea.title || f.name}”选择填写单位 / choose the unit of ${key}` });
          items.push({
            unitId: it.unitId,
            sourceName: `Word 导入：${f.name}`.slice(0, 200),
            contactName: idea.contact.slice(0, 50),
            contactPhone: idea.phone,
            authorship: idea.authorship ?? (idea.authors?.length ? 'individual' : 'collective'),
            authors: idea.authors ?? [],
            topic: (idea.topic ?? '').slice(0, 100),
            title: idea.title.slice(0, 200),
            body: idea.text,
          });
        }
        if (items.length === 0) throw new AppError('VALIDATION_FAILED', { detail: '没有选择要导入的金点子 / no idea chosen' });
        const now = p.clock.now().toISOString();
        if (!(await repo.markImported(trx, id, items.length, now))) {
          const imported = job.status === 'imported';
          throw new AppError('IMPORT_NOT_READY', { state: imported ? '已经导入过' : '还在处理中', stateEn: imported ? 'was already imported' : 'is still processing' });
        }
        return service.importIdeas(trx, { dialect: p.dialect, now }, actor, items);
      });
      return { imported: ideaIds.length, ideaIds };
    },
  );
}
