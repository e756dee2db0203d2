import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReviews } from './assign.ts';
import { reassignReview } from './reassign.ts';
import { instance, mayReview } from './assign-check.ts';
import type { AssignInput, ReviewPair } from './types.ts';

const k = (p: ReviewPair) => `${p.ideaId}:${p.judgeId}`;

/** Spread of loads over working judges: capacity > 0 and a review, or some idea they may review. */
function spread(input: AssignInput, pairs: readonly ReviewPair[], before: readonly ReviewPair[]): number {
  const loads = input.judges
    .filter((j) => j.capacity !== 0 && (before.some((p) => p.judgeId === j.id) || input.ideas.some((i) => mayReview(input, i, j))))
    .map((j) => pairs.filter((p) => p.judgeId === j.id).length);
  return loads.length ? Math.max(...loads) - Math.min(...loads) : 0;
}

describe('reassignReview', () => {
  it('after a declared conflict: R distinct eligible judges again, locked pairs untouched, fewest changes, balance kept when a short chain keeps it', () => {
    fc.assert(
      fc.property(instance, fc.nat(), fc.nat(), (base, pick, lockMask) => {
        const first = assignReviews(base);
        if (!first.ok || !first.assignments.length) return;
        const remove = first.assignments[pick % first.assignments.length];
        const current = first.assignments.map((p, i) => ({ ...p, locked: !(p.ideaId === remove.ideaId && p.judgeId === remove.judgeId) && ((lockMask >> i % 30) & 1) === 1 }));
        const declaredConflicts = [...(base.declaredConflicts ?? []), remove];
        const input: AssignInput = { ...base, declaredConflicts };
        const r = reassignReview({ ...base, declaredConflicts, current, remove, seed: 1 });
        const R = base.reviewsPerIdea ?? 3;
        const idea = base.ideas.find((i) => i.id === remove.ideaId)!;
        const before = first.assignments.filter((p) => k(p) !== k(remove));
        if (!r.ok) {
          // Only when no judge could take it directly (a longer chain is left to a new assignReviews).
          for (const j of base.judges) {
            const load = before.filter((p) => p.judgeId === j.id).length;
            const free = load < (j.capacity ?? Infinity);
            const holds = before.some((p) => p.ideaId === idea.id && p.judgeId === j.id);
            expect(free && !holds && mayReview(input, idea, j)).toBe(false);
          }
          expect(r.message).toContain(`《${idea.title}》需要 ${R} 名评委`);
          return;
        }
        expect(r.removed[0]).toEqual(remove);
        const removed = new Set(r.removed.map(k));
        const after = [...first.assignments.filter((p) => !removed.has(k(p))), ...r.added];
        for (const i of base.ideas) {
          const js = after.filter((p) => p.ideaId === i.id).map((p) => p.judgeId);
          expect(js.length).toBe(R);
          expect(new Set(js).size).toBe(R);
        }
        for (const p of r.added) expect(mayReview(input, base.ideas.find((i) => i.id === p.ideaId)!, base.judges.find((j) => j.id === p.judgeId)!)).toBe(true);
        for (const p of current) if (p.locked) expect(removed.has(k(p))).toBe(false);
        for (const j of base.judges) {
          const load = after.filter((p) => p.judgeId === j.id).length;
          expect(r.loads.get(j.id)).toBe(load);
          if (j.capacity !== undefined) expect(load).toBeLessThanOrEqual(j.capacity);
        }
        expect(r.added.length).toBeLessThanOrEqual(2);
        const allowed = Math.max(1, spread(input, first.assignments, before));
        if (r.balance.explanation === null) expect(spread(input, after, before)).toBeLessThanOrEqual(allowed);
        if (r.added.length === 2) {
          // A chain only when no single replacement would have kept the balance.
          for (const j of base.judges) {
            const load = before.filter((p) => p.judgeId === j.id).length;
            if (load >= (j.capacity ?? Infinity) || before.some((p) => p.ideaId === idea.id && p.judgeId === j.id) || !mayReview(input, idea, j)) continue;
            expect(spread(input, [...before, { ideaId: idea.id, judgeId: j.id }], before)).toBeGreaterThan(allowed);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands the idea to the least-loaded judge, or moves one unlocked review to keep loads within one', () => {
    const ideas = Array.from({ length: 6 }, (_, i) => ({ id: i + 1, title: `点子${i + 1}`, unitId: 1, sectorId: 1, topic: null }));
    const judges = [1, 2, 3].map((id) => ({ id, name: `评委${id}`, unitId: 10 + id, sectorId: 2, expertise: [] }));
    // Each judge has 2 reviews (R = 1). Judge 1 declares a conflict on idea 1.
    const current = [
      { ideaId: 1, judgeId: 1 },
      { ideaId: 2, judgeId: 1 },
      { ideaId: 3, judgeId: 2 },
      { ideaId: 4, judgeId: 2, locked: true },
      { ideaId: 5, judgeId: 3, locked: true },
      { ideaId: 6, judgeId: 3 },
    ];
    const remove = { ideaId: 1, judgeId: 1 };
    const r = reassignReview({ ideas, judges, reviewsPerIdea: 1, excludeSameSector: false, declaredConflicts: [remove], current, remove, seed: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Directly to judge 2 or 3 would make loads 1 / 3 / 2: a chain instead — the taker gives an unlocked idea to judge 1.
    expect(r.added).toHaveLength(2);
    expect([...r.loads.values()].sort()).toEqual([2, 2, 2]);
    expect(r.balance.withinOne).toBe(true);
    const moved = r.removed[1];
    expect([3, 6]).toContain(moved.ideaId);
    expect(r.added[1]).toEqual({ ideaId: moved.ideaId, judgeId: 1 });
    expect(r.message).toMatch(/^《点子1》改由 评委[23] 评审；为保持各评委评审量均衡，评委[23] 原评审的《点子[36]》改由 评委1 评审。$/);
  });

  it('explains when nobody is left', () => {
    const ideas = [{ id: 1, title: '甲', unitId: 1, sectorId: 1, topic: null }];
    const judges = [
      { id: 1, name: '张', unitId: 2, sectorId: 2, expertise: [] },
      { id: 2, name: '李', unitId: 1, sectorId: 1, expertise: [] },
    ];
    const remove = { ideaId: 1, judgeId: 1 };
    const r = reassignReview({ ideas, judges, reviewsPerIdea: 1, excludeSameSector: false, declaredConflicts: [remove], current: [remove], remove, seed: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].message).toBe('《甲》需要 1 名评委，除已分配的 0 名外没有可改派的评委（共 2 名评委：1 名与其同单位，1 名已申报回避）。');
    const missing = reassignReview({ ideas, judges, reviewsPerIdea: 1, excludeSameSector: false, declaredConflicts: [], current: [], remove, seed: 1 });
    expect(missing.ok || missing.problems[0].kind).toBe('invalid_input');
  });
});
