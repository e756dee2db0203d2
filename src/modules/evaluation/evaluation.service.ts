// Use cases of evaluation (评比, issue 5): judge accounts and profiles, rounds, the assignment (E1's
// pure rules in ./rules decide; this file loads rows, calls them and saves what they return), the
// judges' blind reading and score sheets, conflicts, progress and reminders, aggregation.
// Every change runs inside the caller's transaction (mutate) so that it and its audit record commit
// together; a refused change throws before anything is written, so the transaction rolls back.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../../platform/policy/policy.ts';
import type { Locale } from '../../shared/roles.ts';
import * as campaigns from '../campaigns/campaigns.repository.ts';
import * as org from '../org/org.service.ts';
import * as repo from './evaluation.repository.ts';
import { buildMasker, type Masker } from './masking.ts';
import { aggregateRound, assignReviews, DEFAULT_RUBRIC, reassignReview, ruleAllows, validateRubric, validateScores, weightedTotal } from './rules/index.ts';
import type { AssignIdea, AssignJudge, AssignResult, Criterion, FieldError, RankedIdeaInfo, Rubric, ScoreMode, ScoreSheet } from './rules/index.ts';

type Trx = Transaction<DB>;
type Db = Kysely<DB> | Trx;

export interface Ctx {
  dialect: Dialect;
  now: string;
}

export type RoundStatus = 'draft' | 'open' | 'closed';
export type SheetStatus = 'assigned' | 'draft' | 'submitted';

// ---- errors ----

const ROUND_STATE_TEXT: Record<RoundStatus, Record<Locale, string>> = {
  draft: { 'zh-CN': '尚未开放评分', 'en-US': 'is not open for scoring yet' },
  open: { 'zh-CN': '已开放评分', 'en-US': 'is open for scoring' },
  closed: { 'zh-CN': '已结束，评分已锁定', 'en-US': 'is closed and its scores are frozen' },
};

export const ROUND_ACTIONS = {
  assign: { 'zh-CN': '重新分配评委', 'en-US': 'run the assignment again' },
  edit: { 'zh-CN': '修改评比设置', 'en-US': 'change its settings' },
  open: { 'zh-CN': '开放评分', 'en-US': 'open it' },
  close: { 'zh-CN': '结束评比', 'en-US': 'close it' },
  adjust: { 'zh-CN': '调整评委分配', 'en-US': 'change the assignment' },
  score: { 'zh-CN': '修改评分', 'en-US': 'change scores' },
  conflict: { 'zh-CN': '申报回避', 'en-US': 'declare a conflict' },
  remind: { 'zh-CN': '催办评委', 'en-US': 'remind judges' },
} as const satisfies Record<string, Record<Locale, string>>;

function roundState(status: string, action: keyof typeof ROUND_ACTIONS): AppError {
  const s = ROUND_STATE_TEXT[status as RoundStatus] ?? ROUND_STATE_TEXT.closed;
  return new AppError('ROUND_STATE', (l) => ({ state: s[l], action: ROUND_ACTIONS[action][l] }));
}

function refused(zh: string, en: string): AppError {
  return new AppError('ASSIGNMENT_REFUSED', (l) => ({ detail: l === 'zh-CN' ? zh : en }));
}

/** E1's messages are whole zh-CN sentences naming the criterion: joined as they are. */
function fieldErrorsText(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join('');
}

// ---- judges ----

export interface JudgeProfileInput {
  sectorId?: number | null;
  expertise?: string[];
  capacity?: number | null;
}

export interface CreateJudgeInput extends JudgeProfileInput {
  username: string;
  name: string;
  mobile?: string | null;
  email?: string | null;
  unitId?: number | null;
}

async function checkSector(db: Db, sectorId: number | null | undefined) {
  if (sectorId != null && !(await repo.sectorExists(db, sectorId))) throw new AppError('NOT_FOUND');
}

const cleanTopics = (topics: readonly string[]) => [...new Set(topics.map((t) => t.trim()).filter(Boolean))];

/** A judge account (role 'judge', through the accounts code of org) and its profile. */
export async function createJudge(p: Platform, trx: Trx, ctx: Ctx, actor: Actor, input: CreateJudgeInput, initial: { hash: string; expiresAt: string }): Promise<number> {
  await checkSector(trx, input.sectorId);
  const id = await org.createUser(p, trx, actor, { username: input.username, name: input.name, mobile: input.mobile, email: input.email, unitId: input.unitId ?? null, roles: [{ role: 'judge' }] }, initial);
  await repo.upsertJudgeProfile(trx, { user_id: id, sector_id: input.sectorId ?? null, expertise_json: JSON.stringify(cleanTopics(input.expertise ?? [])), capacity: input.capacity ?? null }, ctx.now);
  return id;
}

export async function visibleJudge(db: Db, id: number) {
  const j = await repo.getJudge(db, id);
  if (!j) throw new AppError('NOT_FOUND');
  return j;
}

export async function updateJudgeProfile(trx: Trx, ctx: Ctx, id: number, input: JudgeProfileInput) {
  const j = await visibleJudge(trx, id);
  await checkSector(trx, input.sectorId);
  await repo.upsertJudgeProfile(
    trx,
    {
      user_id: id,
      sector_id: input.sectorId !== undefined ? input.sectorId : j.own_sector_id,
      expertise_json: input.expertise !== undefined ? JSON.stringify(cleanTopics(input.expertise)) : (j.expertise_json ?? '[]'),
      capacity: input.capacity !== undefined ? input.capacity : (j.capacity ?? null),
    },
    ctx.now,
  );
}

export function expertiseOf(j: { expertise_json: string | null }): string[] {
  return j.expertise_json ? (JSON.parse(j.expertise_json) as string[]) : [];
}

function toAssignJudge(j: repo.JudgeRow): AssignJudge {
  return { id: j.id, name: j.name, unitId: j.unit_id, sectorId: j.sector_id ?? null, expertise: expertiseOf(j), ...(j.capacity != null ? { capacity: j.capacity } : {}) };
}

// ---- rounds ----

export interface RoundInput {
  campaignId?: number;
  title: string;
  topics: string[];
  sectorIds: number[];
  rubric?: Criterion[];
  reviewsPerIdea: number;
  deadline?: string | null;
  blind: boolean;
  excludeSameSector: boolean;
  flagSpread?: number;
  judgeIds: number[];
}

export function rubricOf(round: { rubric_json: string }): Rubric {
  return { criteria: JSON.parse(round.rubric_json) as Criterion[] };
}

export async function visibleRound(db: Db, id: number) {
  const r = await repo.getRound(db, id);
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

function checkRubric(criteria: Criterion[]) {
  const rubric = { criteria: criteria.map((c) => ({ ...c, step: c.step ?? 0.5 })) };
  const errors = validateRubric(rubric);
  if (errors.length) throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? `评分标准有误：${fieldErrorsText(errors)}` : `the rubric is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}` }), { errors });
  return rubric;
}

async function checkJudges(db: Db, judgeIds: number[]) {
  const ids = [...new Set(judgeIds)];
  const found = await repo.judgesByIds(db, ids);
  if (found.length !== ids.length) throw new AppError('NOT_FOUND');
  const inactive = found.filter((j) => j.active !== 1);
  if (inactive.length) throw refused(`评委账号已停用：${inactive.map((j) => j.name).join('、')}`, `judge accounts are deactivated: ${inactive.map((j) => j.id).join(', ')}`);
  return ids;
}

export async function createRound(trx: Trx, ctx: Ctx, actor: Actor, input: RoundInput): Promise<number> {
  const campaignId = input.campaignId ?? (await campaigns.latestCampaignId(trx));
  if (campaignId == null) throw new AppError('NO_CAMPAIGN');
  if (!(await repo.campaignExists(trx, campaignId))) throw new AppError('NOT_FOUND');
  const rubric = checkRubric(input.rubric ?? [...DEFAULT_RUBRIC.criteria]);
  for (const s of input.sectorIds) await checkSector(trx, s);
  const judgeIds = await checkJudges(trx, input.judgeIds);
  const id = await repo.insertRound(trx, {
    campaign_id: campaignId,
    title: input.title,
    status: 'draft',
    topics_json: JSON.stringify(cleanTopics(input.topics)),
    sector_ids_json: JSON.stringify([...new Set(input.sectorIds)]),
    rubric_json: JSON.stringify(rubric.criteria),
    reviews_per_idea: input.reviewsPerIdea,
    deadline: input.deadline ?? null,
    blind: input.blind ? 1 : 0,
    exclude_same_sector: input.excludeSameSector ? 1 : 0,
    flag_spread: input.flagSpread ?? 20,
    created_by: actor.userId,
    created_at: ctx.now,
    updated_at: ctx.now,
    assigned_at: null,
    opened_at: null,
    closed_at: null,
  });
  await repo.setRoundJudges(trx, id, judgeIds);
  return id;
}

/** Settings: everything while draft (a change that decides the assignment drops it); see below once open. */
export async function updateRound(trx: Trx, ctx: Ctx, id: number, input: Partial<RoundInput>) {
  await repo.lockRound(trx, ctx.dialect, id);
  const r = await visibleRound(trx, id);
  const { title, deadline, flagSpread, campaignId: _c, ...rest } = input;
  // What decides the assignment changes only while draft; title and deadline until closed; the
  // flagging threshold (a reading of the results) at any time.
  const structural = Object.values(rest).some((v) => v !== undefined);
  if ((r.status === 'open' && structural) || (r.status === 'closed' && (structural || title !== undefined || deadline !== undefined))) throw roundState(r.status, 'edit');
  const set: Parameters<typeof repo.updateRound>[2] = { updated_at: ctx.now };
  if (title !== undefined) set.title = title;
  if (deadline !== undefined) set.deadline = deadline;
  if (flagSpread !== undefined) set.flag_spread = flagSpread;
  if (rest.topics !== undefined) set.topics_json = JSON.stringify(cleanTopics(rest.topics));
  if (rest.sectorIds !== undefined) {
    for (const s of rest.sectorIds) await checkSector(trx, s);
    set.sector_ids_json = JSON.stringify([...new Set(rest.sectorIds)]);
  }
  if (rest.rubric !== undefined) set.rubric_json = JSON.stringify(checkRubric(rest.rubric).criteria);
  if (rest.reviewsPerIdea !== undefined) set.reviews_per_idea = rest.reviewsPerIdea;
  if (rest.blind !== undefined) set.blind = rest.blind ? 1 : 0;
  if (rest.excludeSameSector !== undefined) set.exclude_same_sector = rest.excludeSameSector ? 1 : 0;
  if (rest.judgeIds !== undefined) await repo.setRoundJudges(trx, id, await checkJudges(trx, rest.judgeIds));
  if (structural && r.assigned_at) {
    // The assignment was made for the old settings: it is dropped, to be run again.
    await repo.deleteRoundAssignments(trx, id);
    await repo.replaceRoundIdeas(trx, id, []);
    set.assigned_at = null;
  }
  await repo.updateRound(trx, id, set);
}

async function ruleInput(db: Db, round: repo.RoundRow, ideas: { id: number; title: string; unit_id: number; sector_id: number; topic: string }[]) {
  const judges = (await repo.judgesByIds(db, await repo.roundJudgeIds(db, round.id))).filter((j) => j.active === 1).map(toAssignJudge);
  const assignIdeas: AssignIdea[] = ideas.map((i) => ({ id: i.id, title: i.title, unitId: i.unit_id, sectorId: i.sector_id, topic: i.topic || null }));
  const declared = (await repo.conflictPairs(db, round.id)).map((c) => ({ ideaId: c.idea_id, judgeId: c.judge_id }));
  return { judges, assignIdeas, declared };
}

/** Anonymous codes (评审编号) in an order that tells nothing about units or submission order. */
function anonymousCodes(roundId: number, ideaIds: number[]): Map<number, string> {
  const order = [...ideaIds].sort((a, b) => {
    const ha = createHash('sha256').update(`${roundId}:${a}`).digest('hex');
    const hb = createHash('sha256').update(`${roundId}:${b}`).digest('hex');
    return ha < hb ? -1 : ha > hb ? 1 : a - b;
  });
  return new Map(order.map((id, k) => [id, `P${String(k + 1).padStart(4, '0')}`]));
}

export type AssignSummary = Extract<AssignResult, { ok: true }> & { ideas: number; judges: number };

/**
 * Runs the automatic assignment of a draft round: the ideas that enter now (received, not
 * disqualified, in the filters) and the round's active judges. Infeasible → 422 with E1's zh-CN
 * explanation and nothing saved; otherwise the round's ideas and pairs are replaced.
 */
export async function runAssignment(trx: Trx, ctx: Ctx, id: number): Promise<AssignSummary> {
  await repo.lockRound(trx, ctx.dialect, id);
  const round = await visibleRound(trx, id);
  if (round.status !== 'draft') throw roundState(round.status, 'assign');
  const ideas = await repo.eligibleIdeas(trx, round.campaign_id, { topics: JSON.parse(round.topics_json), sectorIds: JSON.parse(round.sector_ids_json) });
  if (!ideas.length) throw new AppError('ASSIGNMENT_INFEASIBLE', (l) => ({ detail: l === 'zh-CN' ? '没有符合条件的金点子（须已被局办公室签收、未被取消资格，并符合选题和板块筛选）。' : 'No golden idea qualifies (received by the bureau, not disqualified, within the topic and sector filters).' }));
  const { judges, assignIdeas, declared } = await ruleInput(trx, round, ideas);
  const result = assignReviews({ ideas: assignIdeas, judges, reviewsPerIdea: round.reviews_per_idea, excludeSameSector: round.exclude_same_sector === 1, declaredConflicts: declared, seed: round.id });
  if (!result.ok) throw new AppError('ASSIGNMENT_INFEASIBLE', (l) => ({ detail: l === 'zh-CN' ? result.message : result.messageEn }), { problems: result.problems });
  const codes = anonymousCodes(round.id, ideas.map((i) => i.id));
  await repo.deleteRoundAssignments(trx, id);
  await repo.replaceRoundIdeas(trx, id, ideas.map((i) => ({ idea_id: i.id, code: codes.get(i.id)! })));
  await repo.insertAssignments(
    trx,
    result.assignments.map((a) => ({ round_id: id, idea_id: a.ideaId, judge_id: a.judgeId, source: 'auto', status: 'assigned', comment: null, total: null, created_at: ctx.now, saved_at: null, submitted_at: null })),
  );
  await repo.updateRound(trx, id, { assigned_at: ctx.now, updated_at: ctx.now });
  return { ...result, ideas: ideas.length, judges: judges.length };
}

export async function openRound(trx: Trx, ctx: Ctx, id: number) {
  await repo.lockRound(trx, ctx.dialect, id);
  const round = await visibleRound(trx, id);
  if (round.status !== 'draft') throw roundState(round.status, 'open');
  if (!round.assigned_at) throw refused('请先分配评委，再开放评分。', 'Run the assignment before opening the round.');
  await repo.updateRound(trx, id, { status: 'open', opened_at: ctx.now, updated_at: ctx.now });
}

/** Closing freezes every score sheet of the round (no judge can change a score afterwards). */
export async function closeRound(trx: Trx, ctx: Ctx, id: number) {
  await repo.lockRound(trx, ctx.dialect, id);
  const round = await visibleRound(trx, id);
  if (round.status !== 'open') throw roundState(round.status, 'close');
  await repo.updateRound(trx, id, { status: 'closed', closed_at: ctx.now, updated_at: ctx.now });
}

// ---- adjusting the assignment by hand ----

async function roundForAdjusting(trx: Trx, ctx: Ctx, roundId: number) {
  await repo.lockRound(trx, ctx.dialect, roundId);
  const round = await visibleRound(trx, roundId);
  if (round.status === 'closed') throw roundState(round.status, 'adjust');
  if (!round.assigned_at) throw refused('请先分配评委，再调整。', 'Run the assignment before adjusting it.');
  return round;
}

/** Refuses a pair that breaks a rule: not in the round, same unit, same sector (if on), declared, already there. */
async function checkPair(trx: Trx, round: repo.RoundRow, ideaId: number, judgeId: number) {
  const idea = (await repo.roundIdeas(trx, round.id)).find((i) => i.id === ideaId);
  if (!idea) throw refused('该金点子不在本轮评比中。', 'This golden idea is not in the round.');
  if (!(await repo.roundJudgeIds(trx, round.id)).includes(judgeId)) throw refused('该评委不是本轮评委，请先在评比设置中加入。', 'This judge is not a judge of the round.');
  const judge = (await repo.judgesByIds(trx, [judgeId]))[0];
  if (!judge || judge.active !== 1) throw refused('该评委账号已停用。', 'This judge account is deactivated.');
  const aj = toAssignJudge(judge);
  if (aj.unitId !== null && aj.unitId === idea.unit_id) throw refused(`评委 ${judge.name} 与《${idea.title}》属同一单位，须回避。`, 'The judge belongs to the idea’s unit.');
  if (!ruleAllows(aj, { unitId: idea.unit_id, sectorId: idea.sector_id }, round.exclude_same_sector === 1)) throw refused(`本轮要求同板块回避：评委 ${judge.name} 与《${idea.title}》属同一板块。`, 'The round excludes judges of the idea’s sector.');
  if ((await repo.conflictPairs(trx, round.id)).some((c) => c.idea_id === ideaId && c.judge_id === judgeId)) throw refused(`评委 ${judge.name} 已对《${idea.title}》申报回避。`, 'The judge declared a conflict on this idea.');
  if ((await repo.roundAssignments(trx, round.id)).some((a) => a.idea_id === ideaId && a.judge_id === judgeId)) throw refused(`评委 ${judge.name} 已在评审《${idea.title}》。`, 'The judge already reviews this idea.');
  return idea;
}

export async function addAssignment(trx: Trx, ctx: Ctx, roundId: number, ideaId: number, judgeId: number): Promise<number> {
  const round = await roundForAdjusting(trx, ctx, roundId);
  await checkPair(trx, round, ideaId, judgeId);
  return repo.insertAssignment(trx, { round_id: roundId, idea_id: ideaId, judge_id: judgeId, source: 'manual', status: 'assigned', comment: null, total: null, created_at: ctx.now, saved_at: null, submitted_at: null });
}

async function unstartedAssignment(trx: Trx, ctx: Ctx, id: number) {
  const first = await repo.getAssignment(trx, id);
  if (!first) throw new AppError('NOT_FOUND');
  const round = await roundForAdjusting(trx, ctx, first.round_id);
  // Read again under the round's lock: the judge may have started scoring meanwhile.
  const a = await repo.getAssignment(trx, id);
  if (!a) throw new AppError('NOT_FOUND');
  if (a.status !== 'assigned') throw refused('该评委已开始评分（已有暂存或提交的评分），不能改派或撤销。', 'The judge has started scoring; the review cannot be moved or removed.');
  return { a, round };
}

/** Gives an unstarted review to another judge; returns the new assignment's id. */
export async function replaceAssignment(trx: Trx, ctx: Ctx, id: number, judgeId: number): Promise<number> {
  const { a, round } = await unstartedAssignment(trx, ctx, id);
  await checkPair(trx, round, a.idea_id, judgeId);
  await repo.deleteAssignment(trx, id);
  return repo.insertAssignment(trx, { round_id: a.round_id, idea_id: a.idea_id, judge_id: judgeId, source: 'manual', status: 'assigned', comment: null, total: null, created_at: ctx.now, saved_at: null, submitted_at: null });
}

export async function removeAssignment(trx: Trx, ctx: Ctx, id: number) {
  const { a } = await unstartedAssignment(trx, ctx, id);
  await repo.deleteAssignment(trx, a.id);
  return a.round_id;
}

// ---- the judge's side ----

/** The actor's own assignment in an open or closed round; anyone else's answers like a missing one. */
export async function ownAssignment(db: Db, actor: Actor, id: number) {
  const a = await repo.getAssignment(db, id);
  if (!a || a.judge_id !== actor.userId) throw new AppError('NOT_FOUND');
  const round = await visibleRound(db, a.round_id);
  if (round.status === 'draft') throw new AppError('NOT_FOUND');
  return { a, round };
}

/** The masker of a campaign: the organisation's unit names and every person name it knows. */
export async function maskerFor(db: Db, campaignId: number, extraPeople: readonly string[] = []): Promise<Masker> {
  const [unitNames, people] = await Promise.all([repo.allUnitNames(db), repo.allPersonNames(db, campaignId)]);
  return buildMasker({ unitNames, personNames: [...people, ...extraPeople] });
}

export interface SheetInput {
  scores: Record<string, number>;
  comment?: string | null;
}

/**
 * Saves the judge's sheet: a draft may be partial; a submission (or any change to a submitted sheet)
 * must be complete. Range checks by E1's validateScores; any error → 400 with a zh-CN message and
 * nothing changed. Only while the round is open (closing freezes the sheets).
 */
export async function saveSheet(trx: Trx, ctx: Ctx, actor: Actor, id: number, input: SheetInput, submit: boolean) {
  const { round } = await ownAssignment(trx, actor, id);
  await repo.lockRound(trx, ctx.dialect, round.id);
  // Read again under the round's lock: a parallel save, submission or declaration may have changed it.
  const { a } = await ownAssignment(trx, actor, id);
  const fresh = await visibleRound(trx, round.id);
  if (fresh.status !== 'open') throw roundState(fresh.status, 'score');
  const rubric = rubricOf(fresh);
  const complete = submit || a.status === 'submitted';
  const errors = validateScores(rubric, input.scores, { partial: !complete });
  if (errors.length) {
    throw new AppError('SCORES_INVALID', (l) => ({ detail: l === 'zh-CN' ? fieldErrorsText(errors) : errors.map((e) => `${e.field || 'rubric'}: ${e.message}`).join('; ') }), { errors });
  }
  const status: SheetStatus = complete ? 'submitted' : 'draft';
  await repo.replaceScores(trx, a.id, input.scores);
  await repo.updateSheet(trx, a.id, {
    status,
    comment: input.comment !== undefined ? input.comment || null : a.comment,
    total: complete ? weightedTotal(rubric, input.scores) : null,
    saved_at: ctx.now,
    submitted_at: complete ? ctx.now : null,
    revision: a.revision + (a.status === 'submitted' ? 1 : 0),
  });
}

/** The judge's answer to a declaration (回避), in both languages; the route picks the request's. */
export const CONFLICT_ANSWER = {
  replaced: { 'zh-CN': '已登记回避，该金点子已改由其他评委评审。', 'en-US': 'Your conflict is recorded; another judge now reviews this golden idea.' },
  short: { 'zh-CN': '已登记回避。暂未找到可替代的评委，局办公室将另行安排。', 'en-US': 'Your conflict is recorded. No other judge could take this golden idea yet; the bureau office will arrange it.' },
} as const satisfies Record<string, Record<Locale, string>>;

/**
 * A judge declares a conflict on an assigned idea (回避): the declaration is recorded, the pair and
 * its sheet removed, and E1's reassignReview finds the replacement (the fewest changes that keep the
 * balance, never moving sheets already started). When no judge can take it, the idea stays short of
 * a review and the outcome says so (the bureau sees it in the progress view and assigns by hand).
 */
export async function declareConflict(trx: Trx, ctx: Ctx, actor: Actor, id: number, reason: string): Promise<{ replaced: boolean; message: Record<Locale, string> }> {
  const { round } = await ownAssignment(trx, actor, id);
  await repo.lockRound(trx, ctx.dialect, round.id);
  const { a } = await ownAssignment(trx, actor, id);
  const fresh = await visibleRound(trx, round.id);
  if (fresh.status !== 'open') throw roundState(fresh.status, 'conflict');
  const ideas = await repo.roundIdeas(trx, round.id);
  const { judges, assignIdeas, declared } = await ruleInput(trx, fresh, ideas);
  const current = (await repo.roundAssignments(trx, round.id)).map((x) => ({ ideaId: x.idea_id, judgeId: x.judge_id, locked: x.status !== 'assigned' && x.id !== a.id }));
  const declaredAll = [...declared, { ideaId: a.idea_id, judgeId: a.judge_id }];
  // The declaring judge may have left the round's judge list since: keep them in for the computation.
  const judgeList = judges.some((j) => j.id === a.judge_id) ? judges : [...judges, toAssignJudge((await repo.judgesByIds(trx, [a.judge_id]))[0])];
  const result = reassignReview({
    ideas: assignIdeas,
    judges: judgeList,
    reviewsPerIdea: fresh.reviews_per_idea,
    excludeSameSector: fresh.exclude_same_sector === 1,
    declaredConflicts: declaredAll,
    current,
    remove: { ideaId: a.idea_id, judgeId: a.judge_id },
    seed: fresh.id,
  });
  let outcome: string;
  let replaced = false;
  if (result.ok) {
    for (const r of result.removed) await repo.deleteAssignmentPair(trx, round.id, r.ideaId, r.judgeId);
    for (const n of result.added) {
      await repo.insertAssignment(trx, { round_id: round.id, idea_id: n.ideaId, judge_id: n.judgeId, source: 'reassigned', status: 'assigned', comment: null, total: null, created_at: ctx.now, saved_at: null, submitted_at: null });
    }
    replaced = result.added.length > 0;
    outcome = result.message;
  } else {
    await repo.deleteAssignment(trx, a.id);
    outcome = `未能自动改派：${result.message}`;
  }
  await repo.insertConflict(trx, { round_id: round.id, idea_id: a.idea_id, judge_id: a.judge_id, reason, declared_by: actor.userId, declared_at: ctx.now, outcome: outcome.slice(0, 500) });
  // The judge is told only that the declaration is recorded: who replaces them is not theirs to know.
  return { replaced, message: CONFLICT_ANSWER[replaced ? 'replaced' : 'short'] };
}

// ---- progress and reminders ----

export async function progress(db: Db, roundId: number) {
  const round = await visibleRound(db, roundId);
  const [assignments, judgeIds, reminded, ideas] = await Promise.all([repo.roundAssignments(db, roundId), repo.roundJudgeIds(db, roundId), repo.lastRemindedPerJudge(db, roundId), repo.roundIdeas(db, roundId)]);
  const judges = await repo.judgesByIds(db, [...new Set([...judgeIds, ...assignments.map((a) => a.judge_id)])]);
  const per = judges.map((j) => {
    const mine = assignments.filter((a) => a.judge_id === j.id);
    const submitted = mine.filter((a) => a.status === 'submitted').length;
    const draft = mine.filter((a) => a.status === 'draft').length;
    const r = reminded.get(j.id);
    return { judgeId: j.id, name: j.name, assigned: mine.length, draft, submitted, notStarted: mine.length - draft - submitted, done: mine.length > 0 && submitted === mine.length, lastRemindedAt: r?.at ?? null, reminders: r?.count ?? 0 };
  });
  const count = new Map<number, number>();
  for (const a of assignments) count.set(a.idea_id, (count.get(a.idea_id) ?? 0) + 1);
  const shortIdeas = ideas.filter((i) => (count.get(i.id) ?? 0) < round.reviews_per_idea).map((i) => ({ ideaId: i.id, code: i.code, title: i.title, reviews: count.get(i.id) ?? 0 }));
  const submitted = assignments.filter((a) => a.status === 'submitted').length;
  return { roundId, status: round.status as RoundStatus, deadline: round.deadline, totals: { ideas: ideas.length, reviews: assignments.length, submitted, draft: assignments.filter((a) => a.status === 'draft').length }, judges: per, shortIdeas };
}

export async function remind(trx: Trx, ctx: Ctx, actor: Actor, roundId: number, input: { judgeIds?: number[]; message?: string }) {
  const round = await visibleRound(trx, roundId);
  if (round.status !== 'open') throw roundState(round.status, 'remind');
  const p = await progress(trx, roundId);
  const targets = input.judgeIds?.length ? p.judges.filter((j) => input.judgeIds!.includes(j.judgeId)) : p.judges.filter((j) => j.assigned > 0 && !j.done);
  if (input.judgeIds?.length && targets.length !== new Set(input.judgeIds).size) throw new AppError('NOT_FOUND');
  const deadline = round.deadline ? `，截止时间 ${shanghai(round.deadline)}` : '';
  for (const j of targets) {
    const left = j.assigned - j.submitted;
    const message = input.message?.trim() || `“${round.title}”还有 ${left} 件金点子待提交评分${deadline}，请及时完成。`;
    await repo.insertReminder(trx, { round_id: roundId, judge_id: j.judgeId, message, created_by: actor.userId, created_at: ctx.now });
  }
  return targets.map((t) => t.judgeId);
}

function shanghai(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}（北京时间）`;
}

// ---- aggregation ----

export async function results(db: Db, roundId: number, mode: ScoreMode) {
  const round = await visibleRound(db, roundId);
  const rubric = rubricOf(round);
  const ideas = await repo.roundIdeas(db, roundId);
  const assignments = (await repo.roundAssignments(db, roundId)).filter((a) => a.status === 'submitted');
  const scores = await repo.scoresOf(db, assignments.map((a) => a.id));
  const sheets: ScoreSheet[] = assignments.map((a) => ({ ideaId: a.idea_id, judgeId: a.judge_id, scores: scores.get(a.id) ?? {} }));
  const info: RankedIdeaInfo[] = ideas.map((i) => ({ id: i.id, topic: i.topic || null, sectorId: i.sector_id, receivedAt: i.received_at ?? '' }));
  const result = aggregateRound(rubric, info, sheets, { mode, expectedReviews: round.reviews_per_idea, flagSpread: round.flag_spread });
  // Scores stay on the record; an idea disqualified since (e.g. after an originality finding) is marked.
  const disqualified = await repo.disqualificationsOf(db, ideas.map((i) => i.id));
  return { round, ideas, result, disqualified };
}
