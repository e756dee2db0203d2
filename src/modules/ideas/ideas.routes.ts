// HTTP routes of golden ideas and batches: thin — parse, run the use case in mutate(), present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/http/errors.ts';
import { auditRead, mutate } from '../../platform/http/mutate.ts';
import { mutateOnce } from '../../platform/http/idempotency.ts';
import { NoContent } from '../../platform/http/schemas.ts';
import { hasRole, ideaScope, unitScope, type Actor } from '../../platform/policy/policy.ts';
import * as campaigns from '../campaigns/campaigns.repository.ts';
import * as repo from './ideas.repository.ts';
import * as service from './ideas.service.ts';
import { presentBatch, presentIdea, presentIdeaSummary } from './ideas.presenter.ts';
import { BatchDetailOut, BatchOut, CommentIn, CreateIn, IdeaListOut, IdeaOut, ListQuery, OptionalCommentIn, Params, ReasonIn, SealIn, SummaryOut, TodoOut, UpdateIn } from './ideas.schema.ts';
import { buildTodo } from './ideas.todo.ts';
import { attachmentsDto, registerAttachmentRoutes } from './attachments/attachments.routes.ts';
import { registerPrintRoutes } from './print/print.routes.ts';
import { registerExportRoutes } from './export/export.routes.ts';
import { registerImportRoutes } from './import/import.routes.ts';

type Db = Kysely<DB> | Transaction<DB>;

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export async function ideaDto(db: Db, actor: Actor, id: number) {
  return ideaDtoOf(db, actor, await service.visibleIdea(db, actor, id));
}

/** The answer for an idea already loaded (a move gives back the idea as it now is). */
async function ideaDtoOf(db: Db, actor: Actor, row: service.IdeaRow) {
  return { ...presentIdea(row, await repo.eventsOf(db, row.id), actor), attachments: await attachmentsDto(db, row.id) };
}

export async function batchDto(db: Db, actor: Actor, id: number) {
  const b = await service.visibleBatch(db, actor, id);
  const ideas = await repo.ideasOfBatch(db, id);
  return {
    ...presentBatch(b),
    ideas: ideas.map((i) => ({ id: i.id, title: i.title, status: i.status as never, receiptNo: i.receipt_no, charCount: i.char_count, topic: i.topic, digest: i.digest, inBatch: i.batch_id === id })),
  };
}

/** The filters of a list query, for the list itself and the exports. */
export async function filtersOf(db: Db, actor: Actor, q: z.infer<typeof ListQuery>): Promise<repo.IdeaFilters | null> {
  const campaignId = q.campaignId ?? (await campaigns.latestCampaignId(db));
  if (campaignId == null) return null;
  return {
    campaignId,
    sectorId: q.sectorId,
    unitId: q.unitId,
    unitType: q.unitType,
    topic: q.topic,
    status: q.status,
    authorship: q.authorship,
    minChars: q.minChars,
    maxChars: q.maxChars,
    late: q.late,
    imported: q.imported,
    q: q.q,
    createdBy: q.mine ? actor.userId : undefined,
  };
}

export async function registerIdeaRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const ctx = (): service.Ctx => ({ dialect: p.dialect, now: p.clock.now().toISOString() });

  app.get('/api/campaigns/current/todo', { config: { policy: 'campaigns.todo' }, schema: { summary: '我的待办 / my to-do list', response: { 200: TodoOut } } }, async (req) =>
    buildTodo(p.db, actorOf(req), ctx().now),
  );

  app.get('/api/ideas', { config: { policy: 'ideas.list' }, schema: { summary: '金点子列表 / golden ideas', querystring: ListQuery, response: { 200: IdeaListOut } } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const f = await filtersOf(p.db, actor, q);
    if (!f) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    const { total, rows } = await repo.listIdeas(p.db, ideaScope(actor), f, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items: rows.map((r) => presentIdeaSummary(r, actor)), total, page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/ideas/summary', { config: { policy: 'ideas.summary' }, schema: { summary: '各单位报送统计 / counts per unit', querystring: z.strictObject({ campaignId: z.coerce.number().int().positive().max(2_147_483_647).optional() }), response: { 200: SummaryOut } } }, async (req) => {
    const actor = actorOf(req);
    const campaignId = req.query.campaignId ?? (await campaigns.latestCampaignId(p.db));
    if (campaignId == null) throw new AppError('NO_CAMPAIGN');
    const rules = await service.rulesOf(p.db, campaignId);
    const rows = await repo.countsPerUnit(p.db, unitScope(actor), campaignId);
    const units = rows.map((r) => {
      const submitted = Number(r.submitted ?? 0);
      return {
        unitId: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        sectorId: r.sector_id,
        sectorName: r.sector_name,
        submitted,
        received: Number(r.received ?? 0),
        inReview: Number(r.in_review ?? 0),
        returned: Number(r.returned ?? 0),
        standing: submitted === 0 ? ('none' as const) : submitted < rules.ideasMin ? ('below' as const) : ('ok' as const),
      };
    });
    const sectors = new Map<number, { sectorId: number; sectorName: string; units: number; none: number; below: number; ok: number; submitted: number }>();
    for (const u of units) {
      const s = sectors.get(u.sectorId) ?? { sectorId: u.sectorId, sectorName: u.sectorName, units: 0, none: 0, below: 0, ok: 0, submitted: 0 };
      s.units++;
      s[u.standing]++;
      s.submitted += u.submitted;
      sectors.set(u.sectorId, s);
    }
    const count = (k: 'none' | 'below' | 'ok') => units.filter((u) => u.standing === k).length;
    return {
      campaignId,
      ideasMin: rules.ideasMin,
      ideasMax: rules.ideasMax,
      units,
      sectors: [...sectors.values()],
      totals: { units: units.length, none: count('none'), below: count('below'), ok: count('ok'), submitted: units.reduce((a, u) => a + u.submitted, 0), received: units.reduce((a, u) => a + u.received, 0) },
    };
  });

  app.post('/api/ideas', { config: { policy: 'ideas.create' }, schema: { summary: '新建金点子草稿 / new draft', body: CreateIn, response: { 201: IdeaOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    const id = await mutate(req, async (trx, target) => {
      const id = await service.createDraft(trx, ctx(), actor, req.body);
      target('idea', id);
      return id;
    });
    reply.code(201);
    return ideaDto(p.db, actor, id);
  });

  app.get('/api/ideas/:id', { config: { policy: 'ideas.read' }, schema: { summary: '金点子详情 / golden idea', params: Params, response: { 200: IdeaOut } } }, async (req) => ideaDto(p.db, actorOf(req), req.params.id));

  app.put('/api/ideas/:id', { config: { policy: 'ideas.update' }, schema: { summary: '保存金点子（自动保存） / save (autosave)', params: Params, body: UpdateIn, response: { 200: IdeaOut } } }, async (req) => {
    const actor = actorOf(req);
    const { version, ...content } = req.body;
    await mutate(req, async (trx, target) => {
      target('idea', req.params.id);
      await service.saveContent(trx, ctx(), actor, req.params.id, version, content);
    });
    return ideaDto(p.db, actor, req.params.id);
  });

  app.delete('/api/ideas/:id', { config: { policy: 'ideas.delete' }, schema: { summary: '删除草稿 / delete draft', params: Params, response: { 204: NoContent } } }, async (req, reply) => {
    const actor = actorOf(req);
    await mutate(req, async (trx, target) => {
      target('idea', req.params.id);
      await service.deleteDraft(trx, ctx(), actor, req.params.id);
    });
    reply.code(204);
    return null;
  });

  const move = (path: string, policy: string, summary: string, body: z.ZodType, run: (trx: Transaction<DB>, actor: Actor, id: number, body: never) => Promise<service.IdeaRow>) =>
    app.post(path, { config: { policy }, schema: { summary, params: Params, body, response: { 200: IdeaOut } } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = (req.params as { id: number }).id;
      return mutateOnce(req, reply, 200, async (trx, target) => {
        target('idea', id);
        return ideaDtoOf(trx, actor, await run(trx, actor, id, req.body as never));
      });
    });

  move('/api/ideas/:id/send', 'ideas.send', '提交至本单位 / send to the unit', z.strictObject({}).optional(), (trx, actor, id) => service.send(trx, ctx(), actor, id));
  move('/api/ideas/:id/approve', 'ideas.approve', '单位审核通过 / approve', OptionalCommentIn.optional(), (trx, actor, id, b: { comment?: string } | undefined) => service.approve(trx, ctx(), actor, id, b?.comment || null));
  move('/api/ideas/:id/return', 'ideas.return', '单位退回修改 / return for correction', CommentIn, (trx, actor, id, b: { comment: string }) => service.unitReturn(trx, ctx(), actor, id, b.comment));
  move('/api/ideas/:id/bureau-return', 'ideas.bureau-return', '局办公室退回 / bureau returns the idea', ReasonIn, (trx, actor, id, b: { reason: string }) => service.bureauReturn(trx, ctx(), actor, id, b.reason));

  app.post('/api/ideas/:id/phone/reveal', { config: { policy: 'ideas.phone.reveal' }, schema: { summary: '查看完整号码（留痕） / reveal the full number (audited)', params: Params, response: { 200: z.object({ contactPhone: z.string() }) } } }, async (req) => {
    const idea = await service.visibleIdea(p.db, actorOf(req), req.params.id);
    await auditRead(req, 'idea', idea.id);
    return { contactPhone: idea.contact_phone };
  });

  // ---- batches ----

  app.get('/api/batches', { config: { policy: 'batches.list' }, schema: { summary: '报送批次 / batches', querystring: z.strictObject({ campaignId: z.coerce.number().int().positive().max(2_147_483_647).optional(), status: z.enum(['submitted', 'received', 'returned']).optional() }), response: { 200: z.object({ items: z.array(BatchOut) }) } } }, async (req) => {
    const actor = actorOf(req);
    const campaignId = req.query.campaignId ?? (await campaigns.latestCampaignId(p.db));
    if (campaignId == null) return { items: [] };
    return { items: (await repo.listBatches(p.db, unitScope(actor), campaignId, req.query.status)).map(presentBatch) };
  });

  app.get('/api/batches/:id', { config: { policy: 'batches.read' }, schema: { summary: '批次详情 / batch', params: Params, response: { 200: BatchDetailOut } } }, async (req) => batchDto(p.db, actorOf(req), req.params.id));

  app.post('/api/batches', { config: { policy: 'batches.seal' }, schema: { summary: '盖章报送（2–5个） / seal and submit a batch', body: SealIn, response: { 201: BatchDetailOut } } }, async (req, reply) => {
    const actor = actorOf(req);
    return mutateOnce(req, reply, 201, async (trx, target) => {
      const id = await service.seal(trx, ctx(), actor, req.body.ideaIds);
      target('batch', id);
      return batchDto(trx, actor, id);
    });
  });

  app.post('/api/batches/:id/receive', { config: { policy: 'batches.receive' }, schema: { summary: '签收批次 / receive batch', params: Params, body: z.strictObject({}).optional(), response: { 200: BatchDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return mutate(req, async (trx, target) => {
      target('batch', req.params.id);
      await service.receiveBatch(trx, ctx(), actor, req.params.id);
      return batchDto(trx, actor, req.params.id);
    });
  });

  app.post('/api/batches/:id/return', { config: { policy: 'batches.return' }, schema: { summary: '退回批次 / return batch', params: Params, body: ReasonIn, response: { 200: BatchDetailOut } } }, async (req) => {
    const actor = actorOf(req);
    return mutate(req, async (trx, target) => {
      target('batch', req.params.id);
      await service.returnBatch(trx, ctx(), actor, req.params.id, req.body.reason);
      return batchDto(trx, actor, req.params.id);
    });
  });

  void hasRole;
  await registerAttachmentRoutes(root);
  await registerPrintRoutes(root);
  await registerExportRoutes(root);
  await registerImportRoutes(root);
}
