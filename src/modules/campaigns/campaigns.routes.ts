// Campaigns (R2): the bureau creates and edits them (or starts from the 2017 template), grants
// extensions; everyone signed in reads the current one with its phase and next deadline.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { mutate } from '../../platform/http/mutate.ts';
import { IdParam } from '../../shared/ids.ts';
import * as repo from './campaigns.repository.ts';
import { templateCampaign } from './campaigns.templates.ts';
import { CampaignBody, CampaignOut, ExtensionBody, ExtensionOut, TemplateBody } from './campaigns.schema.ts';

type Campaign = NonNullable<Awaited<ReturnType<typeof repo.getCampaign>>>;

export function presentCampaign(c: Campaign, now: string): z.infer<typeof CampaignOut> {
  const phases = c.phases.map((ph) => ({ name: ph.name, startsAt: ph.starts_at, endsAt: ph.ends_at }));
  const deadlines = c.deadlines.map((d) => ({ name: d.name, kind: d.kind, dueAt: d.due_at }));
  return {
    id: c.id,
    title: c.title,
    theme: c.theme,
    description: c.description,
    topics: JSON.parse(c.topics_json) as string[],
    phases,
    deadlines,
    ideasMin: c.ideas_min,
    ideasMax: c.ideas_max,
    minChars: c.min_chars,
    authorship: c.authorship,
    formTitle: c.form_title,
    ideasDueAt: deadlines.filter((d) => d.kind === 'ideas').at(-1)?.dueAt ?? null,
    currentPhase: phases.find((ph) => ph.startsAt <= now && now <= ph.endsAt) ?? null,
    nextDeadline: deadlines.find((d) => d.dueAt >= now) ?? null,
    serverTime: now,
  };
}

const Params = z.strictObject({ id: IdParam });

export async function registerCampaignRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const now = () => p.clock.now().toISOString();
  const load = async (id: number) => {
    const c = await repo.getCampaign(p.db, id);
    if (!c) throw new AppError('NOT_FOUND');
    return presentCampaign(c, now());
  };

  app.get('/api/campaigns/current', { config: { policy: 'campaigns.current' }, schema: { summary: '当前活动 / current campaign', response: { 200: CampaignOut } } }, async () => {
    const id = await repo.latestCampaignId(p.db);
    if (id == null) throw new AppError('NOT_FOUND');
    return load(id);
  });

  app.get('/api/campaigns', { config: { policy: 'campaigns.list' }, schema: { summary: '活动列表 / campaigns', response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), title: z.string(), theme: z.string(), createdAt: z.string() })) }) } } }, async () => ({
    items: (await repo.listCampaigns(p.db)).map((c) => ({ id: c.id, title: c.title, theme: c.theme, createdAt: c.created_at })),
  }));

  app.get('/api/campaigns/:id', { config: { policy: 'campaigns.read' }, schema: { summary: '活动 / campaign', params: Params, response: { 200: CampaignOut } } }, async (req) => load(req.params.id));

  app.post(
    '/api/campaigns',
    { config: { policy: 'campaigns.create' }, schema: { summary: '新建活动（可按2017仙居模板） / create campaign (or from the 2017 template)', body: z.union([TemplateBody, CampaignBody]), response: { 201: CampaignOut } } },
    async (req, reply) => {
      const input = 'template' in req.body ? templateCampaign(req.body.template, req.body.year) : req.body;
      const id = await mutate(req, async (trx, target) => {
        const id = await repo.insertCampaign(trx, input, now());
        target('campaign', id);
        return id;
      });
      reply.code(201);
      return load(id);
    },
  );

  app.put('/api/campaigns/:id', { config: { policy: 'campaigns.update' }, schema: { summary: '修改活动 / update campaign', params: Params, body: CampaignBody, response: { 200: CampaignOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('campaign', req.params.id);
      if (!(await repo.updateCampaign(trx, req.params.id, req.body, now()))) throw new AppError('NOT_FOUND');
    });
    return load(req.params.id);
  });

  app.get('/api/campaigns/:id/extensions', { config: { policy: 'campaigns.extensions.list' }, schema: { summary: '延期记录 / extensions', params: Params, response: { 200: z.object({ items: z.array(ExtensionOut) }) } } }, async (req) => {
    await load(req.params.id);
    return {
      items: (await repo.listExtensions(p.db, req.params.id)).map((e) => ({ id: e.id, unitId: e.unit_id, unitName: e.unit_name, until: e.until, reason: e.reason, grantedAt: e.granted_at, grantedBy: e.granted_by_name })),
    };
  });

  app.post(
    '/api/campaigns/:id/extensions',
    { config: { policy: 'campaigns.extensions.grant' }, schema: { summary: '批准单位延期 / grant an extension', params: Params, body: ExtensionBody, response: { 201: ExtensionOut } } },
    async (req, reply) => {
      const actor = req.actor!;
      const id = await mutate(req, async (trx, target) => {
        if (!(await repo.getCampaign(trx, req.params.id)) || !(await repo.unitExists(trx, req.body.unitId))) throw new AppError('NOT_FOUND');
        const id = await repo.insertExtension(trx, { campaign_id: req.params.id, unit_id: req.body.unitId, until: req.body.until, reason: req.body.reason, granted_by: actor.userId, granted_at: now() });
        target('extension', id);
        return id;
      });
      const e = (await repo.listExtensions(p.db, req.params.id)).find((x) => x.id === id)!;
      reply.code(201);
      return { id: e.id, unitId: e.unit_id, unitName: e.unit_name, until: e.until, reason: e.reason, grantedAt: e.granted_at, grantedBy: e.granted_by_name };
    },
  );
}
