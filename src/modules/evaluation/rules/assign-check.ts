// Test helpers for the assignment: random instances and an independent checker that works idea by
// idea (no types, no aggregation), so that it shares no code with the flow it checks.
import fc from 'fast-check';
import type { AssignIdea, AssignInput, AssignJudge, ReviewPair } from './types.ts';

export const TOPICS = ['课堂教学', '德育', '学校管理', '家校共育'];

export const instance = fc
  .record({
    units: fc.integer({ min: 1, max: 6 }),
    sectors: fc.integer({ min: 1, max: 3 }),
    ideaCount: fc.integer({ min: 0, max: 30 }),
    judgeCount: fc.integer({ min: 0, max: 12 }),
    R: fc.integer({ min: 1, max: 3 }),
    excludeSameSector: fc.boolean(),
    seed: fc.integer(),
    withCapacity: fc.boolean(),
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      ideas: fc.array(fc.record({ unit: fc.nat(p.units - 1), topic: fc.option(fc.constantFrom(...TOPICS), { nil: null }) }), { minLength: p.ideaCount, maxLength: p.ideaCount }),
      judges: fc.array(
        fc.record({
          unit: fc.option(fc.nat(p.units - 1), { nil: null, freq: 5 }),
          expertise: fc.subarray(TOPICS, { maxLength: 2 }),
          capacity: p.withCapacity ? fc.option(fc.nat(12), { nil: undefined }) : fc.constant(undefined),
        }),
        { minLength: p.judgeCount, maxLength: p.judgeCount },
      ),
      conflicts: fc.array(fc.record({ idea: fc.nat(Math.max(0, p.ideaCount - 1)), judge: fc.nat(Math.max(0, p.judgeCount - 1)) }), { maxLength: 6 }),
    }),
  )
  .map(({ p, ideas, judges, conflicts }): AssignInput => {
    const sectorOf = (u: number) => u % p.sectors;
    const I: AssignIdea[] = ideas.map((x, k) => ({ id: 100 + k, title: `点子${k}`, unitId: x.unit, sectorId: sectorOf(x.unit), topic: x.topic }));
    const Jd: AssignJudge[] = judges.map((x, k) => ({
      id: 500 + k,
      name: `评委${k}`,
      unitId: x.unit,
      sectorId: x.unit === null ? null : sectorOf(x.unit),
      expertise: x.expertise,
      ...(x.capacity === undefined ? {} : { capacity: x.capacity }),
    }));
    const declaredConflicts = I.length && Jd.length ? conflicts.map((c) => ({ ideaId: I[c.idea].id, judgeId: Jd[c.judge].id })) : [];
    return { ideas: I, judges: Jd, reviewsPerIdea: p.R, excludeSameSector: p.excludeSameSector, declaredConflicts, seed: p.seed };
  });

export function mayReview(input: AssignInput, idea: AssignIdea, judge: AssignJudge): boolean {
  if (judge.unitId !== null && judge.unitId === idea.unitId) return false;
  if (input.excludeSameSector && judge.sectorId !== null && judge.sectorId === idea.sectorId) return false;
  return !(input.declaredConflicts ?? []).some((d) => d.ideaId === idea.id && d.judgeId === judge.id);
}

/**
 * Max flow idea by idea (Edmonds–Karp): source → idea (R − kept) → judge (1, if allowed and not kept)
 * → sink (min(capacity, maxLoad) − kept load). Returns the flow value.
 */
export function maxReviews(input: AssignInput, maxLoad = Infinity): number {
  const R = input.reviewsPerIdea ?? 3;
  const I = input.ideas.length;
  const J = input.judges.length;
  const keep = input.keep ?? [];
  const N = 2 + I + J;
  const S = 0;
  const Tk = 1;
  const cap = new Map<number, number>();
  const adj: number[][] = Array.from({ length: N }, () => []);
  const edge = (u: number, v: number, c: number) => {
    if (c <= 0) return;
    if (!cap.has(u * N + v)) {
      adj[u].push(v);
      adj[v].push(u);
      cap.set(v * N + u, cap.get(v * N + u) ?? 0);
    }
    cap.set(u * N + v, (cap.get(u * N + v) ?? 0) + c);
  };
  input.ideas.forEach((idea, i) => {
    const kept = keep.filter((k) => k.ideaId === idea.id).map((k) => k.judgeId);
    edge(S, 2 + i, R - kept.length);
    input.judges.forEach((judge, j) => {
      if (mayReview(input, idea, judge) && !kept.includes(judge.id)) edge(2 + i, 2 + I + j, 1);
    });
  });
  input.judges.forEach((judge, j) => {
    const kept = keep.filter((k) => k.judgeId === judge.id).length;
    edge(2 + I + j, Tk, Math.min(judge.capacity ?? Infinity, maxLoad, 1e9) - kept);
  });
  let flow = 0;
  for (;;) {
    const prev = new Array<number>(N).fill(-1);
    prev[S] = S;
    const q = [S];
    while (q.length && prev[Tk] < 0) {
      const u = q.shift()!;
      for (const v of adj[u]) if (prev[v] < 0 && (cap.get(u * N + v) ?? 0) > 0) {
        prev[v] = u;
        q.push(v);
      }
    }
    if (prev[Tk] < 0) return flow;
    let x = Infinity;
    for (let v = Tk; v !== S; v = prev[v]) x = Math.min(x, cap.get(prev[v] * N + v)!);
    for (let v = Tk; v !== S; v = prev[v]) {
      cap.set(prev[v] * N + v, cap.get(prev[v] * N + v)! - x);
      cap.set(v * N + prev[v], (cap.get(v * N + prev[v]) ?? 0) + x);
    }
    flow += x;
  }
}

/**
 * Can one review move from judge a to judge b, directly or through a chain (a gives idea i to c, c
 * gives idea i′ to …, to b)? Searched idea by idea over the given pairs; `movable` says which pairs
 * may move (kept pairs may not).
 */
export function canShift(input: AssignInput, pairs: readonly (ReviewPair & { movable: boolean })[], a: number, b: number): boolean {
  const has = new Set(pairs.map((p) => `${p.ideaId}:${p.judgeId}`));
  const byJudge = new Map<number, number[]>();
  for (const p of pairs) if (p.movable) byJudge.set(p.judgeId, [...(byJudge.get(p.judgeId) ?? []), p.ideaId]);
  const ideaById = new Map(input.ideas.map((i) => [i.id, i]));
  const seen = new Set([a]);
  const q = [a];
  while (q.length) {
    const j = q.shift()!;
    for (const ideaId of byJudge.get(j) ?? []) {
      const idea = ideaById.get(ideaId)!;
      for (const c of input.judges) {
        if (seen.has(c.id) || has.has(`${ideaId}:${c.id}`) || !mayReview(input, idea, c)) continue;
        if (c.id === b) return true;
        seen.add(c.id);
        q.push(c.id);
      }
    }
  }
  return false;
}
