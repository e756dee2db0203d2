// HTTP routes of the originality check (issue 4): thin — parse, scope, run the use case in mutate()
// (change and audit record in one transaction), present. The route list is in originality.schema.ts.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { auditFailure, mutate } from '../../platform/http/mutate.ts';
import { NoContent } from '../../platform/http/schemas.ts';
import type { Actor } from '../../platform/policy/policy.ts';
import { clamdTarget, scanFile, ScannerUnavailable } from '../files/clamd.ts';
import { formatBytes } from '../files/limits.ts';
import { ensureTempDir, uploadTempDir } from '../files/upload.ts';
import * as repo from './originality.repository.ts';
import * as service from './originality.service.ts';
import { enqueueOriginalityCheck, startOriginalityRunner, type Runner, type RunnerOptions } from './originality.jobs.ts';
import { presentCheck, presentReference, presentRun } from './originality.presenter.ts';
import { levelOf } from './print/segments.ts';
import { REASONS, REFERENCE_LIMITS } from './reference/extract.ts';
import { extractReferenceFile, warmReferenceWorker } from './reference/run.ts';
import {
  CheckOut,
  Params,
  ReferenceDetailOut,
  ReferenceListOut,
  ReferenceOut,
  ReferencePasteIn,
  ReferenceUploadFields,
  ReportPageOut,
  RunDetailOut,
  RunListOut,
  RunListQuery,
  RunOut,
  RunStartIn,
  SummariesOut,
  SummariesQuery,
  SummaryOut,
  StockListIn,
  StockListOut,
  ThresholdsIn,
  ThresholdsOut,
} from './originality.schema.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** A file name as the browser sent it, for display only (never used as a path). */
const displayName = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || '未命名';

const unreadable = (name: string, reason: { zh: string; en: string }) => new AppError('REFERENCE_UNREADABLE', { name, reason: reason.zh, reasonEn: reason.en });

/**
 * Registers the routes and starts this instance's check runner (stopped before the server closes).
 * `runner` options are for tests (a short poll).
 */
export async function registerOriginalityRoutes(root: FastifyInstance, opts: { runner?: RunnerOptions | false } = {}): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const ctx = (): service.Ctx => ({ dialect: p.dialect, now: p.clock.now().toISOString() });

  let runner: Runner | null = null;
  if (opts.runner !== false) {
    runner = startOriginalityRunner(p, opts.runner ?? {});
    root.decorate('originalityRunner', runner);
    // preClose: before any onClose hook closes the database.
    root.addHook('preClose', async () => {
      await runner?.stop();
    });
  }

  // ---- one idea ----

  app.get('/api/ideas/:id/originality/summary', { config: { policy: 'originality.summary' }, schema: { summary: '查重结果（总复制比与状态） / originality figure and status', params: Params, response: { 200: SummaryOut } } }, async (req) => {
    return service.summaryFor(p.db, actorOf(req), req.params.id);
  });

  app.get('/api/originality/summaries', { config: { policy: 'originality.summary' }, schema: { summary: '多个金点子的查重结果 / figures of several ideas', querystring: SummariesQuery, response: { 200: SummariesOut } } }, async (req) => ({
    items: await service.summaries(p.db, actorOf(req), req.query.ids),
  }));

  app.get('/api/ideas/:id/originality', { config: { policy: 'originality.report' }, schema: { summary: '查重报告 / originality report', params: Params, response: { 200: ReportPageOut } } }, async (req) => {
    const { idea, summary, report } = await service.reportFor(p.db, actorOf(req), req.params.id);
    return { ideaId: idea.id, summary, report };
  });

  app.post('/api/ideas/:id/originality/checks', { config: { policy: 'originality.check' }, schema: { summary: '重新查重 / check again', params: Params, response: { 202: CheckOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = await mutate(req, async (trx, target) => {
      target('idea', req.params.id);
      const idea = await service.ideaForReport(trx, actor, req.params.id);
      if (idea.status === 'draft') throw new AppError('ORIGINALITY_DRAFT');
      return enqueueOriginalityCheck(trx, { ideaId: idea.id, reason: 'manual', now: ctx().now });
    });
    runner?.wake();
    reply.code(202);
    return presentCheck((await repo.checkById(p.db, id))!);
  });

  // ---- reference library ----

  app.get('/api/originality/references', { config: { policy: 'originality.references.list' }, schema: { summary: '查重参考文献库 / reference library', response: { 200: ReferenceListOut } } }, async () => {
    const rows = await repo.listReferences(p.db);
    return { items: rows.map(presentReference), total: rows.length };
  });

  app.get('/api/originality/references/:id', { config: { policy: 'originality.references.read' }, schema: { summary: '参考文献（含全文） / reference text', params: Params, response: { 200: ReferenceDetailOut } } }, async (req) => {
    const r = await repo.referenceById(p.db, req.params.id);
    if (!r) throw new AppError('NOT_FOUND');
    return { ...presentReference(r), text: r.text };
  });

  const created = async (id: number) => presentReference((await repo.referenceById(p.db, id))!);

  app.post('/api/originality/references', { config: { policy: 'originality.references.create' }, schema: { summary: '粘贴文字加入参考文献库 / add pasted text to the library', body: ReferencePasteIn, response: { 201: ReferenceOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = await mutate(req, async (trx, target) => {
      const id = await service.addReference(trx, ctx(), actor, { ...req.body, kind: 'paste', fileName: null });
      target('originality_reference', id);
      return id;
    });
    reply.code(201);
    return created(id);
  });

  app.post(
    '/api/originality/references/upload',
    {
      config: { policy: 'originality.references.upload' },
      schema: { summary: '上传 .txt/.docx/.pdf 加入参考文献库 / upload a .txt, .docx or .pdf to the library', consumes: ['multipart/form-data'], response: { 201: ReferenceOut } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      void warmReferenceWorker(); // ready by the time the file is in
      const fields: Record<string, string> = {};
      let file: { name: string; data: Buffer } | null = null;
      try {
        for await (const part of req.parts({ limits: { files: 1, fileSize: REFERENCE_LIMITS.fileBytes, fields: 4, parts: 5, fieldSize: 4096 } })) {
          if (part.type === 'file') {
            file = { name: displayName(part.filename), data: await part.toBuffer() };
          } else if (part.fieldname === 'title' || part.fieldname === 'origin') fields[part.fieldname] = String(part.value ?? '');
          else throw new AppError('UNKNOWN_FIELD', { fields: part.fieldname.slice(0, 50) });
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('BODY_TOO_LARGE', { limit: formatBytes(REFERENCE_LIMITS.fileBytes) });
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('VALIDATION_FAILED', { detail: '一次只能上传一个文件（另加标题和来源） / one file at a time, with a title and an origin' });
        throw new AppError('BAD_REQUEST');
      }
      if (!file) throw new AppError('FILE_REQUIRED');
      const parsed = ReferenceUploadFields.safeParse(fields);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', { detail: '请填写标题（200 字以内）和来源（300 字以内） / enter a title (≤ 200) and an origin (≤ 300)' });
      const clamd = clamdTarget();
      if (clamd) {
        const dir = uploadTempDir(p.config);
        ensureTempDir(dir);
        const tmp = path.join(dir, `${randomUUID()}.upload`);
        try {
          await fs.promises.writeFile(tmp, file.data, { mode: 0o600, flag: 'wx' });
          const verdict = await scanFile(clamd, tmp);
          if (!verdict.clean) {
            await auditFailure(req, 'FILE_INFECTED', { target_type: 'originality_reference' });
            throw new AppError('FILE_INFECTED', (l) => ({ detail: l === 'zh-CN' ? `文件含有病毒（${verdict.signature}），已拒绝。` : `The file contains malware (${verdict.signature}); refused.` }));
          }
        } catch (err) {
          if (err instanceof ScannerUnavailable) throw new AppError('SERVICE_UNAVAILABLE');
          throw err;
        } finally {
          await fs.promises.rm(tmp, { force: true });
        }
      }
      if (file.data.length === 0) throw unreadable(file.name, REASONS.empty);
      const extracted = await extractReferenceFile(new Uint8Array(file.data));
      if (!extracted.ok) throw unreadable(file.name, extracted.reason);
      const name = file.name;
      const id = await mutate(req, async (trx, target) => {
        const id = await service.addReference(trx, ctx(), actor, { title: parsed.data.title, origin: parsed.data.origin, kind: extracted.kind, fileName: name, text: extracted.text });
        target('originality_reference', id);
        return id;
      });
      reply.code(201);
      return created(id);
    },
  );

  app.delete('/api/originality/references/:id', { config: { policy: 'originality.references.delete' }, schema: { summary: '从参考文献库删除 / remove from the library', params: Params, response: { 204: NoContent } } }, async (req, reply) => {
    await mutate(req, async (trx, target) => {
      target('originality_reference', req.params.id);
      await service.deleteReference(trx, req.params.id);
    });
    reply.code(204);
    return null;
  });

  // ---- stock phrases and thresholds ----

  const stockDto = async () => {
    const [items, s] = await Promise.all([repo.stockPhrases(p.db), repo.settings(p.db)]);
    return { items, updatedAt: s.stock_updated_at, minChars: service.MIN_STOCK_CHARS };
  };

  app.get('/api/originality/stock-phrases', { config: { policy: 'originality.stock.read' }, schema: { summary: '套话（常用语）列表 / stock phrases', response: { 200: StockListOut } } }, async () => stockDto());

  app.put('/api/originality/stock-phrases', { config: { policy: 'originality.stock.update' }, schema: { summary: '修改套话列表 / replace the stock-phrase list', body: StockListIn, response: { 200: StockListOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('originality_stock_phrases', 'list');
      await service.replaceStock(trx, ctx(), req.body.phrases);
    });
    return stockDto();
  });

  app.get('/api/originality/thresholds', { config: { policy: 'originality.thresholds.read' }, schema: { summary: '查重颜色阈值 / thresholds', response: { 200: ThresholdsOut } } }, async () => service.thresholds(p.db));

  app.put('/api/originality/thresholds', { config: { policy: 'originality.thresholds.update' }, schema: { summary: '设置查重颜色阈值 / set the thresholds', body: ThresholdsIn, response: { 200: ThresholdsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('originality_settings', 'thresholds');
      await service.setThresholds(trx, ctx(), req.body.red, req.body.orange);
    });
    return service.thresholds(p.db);
  });

  // ---- campaign-wide runs ----

  const runDto = async (id: number) => {
    const r = await repo.runById(p.db, id);
    if (!r) throw new AppError('NOT_FOUND');
    return presentRun(r, await repo.runCounts(p.db, id));
  };

  app.post('/api/originality/runs', { config: { policy: 'originality.runs.start' }, schema: { summary: '全活动查重 / check the whole campaign', body: RunStartIn, response: { 202: RunOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const r = await mutate(req, async (trx, target) => {
      const r = await service.startRun(trx, ctx(), actor, req.body.campaignId);
      target('originality_run', r.id);
      return r;
    });
    runner?.wake();
    reply.code(202);
    return runDto(r.id);
  });

  app.get('/api/originality/runs', { config: { policy: 'originality.runs.list' }, schema: { summary: '全活动查重记录 / campaign-wide checks', querystring: RunListQuery, response: { 200: RunListOut } } }, async (req) => {
    const rows = await repo.listRuns(p.db, req.query.campaignId);
    return { items: await Promise.all(rows.map(async (r) => presentRun(r, await repo.runCounts(p.db, r.id)))) };
  });

  app.get('/api/originality/runs/:id', { config: { policy: 'originality.runs.read' }, schema: { summary: '全活动查重进度与结果 / progress and results', params: Params, response: { 200: RunDetailOut } } }, async (req) => {
    const run = await runDto(req.params.id);
    const t = await service.thresholds(p.db);
    const rows = await repo.runResults(p.db, req.params.id);
    const results = rows.map((r) => {
      const similarity = r.status === 'done' && r.similarity != null ? Number(r.similarity) : null;
      return { ideaId: r.idea_id, title: r.title, unitName: r.unit_name, status: r.status as 'queued', similarity, level: similarity === null ? null : levelOf(similarity, t), topSource: r.top_source };
    });
    results.sort((a, b) => (b.similarity ?? -1) - (a.similarity ?? -1) || a.ideaId - b.ideaId);
    return { ...run, thresholds: { red: t.red, orange: t.orange }, results };
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    originalityRunner?: Runner;
  }
}
