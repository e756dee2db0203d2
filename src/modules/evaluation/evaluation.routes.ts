// HTTP routes of evaluation (评比): thin — parse, run the use case in mutate(), present.
// Bureau admin: judges, rounds, the assignment and its adjustments, conflicts, progress, reminders,
// results. Judge: their own assignments (/api/evaluation/my…), read blind, score, declare a conflict.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { mutate } from '../../platform/http/mutate.ts';
import { FileDownload, NoContent } from '../../platform/http/schemas.ts';
import type { Actor } from '../../platform/policy/policy.ts';
import * as org from '../org/org.service.ts';
import * as orgRepo from '../org/org.repository.ts';
import * as repo from './evaluation.repository.ts';
import * as service from './evaluation.service.ts';
import { blindAttachments, blindImage, prefetchAttachmentTexts } from './evaluation.attachments.ts';
import { maskContacts } from './masking.ts';
import { overallFigure } from '../originality/originality.service.ts';
import { sendStoredFile } from '../files/download.ts';
import { presentAssignment, presentConflict, presentJudge, presentMyAssignment, presentMyRound, presentResults, presentRound, round4 } from './evaluation.presenter.ts';
import {
  AssignmentAddIn,
  AssignmentOut,
  AssignmentReplaceIn,
  AssignOut,
  ConflictIn,
  ConflictOut,
  ConflictResultOut,
  DisqualifyIn,
  JudgeCreateIn,
  JudgeOut,
  JudgeProfileIn,
  MyAssignmentDetailOut,
  MyListOut,
  ImageQuery,
  Params,
  ProgressOut,
  RemindIn,
  ResultsOut,
  ResultsQuery,
  RoundCreateIn,
  RoundListQuery,
  RoundOut,
  RoundUpdateIn,
  SheetIn,
} from './evaluation.schema.ts';

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export async function registerEvaluationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const ctx = (): service.Ctx => ({ dialect: p.dialect, now: p.clock.now().toISOString() });

  async function roundDto(id: number) {
    return presentRound(await service.visibleRound(p.db, id), await repo.roundJudgeIds(p.db, id));
  }

  // ---- judges ----

  app.get('/api/evaluation/judges', { config: { policy: 'evaluation.judges.list' }, schema: { summary: '评委列表 / judges', response: { 200: z.object({ items: z.array(JudgeOut) }) } } }, async () => ({
    items: (await repo.listJudges(p.db)).map(presentJudge),
  }));

  app.post(
    '/api/evaluation/judges',
    { config: { policy: 'evaluation.judges.create' }, schema: { summary: '新建评委账号 / create a judge account', body: JudgeCreateIn, response: { 201: z.object({ judge: JudgeOut, initialPassword: z.string() }) } } },
    async (req, reply) => {
      const initial = await org.newInitialPassword(p);
      const id = await mutate(req, async (trx, target) => {
        const id = await service.createJudge(p, trx, ctx(), actorOf(req), req.body, initial);
        target('user', id);
        return id;
      });
      return reply.status(201).send({ judge: presentJudge(await service.visibleJudge(p.db, id)), initialPassword: initial.password });
    },
  );

  app.put('/api/evaluation/judges/:id', { config: { policy: 'evaluation.judges.update' }, schema: { summary: '修改评委信息 / update a judge profile', params: Params, body: JudgeProfileIn, response: { 200: JudgeOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('user', req.params.id);
      await service.updateJudgeProfile(trx, ctx(), req.params.id, req.body);
    });
    return presentJudge(await service.visibleJudge(p.db, req.params.id));
  });

  // ---- rounds ----

  app.get('/api/evaluation/rounds', { config: { policy: 'evaluation.rounds.list' }, schema: { summary: '评比轮次 / evaluation rounds', querystring: RoundListQuery, response: { 200: z.object({ items: z.array(RoundOut) }) } } }, async (req) => {
    const rows = await repo.listRounds(p.db, req.query.campaignId);
    return { items: await Promise.all(rows.map(async (r) => presentRound(r, await repo.roundJudgeIds(p.db, r.id)))) };
  });

  app.post('/api/evaluation/rounds', { config: { policy: 'evaluation.rounds.create' }, schema: { summary: '新建评比轮次 / create a round', body: RoundCreateIn, response: { 201: RoundOut } } }, async (req, reply) => {
    const id = await mutate(req, async (trx, target) => {
      const id = await service.createRound(trx, ctx(), actorOf(req), req.body);
      target('evaluation_round', id);
      return id;
    });
    return reply.status(201).send(await roundDto(id));
  });

  app.get('/api/evaluation/rounds/:id', { config: { policy: 'evaluation.rounds.read' }, schema: { summary: '评比轮次详情 / round', params: Params, response: { 200: RoundOut } } }, async (req) => roundDto(req.params.id));

  app.put('/api/evaluation/rounds/:id', { config: { policy: 'evaluation.rounds.update' }, schema: { summary: '修改评比设置 / update a round', params: Params, body: RoundUpdateIn, response: { 200: RoundOut } } }, async (req) => {
    await mutate(req, async (trx, target) => {
      target('evaluation_round', req.params.id);
      await service.updateRound(trx, ctx(), req.params.id, req.body);
    });
    return roundDto(req.params.id);
  });

  app.post(
    '/api/evaluation/rounds/:id/assign',
    { config: { policy: 'evaluation.rounds.assign' }, schema: { summary: '自动分配评委 / run the assignment', params: Params, body: z.strictObject({}).optional(), response: { 200: AssignOut } } },
    async (req) => {
      const r = await mutate(req, async (trx, target) => {
        target('evaluation_round', req.params.id);
        return service.runAssignment(trx, ctx(), req.params.id);
      });
      return {
        round: await roundDto(req.params.id),
        ideas: r.ideas,
        judges: r.judges,
        reviews: r.assignments.length,
        loads: [...r.loads].map(([judgeId, load]) => ({ judgeId, load })),
        balance: r.balance,
        stats: r.stats,
      };
    },
  );

  for (const [verb, policy, summary] of [
    ['open', 'evaluation.rounds.open', '开放评分 / open the round for scoring'],
    ['close', 'evaluation.rounds.close', '结束评比（评分锁定） / close the round (scores frozen)'],
  ] as const) {
    app.post(`/api/evaluation/rounds/:id/${verb}`, { config: { policy }, schema: { summary, params: Params, body: z.strictObject({}).optional(), response: { 200: RoundOut } } }, async (req) => {
      await mutate(req, async (trx, target) => {
        target('evaluation_round', req.params.id);
        if (verb === 'open') await service.openRound(trx, ctx(), req.params.id);
        else await service.closeRound(trx, ctx(), req.params.id);
      });
      return roundDto(req.params.id);
    });
  }

  // ---- assignments (bureau) ----

  const assignmentsDto = async (roundId: number) => ({ items: (await repo.roundAssignmentsDetailed(p.db, roundId)).map(presentAssignment) });

  app.get('/api/evaluation/rounds/:id/assignments', { config: { policy: 'evaluation.assignments.list' }, schema: { summary: '评委分配表 / the assignment', params: Params, response: { 200: z.object({ items: z.array(AssignmentOut) }) } } }, async (req) => {
    await service.visibleRound(p.db, req.params.id);
    return assignmentsDto(req.params.id);
  });

  app.post(
    '/api/evaluation/rounds/:id/assignments',
    { config: { policy: 'evaluation.assignments.add' }, schema: { summary: '手动增加评审 / add a review by hand', params: Params, body: AssignmentAddIn, response: { 201: AssignmentOut } } },
    async (req, reply) => {
      const id = await mutate(req, async (trx, target) => {
        const id = await service.addAssignment(trx, ctx(), req.params.id, req.body.ideaId, req.body.judgeId);
        target('evaluation_assignment', id);
        return id;
      });
      const row = (await repo.roundAssignmentsDetailed(p.db, req.params.id)).find((a) => a.id === id)!;
      return reply.status(201).send(presentAssignment(row));
    },
  );

  app.put('/api/evaluation/assignments/:id', { config: { policy: 'evaluation.assignments.replace' }, schema: { summary: '改派评委 / give a review to another judge', params: Params, body: AssignmentReplaceIn, response: { 200: AssignmentOut } } }, async (req) => {
    const { id, roundId } = await mutate(req, async (trx, target) => {
      target('evaluation_assignment', req.params.id);
      const id = await service.replaceAssignment(trx, ctx(), req.params.id, req.body.judgeId);
      return { id, roundId: (await repo.getAssignment(trx, id))!.round_id };
    });
    return presentAssignment((await repo.roundAssignmentsDetailed(p.db, roundId)).find((a) => a.id === id)!);
  });

  app.delete('/api/evaluation/assignments/:id', { config: { policy: 'evaluation.assignments.remove' }, schema: { summary: '撤销一项评审 / remove a review', params: Params, response: { 204: NoContent } } }, async (req, reply) => {
    await mutate(req, async (trx, target) => {
      target('evaluation_assignment', req.params.id);
      await service.removeAssignment(trx, ctx(), req.params.id);
    });
    reply.code(204);
    return null;
  });

  app.get('/api/evaluation/rounds/:id/conflicts', { config: { policy: 'evaluation.conflicts.list' }, schema: { summary: '回避申报记录 / declared conflicts', params: Params, response: { 200: z.object({ items: z.array(ConflictOut) }) } } }, async (req) => {
    await service.visibleRound(p.db, req.params.id);
    return { items: (await repo.roundConflicts(p.db, req.params.id)).map(presentConflict) };
  });

  app.get('/api/evaluation/rounds/:id/progress', { config: { policy: 'evaluation.progress' }, schema: { summary: '评审进度 / progress per judge', params: Params, response: { 200: ProgressOut } } }, async (req) => service.progress(p.db, req.params.id));

  app.post(
    '/api/evaluation/rounds/:id/remind',
    { config: { policy: 'evaluation.remind' }, schema: { summary: '催办评委（站内提醒） / remind judges (in the app)', params: Params, body: RemindIn, response: { 200: z.object({ reminded: z.array(z.number().int()) }) } } },
    async (req) => {
      const reminded = await mutate(req, async (trx, target) => {
        target('evaluation_round', req.params.id);
        return service.remind(trx, ctx(), actorOf(req), req.params.id, req.body);
      });
      return { reminded };
    },
  );

  app.get('/api/evaluation/rounds/:id/results', { config: { policy: 'evaluation.results' }, schema: { summary: '评比汇总与排名 / aggregation and rankings', params: Params, querystring: ResultsQuery, response: { 200: ResultsOut } } }, async (req) => {
    const { round, ideas, result, disqualified } = await service.results(p.db, req.params.id, req.query.mode);
    const judges = await repo.judgesByIds(p.db, [...new Set([...(await repo.roundJudgeIds(p.db, round.id)), ...result.judges.map((j) => j.judgeId)])]);
    const sectors = await orgRepo.listSectors(p.db);
    return presentResults(round.id, ideas, new Map(judges.map((j) => [j.id, j.name])), new Map(sectors.map((s) => [s.id, s.name])), result, disqualified);
  });

  app.post('/api/evaluation/disqualifications', { config: { policy: 'evaluation.disqualify' }, schema: { summary: '取消评比资格 / disqualify an idea', body: DisqualifyIn, response: { 204: NoContent } } }, async (req, reply) => {
    await mutate(req, async (trx, target) => {
      target('idea', req.body.ideaId);
      const idea = await repo.receivedIdea(trx, req.body.ideaId);
      if (!idea || idea.status !== 'received') throw new AppError('NOT_FOUND');
      await repo.disqualify(trx, { idea_id: idea.id, reason: req.body.reason, decided_by: actorOf(req).userId, decided_at: ctx().now });
    });
    reply.code(204);
    return null;
  });

  // ---- the judge's side ----

  app.get('/api/evaluation/my', { config: { policy: 'evaluation.my.list' }, schema: { summary: '我的评审任务 / my reviews', response: { 200: MyListOut } } }, async (req) => {
    const actor = actorOf(req);
    const rows = await repo.judgeAssignments(p.db, actor.userId);
    const rounds = await repo.roundsByIds(p.db, [...new Set(rows.map((r) => r.round_id))]);
    prefetchAttachmentTexts(p.db, rows.filter((r) => rounds.find((x) => x.id === r.round_id)?.status === 'open').map((r) => r.idea_id));
    const maskers = new Map<number, (s: string) => string>();
    for (const r of rounds) if (r.blind === 1) maskers.set(r.id, (await service.maskerFor(p.db, r.campaign_id)).mask);
    const reminders = await repo.remindersOfJudge(p.db, actor.userId);
    return {
      rounds: rounds.map((r) => {
        const mine = rows.filter((x) => x.round_id === r.id);
        return presentMyRound(r, { assigned: mine.length, draft: mine.filter((x) => x.status === 'draft').length, submitted: mine.filter((x) => x.status === 'submitted').length });
      }),
      items: rows.map((a) => presentMyAssignment(a, maskers.get(a.round_id) ?? maskContacts)),
      reminders: reminders.map((m) => ({ id: m.id, roundId: m.round_id, message: m.message, createdAt: m.created_at })),
    };
  });

  async function figureOf(ideaId: number) {
    const f = await overallFigure(p.db, ideaId);
    return f ? { similarity: round4(f.similarity), level: f.level } : null;
  }

  async function myDetail(actor: Actor, id: number) {
    const { a, round } = await service.ownAssignment(p.db, actor, id);
    const idea = (await repo.ideaForReading(p.db, a.idea_id))!;
    const code = (await repo.roundIdeaCode(p.db, round.id, a.idea_id)) ?? '';
    const authors = JSON.parse(idea.authors_json) as string[];
    const blind = round.blind === 1;
    // Not blind: names stay, phones and e-mail never reach a judge.
    const mask = blind ? (await service.maskerFor(p.db, round.campaign_id, [...authors, idea.contact_name])).mask : maskContacts;
    const scores = (await repo.scoresOf(p.db, [a.id])).get(a.id) ?? {};
    const item = presentMyAssignment({ ...a, code, title: idea.title, topic: idea.topic }, mask);
    const { progress: _p, ...roundOut } = presentMyRound(round, { assigned: 0, draft: 0, submitted: 0 });
    return {
      ...item,
      round: roundOut,
      blind,
      body: mask(idea.body),
      charCount: idea.char_count,
      unitName: blind ? null : idea.unit_name,
      authors: blind ? null : authors,
      attachments: await blindAttachments(p.db, a.idea_id, mask),
      originality: await figureOf(a.idea_id),
      scores,
      comment: a.comment,
      canEdit: round.status === 'open',
    };
  }

  app.get('/api/evaluation/my/:id', { config: { policy: 'evaluation.my.read' }, schema: { summary: '评审金点子（匿名） / read an idea blind', params: Params, response: { 200: MyAssignmentDetailOut } } }, async (req) =>
    myDetail(actorOf(req), req.params.id),
  );

  app.get(
    '/api/evaluation/my/:id/image',
    { config: { policy: 'evaluation.my.image' }, schema: { summary: '评审金点子的图片附件（平台重新编码） / an image attachment (re-encoded copy)', params: Params, querystring: ImageQuery, response: { 200: FileDownload } } },
    async (req, reply) => {
      const { a } = await service.ownAssignment(p.db, actorOf(req), req.params.id);
      const file = await blindImage(p.db, a.idea_id, req.query.n);
      if (!file) throw new AppError('NOT_FOUND');
      return sendStoredFile(req, reply, file);
    },
  );

  for (const [verb, method, policy, summary, submit] of [
    ['sheet', 'PUT', 'evaluation.my.save', '暂存评分 / save scores as draft', false],
    ['submit', 'POST', 'evaluation.my.submit', '提交评分 / submit scores', true],
  ] as const) {
    app.route({
      method,
      url: `/api/evaluation/my/:id/${verb}`,
      config: { policy },
      schema: { summary, params: Params, body: SheetIn, response: { 200: MyAssignmentDetailOut } },
      handler: async (req) => {
        const actor = actorOf(req);
        const { id } = req.params as { id: number };
        await mutate(req, async (trx, target) => {
          target('evaluation_assignment', id);
          await service.saveSheet(trx, ctx(), actor, id, req.body as z.infer<typeof SheetIn>, submit);
        });
        return myDetail(actor, id);
      },
    });
  }

  app.post('/api/evaluation/my/:id/conflict', { config: { policy: 'evaluation.my.conflict' }, schema: { summary: '申报回避 / declare a conflict', params: Params, body: ConflictIn, response: { 200: ConflictResultOut } } }, async (req) => {
    const { replaced, message } = await mutate(req, async (trx, target) => {
      target('evaluation_assignment', req.params.id);
      return service.declareConflict(trx, ctx(), actorOf(req), req.params.id, req.body.reason);
    });
    return { replaced, message: message[req.locale] };
  });

  app.post(
    '/api/evaluation/my/reminders/:id/read',
    { config: { policy: 'evaluation.my.reminder-read' }, schema: { summary: '催办提醒标记为已读（知道了） / mark a reminder read', params: Params, response: { 204: NoContent } } },
    async (req, reply) => {
      await mutate(req, async (trx, target) => {
        target('evaluation_reminder', req.params.id);
        // Another judge's reminder answers like one that does not exist.
        if (!(await repo.markReminderRead(trx, actorOf(req).userId, req.params.id, ctx().now))) throw new AppError('NOT_FOUND');
      });
      reply.code(204);
      return null;
    },
  );
}
