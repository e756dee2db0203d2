// Decisions and awards (评比结果, issue 5 item 5). On a closed round: the proposed results (E1's
// assignAwards: tiers by count or share down the ranking, hand adjustments each with its reason;
// disqualified ideas left out and the ranks closed up), the 公示 with its end (default 5 working days,
// see notice-period.ts), objections (异议) filed by unit admins during it and answered by the bureau on
// the record, finalisation (only after the period has ended and every objection is answered), release
// to units (each unit its own ideas once final), the public flag and the 优秀，推荐发布 selection.
// Every change runs in the caller's transaction (mutate), so it and its audit record commit together;
// a refused change throws before anything is written.
import type { Kysely, Transaction } from 'kysely';
import type { DB, EvaluationAwardTable } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { hasRole, type Actor } from '../../../platform/policy/policy.ts';
import type { Locale } from '../../../shared/roles.ts';
import * as evalRepo from '../evaluation.repository.ts';
import * as evaluation from '../evaluation.service.ts';
import { AWARD_LABELS, assignAwards, type AwardAdjustment, type AwardTier, type Ranked, type ScoreMode, type TierSpec } from '../rules/index.ts';
import * as repo from './awards.repository.ts';
import { beijingMinute, noticeEnd } from './notice-period.ts';

type Trx = Transaction<DB>;
type Db = Kysely<DB> | Trx;
type Ctx = evaluation.Ctx;

export type AwardsStatus = 'proposed' | 'announced' | 'final';
export const DEFAULT_ISSUER = '教育局';

const STEP: Record<string, Record<Locale, string>> = {
  read: { 'zh-CN': '查看评比结果', 'en-US': 'read the results' },
  propose: { 'zh-CN': '拟定评比结果', 'en-US': 'propose the results' },
  adjust: { 'zh-CN': '调整奖项', 'en-US': 'adjust an award' },
  announce: { 'zh-CN': '公示评比结果', 'en-US': 'announce the results' },
  object: { 'zh-CN': '提出异议', 'en-US': 'file an objection' },
  answer: { 'zh-CN': '答复异议', 'en-US': 'answer the objection' },
  finalize: { 'zh-CN': '确定最终结果', 'en-US': 'finalise the results' },
  publish: { 'zh-CN': '设置结果公开', 'en-US': 'make the results public' },
  excellent: { 'zh-CN': '推荐发布', 'en-US': 'select for publication' },
  print: { 'zh-CN': '打印奖状', 'en-US': 'print certificates' },
  export: { 'zh-CN': '导出评比结果', 'en-US': 'export the results' },
};

function refused(step: keyof typeof STEP, zh: string, en: string): AppError {
  return new AppError('AWARDS_STATE', (l) => ({ action: STEP[step][l], detail: l === 'zh-CN' ? zh : en }));
}

const STATUS_TEXT: Record<AwardsStatus, [string, string]> = {
  proposed: ['评比结果尚在拟定中，未公示', 'the results are proposed, not yet announced'],
  announced: ['评比结果正在公示', 'the results are in their public-notice period'],
  final: ['评比结果已确定', 'the results are final'],
};

function inState(step: keyof typeof STEP, status: string): AppError {
  const [zh, en] = STATUS_TEXT[status as AwardsStatus] ?? ['尚未拟定评比结果', 'no results have been proposed'];
  return refused(step, `${zh}。`, `${en}.`);
}

export const tierLabel = (t: string | null | undefined) => (t ? (AWARD_LABELS[t as AwardTier] ?? t) : '');

/** The award state of a round the bureau may see; none yet → 409 with what to do. */
export async function awardRound(db: Db, roundId: number, step: keyof typeof STEP) {
  await evaluation.visibleRound(db, roundId);
  const ar = await repo.getAwardRound(db, roundId);
  if (!ar) throw refused(step, '尚未拟定评比结果，请先拟定。', 'no results have been proposed yet.');
  return ar;
}

// ---- proposing ----

export interface ProposeInput {
  mode: ScoreMode;
  spec: TierSpec;
  adjustments?: AwardAdjustment[];
  issuer?: string;
}

/**
 * The proposed results of a closed round: ranked in the chosen mode (raw or normalised), disqualified
 * ideas left out (the ranks below close up), tiers by E1's assignAwards. May be run again (new
 * settings replace the old) until the results are announced.
 */
export async function propose(trx: Trx, ctx: Ctx, actor: Actor, roundId: number, input: ProposeInput) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const round = await evaluation.visibleRound(trx, roundId);
  if (round.status !== 'closed') throw refused('propose', '评比轮次尚未结束：请先结束评比（评分锁定），再拟定结果。', 'close the round (scores frozen) first.');
  const existing = await repo.getAwardRound(trx, roundId);
  if (existing && existing.status !== 'proposed') throw inState('propose', existing.status);
  // Both modes are kept on the record (the list shows raw and normalised scores); the mode ranks.
  const rawResult = (await evaluation.results(trx, roundId, 'raw')).result;
  const normResult = (await evaluation.results(trx, roundId, 'normalized')).result;
  const result = input.mode === 'raw' ? rawResult : normResult;
  const out = new Set((await evalRepo.disqualificationsOf(trx, result.overall.map((r) => r.ideaId))).keys());
  const ranking: Ranked[] = result.overall.filter((r) => !out.has(r.ideaId)).map((r, i) => ({ ...r, rank: i + 1 }));
  if (!ranking.length) throw refused('propose', '本轮没有可排名的金点子（没有已提交的评分，或均已取消资格）。', 'no idea of the round can be ranked.');
  const decided = assignAwards(ranking, input.spec, input.adjustments ?? []);
  if (!decided.ok) {
    const errors = decided.errors;
    throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? errors.map((e) => e.message).join('') : errors.map((e) => `${e.field}: ${e.message}`).join('; ') }), { errors });
  }
  const scores = new Map(normResult.ideas.map((s) => [s.ideaId, s]));
  const rawScores = new Map(rawResult.ideas.map((s) => [s.ideaId, s]));
  const rows: EvaluationAwardTable[] = decided.decisions.map((d) => {
    const s = scores.get(d.ideaId)!;
    const raw = rawScores.get(d.ideaId)!;
    return {
      round_id: roundId,
      idea_id: d.ideaId,
      rank: d.rank,
      computed_tier: d.computed,
      tier: d.final,
      reason: d.reason,
      adjusted_by: d.reason ? actor.userId : null,
      adjusted_at: d.reason ? ctx.now : null,
      raw_score: raw.rawMean,
      normalized_score: s.score,
      sheets: raw.sheets,
      // Spread and flag as the ranking mode computes them (normalised values differ from raw ones).
      spread: (input.mode === 'raw' ? raw : s).spread,
      flagged: (input.mode === 'raw' ? raw : s).flagged ? 1 : 0,
      excellent: 0,
    };
  });
  await repo.replaceAwards(trx, roundId, rows);
  await repo.upsertAwardRound(trx, {
    round_id: roundId,
    status: 'proposed',
    mode: input.mode,
    spec_json: JSON.stringify(input.spec),
    issuer: input.issuer?.trim() || existing?.issuer || DEFAULT_ISSUER,
    proposed_by: actor.userId,
    proposed_at: ctx.now,
    announced_by: null,
    announced_at: null,
    notice_ends_at: null,
    finalized_by: null,
    finalized_at: null,
    public: 0,
    updated_at: ctx.now,
  });
  return { ranked: rows.length, excluded: [...out] };
}

/** A tier changed by hand, with its reason (before the results are final; e.g. after an upheld objection). */
export async function adjust(trx: Trx, ctx: Ctx, actor: Actor, roundId: number, input: { ideaId: number; tier: AwardTier | null; reason: string }) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const ar = await awardRound(trx, roundId, 'adjust');
  if (ar.status === 'final') throw inState('adjust', ar.status);
  const a = await repo.getAward(trx, roundId, input.ideaId);
  if (!a) throw refused('adjust', '该金点子不在本轮的排名中（未评分或已取消资格）。', 'the idea is not ranked in this round.');
  await repo.updateAward(trx, roundId, input.ideaId, { tier: input.tier, reason: input.reason.trim(), adjusted_by: actor.userId, adjusted_at: ctx.now });
  await repo.updateAwardRound(trx, roundId, { updated_at: ctx.now });
}

// ---- the 公示 ----

/** Announces the proposed results; the notice ends at `endsAt` or after 5 working days (Mon–Fri, Beijing). */
export async function announce(trx: Trx, ctx: Ctx, actor: Actor, roundId: number, input: { endsAt?: string | null }) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const ar = await awardRound(trx, roundId, 'announce');
  if (ar.status !== 'proposed') throw inState('announce', ar.status);
  const ends = input.endsAt ? new Date(input.endsAt).toISOString() : noticeEnd(ctx.now);
  if (Date.parse(ends) <= Date.parse(ctx.now)) {
    throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? `公示截止时间（${beijingMinute(ends)}）须晚于现在。` : 'the end of the public notice must be in the future.' }));
  }
  await repo.updateAwardRound(trx, roundId, { status: 'announced', announced_by: actor.userId, announced_at: ctx.now, notice_ends_at: ends, updated_at: ctx.now });
  return ends;
}

/** A unit admin files an objection about an idea of the round (their own unit's or another's) during the 公示. */
export async function fileObjection(trx: Trx, ctx: Ctx, actor: Actor, roundId: number, input: { ideaId: number; reason: string }): Promise<number> {
  if (actor.unitId == null || !hasRole(actor, 'unit_admin')) throw new AppError('FORBIDDEN');
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const ar = await repo.getAwardRound(trx, roundId);
  // Rounds not under notice are not the unit's to see: they answer like a missing one.
  if (!ar || ar.status === 'proposed') throw new AppError('NOT_FOUND');
  if (ar.status === 'final') throw inState('object', ar.status);
  if (Date.parse(ctx.now) > Date.parse(ar.notice_ends_at!)) throw refused('object', `公示已于 ${beijingMinute(ar.notice_ends_at!)}（北京时间）结束。`, 'the public notice has ended.');
  if (!(await repo.getAward(trx, roundId, input.ideaId))) throw refused('object', '该金点子不在本次公示的名单中。', 'the idea is not in the announced results.');
  return repo.insertObjection(trx, { round_id: roundId, idea_id: input.ideaId, unit_id: actor.unitId, filed_by: actor.userId, filed_at: ctx.now, reason: input.reason.trim(), status: 'open', reply: null, answered_by: null, answered_at: null });
}

/** The bureau's answer on the record: upheld (then the tier is adjusted by hand, with its reason) or rejected. */
export async function answerObjection(trx: Trx, ctx: Ctx, actor: Actor, id: number, input: { outcome: 'upheld' | 'rejected'; reply: string }): Promise<number> {
  const o = await repo.getObjection(trx, id);
  if (!o) throw new AppError('NOT_FOUND');
  await evalRepo.lockRound(trx, ctx.dialect, o.round_id);
  const fresh = (await repo.getObjection(trx, id))!;
  if (fresh.status !== 'open') throw refused('answer', '该异议已答复。', 'the objection has been answered already.');
  const ar = await awardRound(trx, o.round_id, 'answer');
  if (ar.status === 'final') throw inState('answer', ar.status);
  await repo.answerObjection(trx, id, { status: input.outcome, reply: input.reply.trim(), answered_by: actor.userId, answered_at: ctx.now });
  return o.round_id;
}

/** Final only after the 公示 has ended and every objection is answered. */
export async function finalize(trx: Trx, ctx: Ctx, actor: Actor, roundId: number) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const ar = await awardRound(trx, roundId, 'finalize');
  if (ar.status !== 'announced') throw inState('finalize', ar.status);
  if (Date.parse(ctx.now) <= Date.parse(ar.notice_ends_at!)) throw refused('finalize', `公示期至 ${beijingMinute(ar.notice_ends_at!)}（北京时间）结束，期满后才能确定。`, 'the public notice has not ended yet.');
  const open = await repo.openObjectionCount(trx, roundId);
  if (open) throw refused('finalize', `还有 ${open} 条异议未答复。`, `${open} objection(s) are not answered yet.`);
  await repo.updateAwardRound(trx, roundId, { status: 'final', finalized_by: actor.userId, finalized_at: ctx.now, updated_at: ctx.now });
}

export async function setPublic(trx: Trx, ctx: Ctx, roundId: number, isPublic: boolean) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  const ar = await awardRound(trx, roundId, 'publish');
  if (ar.status !== 'final') throw inState('publish', ar.status);
  await repo.updateAwardRound(trx, roundId, { public: isPublic ? 1 : 0, updated_at: ctx.now });
}

/** 优秀，推荐发布: a ranked idea selected for the public showcase (or taken off it). */
export async function setExcellent(trx: Trx, ctx: Ctx, roundId: number, ideaId: number, excellent: boolean) {
  await evalRepo.lockRound(trx, ctx.dialect, roundId);
  await awardRound(trx, roundId, 'excellent');
  if (!(await repo.getAward(trx, roundId, ideaId))) throw refused('excellent', '该金点子不在本轮的排名中（未评分或已取消资格）。', 'the idea is not ranked in this round.');
  await repo.updateAward(trx, roundId, ideaId, { excellent: excellent ? 1 : 0 });
  await repo.updateAwardRound(trx, roundId, { updated_at: ctx.now });
}

// ---- reading ----

/** What a unit sees of the final results: its own ideas (a member: the ideas they wrote). */
export async function unitResults(db: Db, actor: Actor) {
  const filter = actor.unitId != null && hasRole(actor, 'unit_admin') ? { unitId: actor.unitId } : { createdBy: actor.userId };
  const out = [];
  for (const r of await repo.finalRounds(db)) {
    const total = await repo.awardCount(db, r.id);
    for (const a of await repo.awardsDetailed(db, r.id, filter)) out.push({ round: r, award: a, total });
  }
  return out;
}

export async function forPrinting(db: Db, roundId: number, step: 'print' | 'export') {
  const round = await evaluation.visibleRound(db, roundId);
  const ar = await awardRound(db, roundId, step);
  if (step === 'print' && ar.status !== 'final') throw refused('print', '评比结果确定后才能打印奖状。', 'certificates are printed once the results are final.');
  return { round, ar, campaignTitle: await repo.campaignTitle(db, round.campaign_id) };
}
