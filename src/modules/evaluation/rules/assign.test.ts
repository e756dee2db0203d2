import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReviews } from './assign.ts';
import { canShift, instance, maxReviews, mayReview } from './assign-check.ts';
import type { AssignIdea, AssignInput, AssignJudge, ReviewPair } from './types.ts';

/** Checks every guarantee of a result against the input, independently of the algorithm. */
function checkResult(input: AssignInput) {
  const R = input.reviewsPerIdea ?? 3;
  const result = assignReviews(input);
  const needed = input.ideas.length * R - (input.keep?.length ?? 0);
  const possible = maxReviews(input);
  if (!result.ok) {
    // Infeasible exactly when the independent max flow falls short, and every problem is explained.
    expect(possible).toBeLessThan(needed);
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.ideaIds.length).toBeGreaterThan(0);
      expect(p.message).toMatch(/《.+》/);
    }
    expect(result.message).toMatch(/^无法完成分配/);
    return result;
  }
  expect(possible).toBe(needed);
  const all: (ReviewPair & { movable: boolean })[] = [...(input.keep ?? []).map((p) => ({ ...p, movable: false })), ...result.assignments.map((p) => ({ ...p, movable: true }))];
  const ideaById = new Map(input.ideas.map((i) => [i.id, i]));
  const judgeById = new Map(input.judges.map((j) => [j.id, j]));
  // Every idea exactly R distinct judges, none in conflict.
  for (const idea of input.ideas) {
    const judges = all.filter((p) => p.ideaId === idea.id).map((p) => p.judgeId);
    expect(new Set(judges).size).toBe(R);
    expect(judges.length).toBe(R);
  }
  for (const p of result.assignments) expect(mayReview(input, ideaById.get(p.ideaId)!, judgeById.get(p.judgeId)!)).toBe(true);
  // Loads as reported, within capacity.
  for (const j of input.judges) {
    const load = all.filter((p) => p.judgeId === j.id).length;
    expect(result.loads.get(j.id)).toBe(load);
    if (j.capacity !== undefined) expect(load).toBeLessThanOrEqual(j.capacity);
  }
  // Balance: no review can be shifted from a judge with load ≥ k + 2 to one with load k (with room).
  const working = input.judges.filter((j) => j.capacity !== 0 && input.ideas.some((i) => mayReview(input, i, j)));
  for (const a of working) {
    for (const b of working) {
      const la = result.loads.get(a.id)!;
      const lb = result.loads.get(b.id)!;
      if (la >= lb + 2 && lb < (b.capacity ?? Infinity)) expect(canShift(input, all, a.id, b.id)).toBe(false);
    }
  }
  // The largest load is the smallest possible: one less and the reviews no longer fit.
  if (result.balance.maxLoad > 0 && !input.keep?.length) expect(maxReviews(input, result.balance.maxLoad - 1)).toBeLessThan(needed);
  expect(result.balance.decreasinglyMinimal).toBe(true);
  expect(result.balance.withinOne).toBe(result.balance.maxLoad - result.balance.minLoad <= 1);
  if (!result.balance.withinOne) expect(result.balance.explanation).toMatch(/无法做到相差不超过 1/);
  return result;
}

const idea = (id: number, unitId: number, sectorId: number, topic: string | null = null): AssignIdea => ({ id, title: `点子${id}`, unitId, sectorId, topic });
const judge = (id: number, unitId: number | null, sectorId: number | null, expertise: string[] = [], capacity?: number): AssignJudge => ({
  id,
  name: `评委${id}`,
  unitId,
  sectorId,
  expertise,
  ...(capacity === undefined ? {} : { capacity }),
});

describe('assignReviews', () => {
  it('on random instances: R distinct eligible judges, no conflicts, balanced loads, infeasibility explained', () => {
    fc.assert(fc.property(instance, (input) => void checkResult(input)), { numRuns: 300 });
  });

  it('keeps existing pairs and only fills what is missing', () => {
    fc.assert(
      fc.property(instance, fc.integer(), (input, seed) => {
        const first = assignReviews(input);
        if (!first.ok || !first.assignments.length) return;
        // Keep roughly half of the pairs, then assign again: kept pairs are neither repeated nor moved.
        const keep = first.assignments.filter((_, k) => (k * 7 + seed) % 2 === 0);
        const again = checkResult({ ...input, keep, seed });
        if (again.ok) {
          const kept = new Set(keep.map((p) => `${p.ideaId}:${p.judgeId}`));
          for (const p of again.assignments) expect(kept.has(`${p.ideaId}:${p.judgeId}`)).toBe(false);
          expect(again.assignments.length + keep.length).toBe(input.ideas.length * (input.reviewsPerIdea ?? 3));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(instance, (input) => {
        const a = assignReviews(input);
        const b = assignReviews({ ...input, ideas: [...input.ideas].reverse(), judges: [...input.judges] });
        const c = assignReviews(input);
        expect(stripMillis(c)).toEqual(stripMillis(a));
        expect(b.ok).toBe(a.ok);
      }),
      { numRuns: 100 },
    );
  });

  it('loads differ by at most one when the rules allow it (12 ideas, 4 judges from other units: 9 each)', () => {
    const ideas = Array.from({ length: 12 }, (_, k) => idea(k + 1, 1, 1));
    const judges = [judge(1, 2, 2), judge(2, 3, 2), judge(3, null, null), judge(4, 4, 3)];
    const r = checkResult({ ideas, judges, excludeSameSector: false, seed: 7 });
    expect(r.ok && [...r.loads.values()]).toEqual([9, 9, 9, 9]);
  });

  it('explains in zh-CN which ideas lack judges and which rule took them', () => {
    // Sector 1 has two ideas; of 5 judges, 1 is of the same unit and 2 more of the same sector: 2 left, 3 needed.
    const ideas = [idea(1, 10, 1), idea(2, 11, 2)];
    const judges = [judge(1, 10, 1), judge(2, 12, 1), judge(3, 13, 1), judge(4, 20, 2), judge(5, null, null)];
    const r = assignReviews({ ideas: [{ ...ideas[0], title: '课后服务“菜单式”选课' }, ideas[1]], judges, excludeSameSector: true, seed: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ kind: 'too_few_judges', ideaIds: [1], needed: 3, available: 2, excluded: { sameUnit: 1, sameSector: 2, declared: 0, noCapacity: 0 } });
    expect(r.problems[0].message).toBe('《课后服务“菜单式”选课》需要 3 名评委，但可评审的只有 2 名（共 5 名评委：1 名与其同单位，2 名与其同板块）。');
    // The same in English (ASSIGNMENT_INFEASIBLE answers the request's language; details carry both).
    expect(r.problems[0].messageEn).toBe('"课后服务“菜单式”选课" needs 3 judges, but only 2 can review it (5 judges in all: 1 of its unit, 2 of its sector).');
    expect(r.ok || r.messageEn).toMatch(/^The assignment cannot be completed for 1 golden idea\(s\); nothing was saved: "课后服务/);
    expect(r.message).toContain('未保存任何分配');
  });

  it('names the judges whose capacity runs out', () => {
    const ideas = Array.from({ length: 4 }, (_, k) => idea(k + 1, 1, 1));
    const judges = [judge(1, 2, 2, [], 4), judge(2, 3, 2, [], 4), judge(3, 4, 2, [], 1)];
    const r = assignReviews({ ideas, judges, excludeSameSector: false, seed: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ kind: 'capacity', needed: 12, available: 9 });
    expect(r.problems[0].message).toContain('共需 12 次评审');
    expect(r.problems[0].message).toContain('评委3');
  });

  it('refuses kept pairs that break a rule, and unknown ids', () => {
    const ideas = [idea(1, 1, 1)];
    const judges = [judge(1, 1, 1), judge(2, 2, 2), judge(3, 3, 3)];
    const r = assignReviews({ ideas, judges, excludeSameSector: false, keep: [{ ideaId: 1, judgeId: 1 }], reviewsPerIdea: 2, seed: 1 });
    expect(r.ok || r.problems[0].message).toBe('《点子1》保留的评委 评委1与其同单位，不能评审该金点子。');
    const over = assignReviews({ ideas: [idea(1, 1, 1), idea(2, 1, 1)], judges: [judge(2, 2, 2, [], 1), judge(3, 3, 3)], excludeSameSector: false, keep: [{ ideaId: 1, judgeId: 2 }, { ideaId: 2, judgeId: 2 }], reviewsPerIdea: 1, seed: 1 });
    expect(over.ok || over.problems[0]).toMatchObject({ kind: 'invalid_keep', ideaIds: [1, 2], message: '评委 评委2 保留的评审有 2 件，超过其评审上限 1 件。' });
    const u = assignReviews({ ideas, judges, excludeSameSector: false, declaredConflicts: [{ ideaId: 9, judgeId: 2 }], seed: 1 });
    expect(u.ok || u.problems[0].kind).toBe('invalid_input');
  });

  it('states exactly why loads cannot be within one', () => {
    // Unit 1 sends 10 ideas, unit 2 one idea; judge 1 is of unit 1, so it can only review unit 2's idea.
    const ideas = [...Array.from({ length: 10 }, (_, k) => idea(k + 1, 1, 1)), idea(11, 2, 1)];
    const judges = [judge(1, 1, 1), judge(2, 3, 1), judge(3, 4, 1)];
    const r = checkResult({ ideas, judges, excludeSameSector: false, reviewsPerIdea: 2, seed: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.loads.get(1)).toBe(1);
    expect(r.balance).toMatchObject({ withinOne: false, minLoad: 1, maxLoad: 11 });
    expect(r.balance.explanation).toContain('评委1（1 件）受回避规则所限');
  });

  it('prefers experts: every idea gets one when there are enough', () => {
    const topics = ['德育', '课堂教学'];
    const ideas = Array.from({ length: 40 }, (_, k) => idea(k + 1, 1 + (k % 4), 1, topics[k % 2]));
    const judges = Array.from({ length: 8 }, (_, k) => judge(k + 1, 10 + k, 2, [topics[k % 2]]));
    const r = checkResult({ ideas, judges, excludeSameSector: false, reviewsPerIdea: 2, seed: 5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 80 reviews, 10 per judge; experts of each topic can take all 40 reviews of their topic.
    expect(r.stats.expertReviews).toBe(80);
    expect(r.stats.ideasWithExpert).toBe(40);
  });

  it('refuses, with a reason, a round whose ideas are all different (types × judges too large) before allocating', () => {
    const ideas = Array.from({ length: 25_001 }, (_, k) => idea(k + 1, k + 1, 1));
    const judges = Array.from({ length: 1000 }, (_, k) => judge(k + 1, null, null));
    const r = assignReviews({ ideas, judges, excludeSameSector: false, seed: 1 });
    expect(r.ok || r.problems[0].message).toMatch(/^金点子按单位、板块、选题、保留的分配和回避申报分成了 25001 组/);
  });

  it('handles an empty round and a round without judges', () => {
    expect(assignReviews({ ideas: [], judges: [], excludeSameSector: false, seed: 1 }).ok).toBe(true);
    const r = assignReviews({ ideas: [idea(1, 1, 1)], judges: [], excludeSameSector: false, seed: 1 });
    expect(r.ok).toBe(false);
  });
});

function stripMillis(r: ReturnType<typeof assignReviews>) {
  return r.ok ? { ...r, stats: { ...r.stats, millis: 0 } } : r;
}
