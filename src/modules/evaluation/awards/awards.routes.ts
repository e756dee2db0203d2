// HTTP routes of the awards (评比结果): thin — parse, run the use case in mutate(), present.
// Bureau admin: propose, adjust, announce (公示), answer objections, finalise, public flag, 推荐发布,
// certificates (PDF) and the results list (.xlsx). Unit admin: the notices and objections. Unit admin
// and member: their own final results.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/http/errors.ts';
import { auditRead, mutate } from '../../../platform/http/mutate.ts';
import { FileDownload } from '../../../platform/http/schemas.ts';
import type { Actor } from '../../../platform/policy/policy.ts';
import { downloadHeaders, oneAtATime, stamp } from '../../ideas/export/http.ts';
import * as evaluation from '../evaluation.service.ts';
import type { TierSpec } from '../rules/index.ts';
import * as repo from './awards.repository.ts';
import * as service from './awards.service.ts';
import { authorsOf, presentAward, presentAwardRound, presentObjection } from './awards.presenter.ts';
import { chineseNumeralDate } from './notice-period.ts';
import { AdjustIn, AnnounceIn, AnswerIn, AwardsOut, CertificatesQuery, ExcellentIn, NoticeOut, ObjectionIn, ObjectionOut, Params, ProposeIn, ProposeOut, PublicIn, UnitResultOut } from './awards.schema.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

const STATE_WORDS: Record<string, string> = { proposed: '拟定（未公示）', announced: '公示中', final: '已确定' };

export async function registerAwardsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const ctx = (): evaluation.Ctx => ({ dialect: p.dialect, now: p.clock.now().toISOString() });
  const base = '/api/evaluation/rounds/:id/awards';

  async function awardsDto(roundId: number) {
    const round = await evaluation.visibleRound(p.db, roundId);
    const ar = await service.awardRound(p.db, roundId, 'read');
    return {
      ...presentAwardRound(ar, round.title),
      items: (await repo.awardsDetailed(p.db, roundId)).map(presentAward),
      objections: (await repo.objections(p.db, roundId)).map(presentObjection),
    };
  }

  app.get(base, { config: { policy: 'evaluation.awards.read' }, schema: { summary: '评比结果（拟定、公示、异议） / the round’s results, notice and objections', params: Params, response: { 200: AwardsOut } } }, async (req) => awardsDto(req.params.id));

  app.post(
    `${base}/propose`,
    { config: { policy: 'evaluation.awards.propose' }, schema: { summary: '拟定评比结果（按名额或比例评定奖项） / propose the results (tiers by count or share)', params: Params, body: ProposeIn, response: { 200: ProposeOut } } },
    async (req) => {
      const b = req.body;
      const spec: TierSpec = b.by === 'count' ? { by: 'count', counts: b.counts ?? {} } : { by: 'share', shares: b.shares ?? {} };
      const r = await mutate(req, async (trx, target) => {
        target('evaluation_round', req.params.id);
        return service.propose(trx, ctx(), actorOf(req), req.params.id, { mode: b.mode, spec, adjustments: b.adjustments, issuer: b.issuer });
      });
      return { ...(await awardsDto(req.params.id)), excluded: r.excluded };
    },
  );

  app.post(`${base}/adjust`, { config: { policy: 'evaluation.awards.adjust' }, schema: { summary: '人工调整奖项（须说明理由） / change a tier by hand, with the reason', params: Params, body: AdjustIn, response: { 200: AwardsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('idea', req.body.ideaId);
      await service.adjust(trx, ctx(), actorOf(req), req.params.id, req.body);
    });
    return awardsDto(req.params.id);
  });

  app.post(`${base}/announce`, { config: { policy: 'evaluation.awards.announce' }, schema: { summary: '公示评比结果（默认 5 个工作日） / announce the results (default 5 working days)', params: Params, body: AnnounceIn, response: { 200: AwardsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('evaluation_round', req.params.id);
      await service.announce(trx, ctx(), actorOf(req), req.params.id, req.body);
    });
    return awardsDto(req.params.id);
  });

  app.post(`${base}/finalize`, { config: { policy: 'evaluation.awards.finalize' }, schema: { summary: '确定最终结果（公示期满且异议均已答复） / finalise (notice ended, every objection answered)', params: Params, body: z.strictObject({}).optional(), response: { 200: AwardsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('evaluation_round', req.params.id);
      await service.finalize(trx, ctx(), actorOf(req), req.params.id);
    });
    return awardsDto(req.params.id);
  });

  app.put(`${base}/public`, { config: { policy: 'evaluation.awards.publish' }, schema: { summary: '设置结果是否公开 / mark the final results public or not', params: Params, body: PublicIn, response: { 200: AwardsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('evaluation_round', req.params.id);
      await service.setPublic(trx, ctx(), req.params.id, req.body.public);
    });
    return awardsDto(req.params.id);
  });

  app.put(`${base}/excellent`, { config: { policy: 'evaluation.awards.excellent' }, schema: { summary: '优秀，推荐发布（或取消） / select an idea for publication (or not)', params: Params, body: ExcellentIn, response: { 200: AwardsOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('idea', req.body.ideaId);
      await service.setExcellent(trx, ctx(), req.params.id, req.body.ideaId, req.body.excellent);
    });
    return awardsDto(req.params.id);
  });

  app.get(
    `${base}/certificates.pdf`,
    {
      config: { policy: 'evaluation.awards.certificates' },
      schema: { summary: '奖状 PDF（?ideaId= 单个，否则本轮全部获奖金点子） / certificates as PDF (one idea, or every awarded idea)', params: Params, querystring: CertificatesQuery, produces: ['application/pdf'], response: { 200: FileDownload } },
    },
    async (req, reply) => {
      const { round, ar, campaignTitle } = await service.forPrinting(p.db, req.params.id, 'print');
      const rows = (await repo.awardsDetailed(p.db, round.id, req.query.ideaId != null ? { ideaId: req.query.ideaId } : {})).filter((a) => a.tier);
      if (!rows.length) throw new AppError('NOT_FOUND');
      const dateText = chineseNumeralDate(ar.finalized_at!);
      const certs = rows.map((a) => ({
        unitName: a.unit_name,
        authorship: a.authorship === 'collective' ? ('collective' as const) : ('individual' as const),
        authors: authorsOf(a.authors_json),
        ideaTitle: a.title,
        campaignTitle,
        tierLabel: service.tierLabel(a.tier),
        issuer: ar.issuer,
        dateText,
        number: `证书编号：JDZ-${round.id}-${String(a.rank).padStart(4, '0')}`,
      }));
      const { renderCertificates } = await import('./certificates.ts');
      const { buffer, missing } = await oneAtATime(() => renderCertificates(certs, { title: `${round.title} 荣誉证书`, author: ar.issuer }));
      if (missing.length) req.log.warn({ missingGlyphs: missing.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`) }, 'certificate characters printed as □');
      await auditRead(req, 'evaluation_certificates', `round=${round.id};n=${certs.length}${req.query.ideaId != null ? `;idea=${req.query.ideaId}` : ''}`);
      const now = p.clock.now().toISOString();
      const one = req.query.ideaId != null;
      reply.headers(downloadHeaders('pdf', `${one ? `荣誉证书_${rows[0].title.slice(0, 40)}` : `荣誉证书_${round.title.slice(0, 40)}`}_${stamp(now)}.pdf`, `certificates-${round.id}${one ? `-${req.query.ideaId}` : ''}-${stamp(now)}.pdf`, buffer.length));
      return reply.send(buffer);
    },
  );

  app.get(
    `${base}/results.xlsx`,
    { config: { policy: 'evaluation.awards.xlsx' }, schema: { summary: '导出评比结果（.xlsx） / the results list as .xlsx', params: Params, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 200: FileDownload } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { round, ar } = await service.forPrinting(p.db, req.params.id, 'export');
      const rows = (await repo.awardsDetailed(p.db, round.id)).map((a) => {
        const x = presentAward(a);
        return { ...x, computedTierLabel: service.tierLabel(a.computed_tier) };
      });
      const now = p.clock.now().toISOString();
      const { renderResultsXlsx } = await import('./results-xlsx.ts');
      const buffer = await renderResultsXlsx(rows, {
        roundTitle: round.title,
        state: `${STATE_WORDS[ar.status] ?? ar.status}，按${ar.mode === 'raw' ? '原始分' : '标准化分'}排名`,
        exportedBy: `${actor.name}（${actor.username}）`,
        exportedAt: now,
      });
      await auditRead(req, 'evaluation_results_export', `round=${round.id};rows=${rows.length}`);
      reply.headers(downloadHeaders('xlsx', `评比结果_${round.title.slice(0, 40)}_${stamp(now)}.xlsx`, `results-${round.id}-${stamp(now)}.xlsx`, buffer.length));
      return reply.send(buffer);
    },
  );

  app.post(
    '/api/evaluation/objections/:id/answer',
    { config: { policy: 'evaluation.objections.answer' }, schema: { summary: '答复异议（成立或不成立，附答复） / answer an objection on the record', params: Params, body: AnswerIn, response: { 200: ObjectionOut } } },
    async (req) => {
      const roundId = await mutate(req, async (trx, target) => {
        target('evaluation_objection', req.params.id);
        return service.answerObjection(trx, ctx(), actorOf(req), req.params.id, req.body);
      });
      return presentObjection((await repo.objections(p.db, roundId)).find((o) => o.id === req.params.id)!);
    },
  );

  // ---- units ----

  app.get('/api/evaluation/notices', { config: { policy: 'evaluation.notices.list' }, schema: { summary: '评比结果公示（本单位的异议及答复） / result notices and the unit’s objections', response: { 200: NoticeOut } } }, async (req) => {
    const actor = actorOf(req);
    const now = Date.parse(p.clock.now().toISOString());
    const items = [];
    for (const r of await repo.noticeRounds(p.db)) {
      items.push({
        roundId: r.id,
        roundTitle: r.title,
        status: r.status as 'announced' | 'final',
        announcedAt: r.announced_at,
        noticeEndsAt: r.notice_ends_at,
        open: r.status === 'announced' && r.notice_ends_at != null && now <= Date.parse(r.notice_ends_at),
        results: (await repo.awardsDetailed(p.db, r.id)).map((a) => ({ ideaId: a.idea_id, rank: a.rank, tier: presentAward(a).tier, tierLabel: service.tierLabel(a.tier), title: a.title, unitName: a.unit_name, topic: a.topic })),
        objections: actor.unitId == null ? [] : (await repo.objections(p.db, r.id, { unitId: actor.unitId })).map(presentObjection),
      });
    }
    return { items };
  });

  app.post(
    '/api/evaluation/rounds/:id/objections',
    { config: { policy: 'evaluation.objections.file' }, schema: { summary: '对公示结果提出异议 / file an objection during the public notice', params: Params, body: ObjectionIn, response: { 201: ObjectionOut } } },
    async (req, reply) => {
      const id = await mutate(req, async (trx, target) => {
        const id = await service.fileObjection(trx, ctx(), actorOf(req), req.params.id, req.body);
        target('evaluation_objection', id);
        return id;
      });
      return reply.status(201).send(presentObjection((await repo.objections(p.db, req.params.id)).find((o) => o.id === id)!));
    },
  );

  app.get('/api/evaluation/unit-results', { config: { policy: 'evaluation.unit-results' }, schema: { summary: '本单位金点子的评比结果（已确定） / final results of the unit’s (or my) ideas', response: { 200: UnitResultOut } } }, async (req) => ({
    items: (await service.unitResults(p.db, actorOf(req))).map(({ round, award, total }) => ({
      roundId: round.id,
      roundTitle: round.title,
      finalizedAt: round.finalized_at,
      public: round.public === 1,
      ideaId: award.idea_id,
      title: award.title,
      tier: presentAward(award).tier,
      tierLabel: service.tierLabel(award.tier),
      rank: award.rank,
      ranked: total,
      excellent: award.excellent === 1,
    })),
  }));
}
