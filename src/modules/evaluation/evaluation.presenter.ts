// What each viewer sees of evaluation: the bureau everything of a round (who scored what); a judge
// only their own sheets and the ideas' codes, titles, topics and masked texts — the judge's shapes are
// built here field by field from an allow-list, never by spreading a row.
import type { z } from 'zod';
import type * as repo from './evaluation.repository.ts';
import type { AssignmentOut, ConflictOut, JudgeOut, MyAssignmentOut, MyRoundOut, ResultsOut, RoundOut } from './evaluation.schema.ts';
import type { Criterion, RoundResult } from './rules/types.ts';
import { expertiseOf, rubricOf, type RoundStatus, type SheetStatus } from './evaluation.service.ts';

/** Figures shown to judges: 4 decimals are plenty (and keep long digit runs out of their answers). */
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

const criteria = (round: { rubric_json: string }) => rubricOf(round).criteria.map((c: Criterion) => ({ key: c.key, name: c.name, maxPoints: c.maxPoints, weight: c.weight, step: c.step ?? 0.5 }));

export function presentJudge(j: repo.JudgeRow): z.infer<typeof JudgeOut> {
  return {
    id: j.id,
    username: j.username,
    name: j.name,
    active: j.active === 1,
    unitId: j.unit_id,
    unitName: j.unit_name,
    sectorId: j.sector_id ?? null,
    sectorName: j.sector_name ?? null,
    expertise: expertiseOf(j),
    capacity: j.capacity ?? null,
    hasProfile: j.expertise_json != null,
  };
}

export function presentRound(r: repo.RoundRow, judgeIds: number[]): z.infer<typeof RoundOut> {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    title: r.title,
    status: r.status as RoundStatus,
    topics: JSON.parse(r.topics_json) as string[],
    sectorIds: JSON.parse(r.sector_ids_json) as number[],
    rubric: criteria(r),
    reviewsPerIdea: r.reviews_per_idea,
    deadline: r.deadline,
    blind: r.blind === 1,
    excludeSameSector: r.exclude_same_sector === 1,
    flagSpread: Number(r.flag_spread),
    judgeIds,
    assignedAt: r.assigned_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
  };
}

type DetailedAssignment = Awaited<ReturnType<typeof repo.roundAssignmentsDetailed>>[number];

export function presentAssignment(a: DetailedAssignment): z.infer<typeof AssignmentOut> {
  return {
    id: a.id,
    ideaId: a.idea_id,
    code: a.code,
    title: a.title,
    unitName: a.unit_name,
    judgeId: a.judge_id,
    judgeName: a.judge_name,
    source: a.source as 'auto' | 'manual' | 'reassigned',
    status: a.status as SheetStatus,
    total: a.total == null ? null : Number(a.total),
    savedAt: a.saved_at,
    submittedAt: a.submitted_at,
  };
}

type ConflictRow = Awaited<ReturnType<typeof repo.roundConflicts>>[number];

export function presentConflict(c: ConflictRow): z.infer<typeof ConflictOut> {
  return { id: c.id, ideaId: c.idea_id, code: c.code, judgeId: c.judge_id, judgeName: c.judge_name, reason: c.reason, declaredAt: c.declared_at, outcome: c.outcome };
}

// ---- the judge's side ----

export function presentMyRound(r: repo.RoundRow, progress: { assigned: number; draft: number; submitted: number }): z.infer<typeof MyRoundOut> {
  return { id: r.id, title: r.title, status: r.status as RoundStatus, deadline: r.deadline, blind: r.blind === 1, rubric: criteria(r), progress };
}

/** One line of a judge's list: the title through the round's mask (names when blind; phones always). */
export function presentMyAssignment(
  a: { id: number; round_id: number; code: string; title: string; topic: string; status: string; total: number | null; saved_at: string | null; submitted_at: string | null },
  mask: (s: string) => string,
): z.infer<typeof MyAssignmentOut> {
  return {
    id: a.id,
    roundId: a.round_id,
    code: a.code,
    title: mask(a.title),
    topic: a.topic,
    status: a.status as SheetStatus,
    total: a.total == null ? null : round4(Number(a.total)),
    savedAt: a.saved_at,
    submittedAt: a.submitted_at,
  };
}

// ---- results ----

export const TIE_BREAK_RULE =
  '名次按得分从高到低排列；得分相同时依次比较：各评委分数的中位数（高者在前）、有效评分表数（多者在前）、局办公室签收时间（早者在前）、金点子编号（小者在前）。';

export function presentResults(
  roundId: number,
  ideas: Awaited<ReturnType<typeof repo.roundIdeas>>,
  judgeNames: Map<number, string>,
  sectorNames: Map<number, string>,
  r: RoundResult,
  disqualified: ReadonlyMap<number, { reason: string; decidedAt: string }>,
): z.infer<typeof ResultsOut> {
  const byId = new Map(ideas.map((i) => [i.id, i]));
  const name = (id: number) => judgeNames.get(id) ?? `#${id}`;
  return {
    roundId,
    mode: r.mode,
    ideas: r.ideas.map((s) => {
      const i = byId.get(s.ideaId)!;
      return {
        ideaId: s.ideaId,
        code: i.code,
        title: i.title,
        unitName: i.unit_name,
        topic: i.topic,
        sectorId: i.sector_id,
        sectorName: i.sector_name,
        sheets: s.sheets,
        complete: s.complete,
        rawMean: s.rawMean,
        zMean: s.zMean,
        score: s.score,
        median: s.median,
        spread: s.spread,
        flagged: s.flagged,
        disqualification: disqualified.get(s.ideaId) ?? null,
        perJudge: s.perJudge.map((p) => ({ judgeId: p.judgeId, judgeName: name(p.judgeId), raw: p.raw, value: p.value })),
      };
    }),
    judges: r.judges.map((j) => ({ judgeId: j.judgeId, judgeName: name(j.judgeId), sheets: j.sheets, mean: j.mean, sd: j.sd, status: j.status })),
    reliability: r.reliability,
    overall: r.overall,
    byTopic: [...r.byTopic].map(([topic, ranking]) => ({ topic, ranking })),
    bySector: [...r.bySector].map(([sectorId, ranking]) => ({ sectorId, sectorName: sectorNames.get(sectorId) ?? '', ranking })),
    scale: r.scale,
    tieBreak: TIE_BREAK_RULE,
  };
}
