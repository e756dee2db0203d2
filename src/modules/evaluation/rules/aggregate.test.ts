import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateRound } from './aggregate.ts';
import { DEFAULT_RUBRIC } from './rubric.ts';
import type { RankedIdeaInfo, Rubric, ScoreSheet } from './types.ts';

// Five criteria of 20 points, equal weights: the total is the plain sum of the five scores.
const rubric = DEFAULT_RUBRIC;
const keys = rubric.criteria.map((c) => c.key);
/** A sheet whose five criteria add up to `total` (a multiple of 5 → equal parts). */
const sheet = (ideaId: number, judgeId: number, total: number): ScoreSheet => ({ ideaId, judgeId, scores: Object.fromEntries(keys.map((k) => [k, total / 5])) });
const info = (id: number, receivedAt = '2017-06-01T08:00:00Z', topic: string | null = '课堂教学', sectorId = 1): RankedIdeaInfo => ({ id, topic, sectorId, receivedAt });

describe('aggregateRound: ranking by hand', () => {
  // totals per judge (J1, J2, J3):   mean  median  sheets  received
  // idea 6: 95, 90, 85               90    90      3
  // idea 2: 70, 85, 85               80    85      3
  // idea 4: 80, 80, 80               80    80      3       06-01 07:00 (earlier)
  // idea 1: 80, 80, 80               80    80      3       06-01 08:00
  // idea 5: 80, 80, 80               80    80      3       06-01 08:00 (same; larger id)
  // idea 3: 90, 70, –                80    80      2
  // Order by the documented rule: 6 (score), 2 (median), 4 (receipt), 1 (id), 5, 3 (sheets).
  const totals: Record<number, number[]> = { 1: [80, 80, 80], 2: [70, 85, 85], 3: [90, 70], 4: [80, 80, 80], 5: [80, 80, 80], 6: [95, 90, 85] };
  const sheets = Object.entries(totals).flatMap(([id, ts]) => ts.map((t, j) => sheet(Number(id), j + 1, t)));
  const ideas = [info(1), info(2), info(3), info(4, '2017-06-01T07:00:00Z'), info(5), info(6, undefined, '德育', 2)];

  it('ranks with the tie-break rule and says which rule decided each place', () => {
    const r = aggregateRound(rubric, ideas, sheets, { mode: 'raw' });
    expect(r.overall.map((x) => [x.ideaId, x.rank, x.decidedBy])).toEqual([
      [6, 1, null],
      [2, 2, 'score'],
      [4, 3, 'median'],
      [1, 4, 'receivedAt'],
      [5, 5, 'id'],
      [3, 6, 'sheets'],
    ]);
    expect(r.overall.map((x) => x.score)).toEqual([90, 80, 80, 80, 80, 80]);
    const three = r.ideas.find((x) => x.ideaId === 3)!;
    expect(three).toMatchObject({ sheets: 2, complete: false, spread: 20, flagged: true, median: 80 });
    expect(r.ideas.find((x) => x.ideaId === 2)).toMatchObject({ spread: 15, flagged: false, median: 85 });
    expect(r.byTopic.get('德育')!.map((x) => x.ideaId)).toEqual([6]);
    expect(r.byTopic.get('课堂教学')!.map((x) => [x.ideaId, x.rank])).toEqual([[2, 1], [4, 2], [1, 3], [5, 4], [3, 5]]);
    expect(r.bySector.get(2)!.map((x) => x.ideaId)).toEqual([6]);
  });

  it('normalised: a strict and a lenient judge weigh alike (z-scores by hand)', () => {
    // Judge 1 (strict) scores ideas 1, 2: 60, 70. Judge 2 (lenient) scores ideas 3, 4: 90, 95.
    // Raw ranking 4, 3, 2, 1. z: judge 1 → −1, +1; judge 2 → −1, +1. Ideas 2 and 4 tie at z = +1, and
    // on median and sheets; idea 4 was received first. Ideas 1 and 3 tie at z = −1 and were received
    // together: the smaller id goes first. Scale: mean 78.75, sd √204.6875 of the four totals.
    const s = [sheet(1, 1, 60), sheet(2, 1, 70), sheet(3, 2, 90), sheet(4, 2, 95)];
    const ideas4 = [info(1), info(2, '2017-06-02T00:00:00Z'), info(3), info(4, '2017-06-01T00:00:00Z')];
    expect(aggregateRound(rubric, ideas4, s, { mode: 'raw' }).overall.map((x) => x.ideaId)).toEqual([4, 3, 2, 1]);
    const n = aggregateRound(rubric, ideas4, s, { mode: 'normalized' });
    expect(n.overall.map((x) => [x.ideaId, x.decidedBy])).toEqual([
      [4, null],
      [2, 'receivedAt'],
      [1, 'score'],
      [3, 'id'],
    ]);
    const sd = Math.sqrt(204.6875);
    expect(n.scale!.mean).toBeCloseTo(78.75, 12);
    expect(n.scale!.sd).toBeCloseTo(sd, 12);
    expect(n.ideas.find((x) => x.ideaId === 2)!.score).toBeCloseTo(78.75 + sd, 10);
    expect(n.ideas.find((x) => x.ideaId === 3)!.score).toBeCloseTo(78.75 - sd, 10);
    expect(n.judges).toEqual([
      { judgeId: 1, sheets: 2, mean: 65, sd: 5, status: 'ok' },
      { judgeId: 2, sheets: 2, mean: 92.5, sd: 2.5, status: 'ok' },
    ]);
  });

  it('a judge with one sheet or equal totals gets z = 0', () => {
    const s = [sheet(1, 1, 70), sheet(2, 2, 80), sheet(3, 2, 80), sheet(1, 3, 60), sheet(2, 3, 90)];
    const r = aggregateRound(rubric, [info(1), info(2), info(3)], s, { mode: 'normalized' });
    expect(r.judges.map((j) => j.status)).toEqual(['single', 'constant', 'ok']);
    expect(r.ideas.find((x) => x.ideaId === 3)!.zMean).toBe(0);
    expect(r.ideas.find((x) => x.ideaId === 1)!.zMean).toBeCloseTo(-0.5, 12);
  });

  it('refuses invalid sheets, duplicates and unknown ideas', () => {
    expect(() => aggregateRound(rubric, [info(1)], [sheet(1, 1, 105)], { mode: 'raw' })).toThrow(/分数须在 0 到 20 之间/);
    expect(() => aggregateRound(rubric, [info(1)], [sheet(1, 1, 50), sheet(1, 1, 60)], { mode: 'raw' })).toThrow(/两份评分表/);
    expect(() => aggregateRound(rubric, [info(1)], [sheet(2, 1, 50)], { mode: 'raw' })).toThrow(/不在本轮/);
  });
});

// Random rounds: up to 12 ideas, 2–6 judges, each idea scored by 1–3 distinct judges, integer criterion scores.
const wideRubric: Rubric = { criteria: [{ key: 'a', name: '创新性', maxPoints: 200, weight: 2 }, { key: 'b', name: '可行性', maxPoints: 200, weight: 1 }] };
const round = fc
  .record({ ideas: fc.integer({ min: 2, max: 12 }), judges: fc.integer({ min: 2, max: 6 }) })
  .chain(({ ideas, judges }) =>
    fc.record({
      judges: fc.constant(judges),
      ideas: fc.array(
        fc.record({
          panel: fc.uniqueArray(fc.integer({ min: 1, max: judges }), { minLength: 1, maxLength: Math.min(3, judges) }),
          scores: fc.array(fc.record({ a: fc.integer({ min: 0, max: 20 }), b: fc.integer({ min: 0, max: 20 }) }), { minLength: 3, maxLength: 3 }),
          day: fc.integer({ min: 1, max: 3 }),
          topic: fc.constantFrom('课堂教学', '德育'),
          sector: fc.integer({ min: 1, max: 2 }),
        }),
        { minLength: ideas, maxLength: ideas },
      ),
    }),
  )
  .map(({ judges, ideas }) => ({
    judges,
    info: ideas.map((x, i): RankedIdeaInfo => ({ id: i + 1, topic: x.topic, sectorId: x.sector, receivedAt: `2017-06-0${x.day}T00:00:00Z` })),
    sheets: ideas.flatMap((x, i) => x.panel.map((j, k): ScoreSheet => ({ ideaId: i + 1, judgeId: j, scores: x.scores[k] }))),
  }));

const order = (r: ReturnType<typeof aggregateRound>) => ({
  overall: r.overall.map((x) => x.ideaId),
  topic: [...r.byTopic].map(([t, xs]) => [t, xs.map((x) => x.ideaId)]),
  sector: [...r.bySector].map(([s, xs]) => [s, xs.map((x) => x.ideaId)]),
  flagged: r.ideas.filter((x) => x.flagged).map((x) => x.ideaId),
});

describe('aggregateRound: properties', () => {
  it('adding a constant to, or multiplying by a positive factor, all of one judge\u2019s scores leaves the normalised ranking unchanged', () => {
    fc.assert(
      fc.property(round, fc.integer({ min: 1, max: 6 }), fc.constantFrom(0.5, 1, 2, 3), fc.integer({ min: 0, max: 50 }), (r, judge, factor, shift) => {
        const before = aggregateRound(wideRubric, r.info, r.sheets, { mode: 'normalized' });
        const moved = r.sheets.map((s) => (s.judgeId === judge ? { ...s, scores: { a: s.scores.a * factor + shift, b: s.scores.b * factor + shift } } : s));
        const after = aggregateRound(wideRubric, r.info, moved, { mode: 'normalized' });
        expect(after.overall.map((x) => x.ideaId)).toEqual(before.overall.map((x) => x.ideaId));
        expect(after.overall.map((x) => x.decidedBy)).toEqual(before.overall.map((x) => x.decidedBy));
        expect(order(after).topic).toEqual(order(before).topic);
        expect(order(after).sector).toEqual(order(before).sector);
        for (const x of after.ideas) expect(x.zMean).toBeCloseTo(before.ideas.find((y) => y.ideaId === x.ideaId)!.zMean, 9);
      }),
      { numRuns: 400 },
    );
  });

  it('permuting judges (their ids and the order of the sheets) changes nothing', () => {
    fc.assert(
      fc.property(round, fc.infiniteStream(fc.nat()), fc.constantFrom<'raw' | 'normalized'>('raw', 'normalized'), (r, random, mode) => {
        const ids = Array.from({ length: r.judges }, (_, i) => i + 1);
        const perm = ids.slice().sort(() => 0).map((x) => x);
        for (let i = perm.length - 1; i > 0; i--) {
          const j = random.next().value % (i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const relabelled = r.sheets.map((s) => ({ ...s, judgeId: 100 + perm[s.judgeId - 1] }));
        const shuffled = relabelled.map((s) => ({ s, k: random.next().value })).sort((a, b) => a.k - b.k).map((x) => x.s);
        const a = aggregateRound(wideRubric, r.info, r.sheets, { mode });
        const b = aggregateRound(wideRubric, r.info, shuffled, { mode });
        expect(order(b)).toEqual(order(a));
        expect(b.overall).toEqual(a.overall);
        expect(b.ideas.map((x) => [x.score, x.median, x.spread, x.flagged])).toEqual(a.ideas.map((x) => [x.score, x.median, x.spread, x.flagged]));
        expect(b.reliability).toEqual(a.reliability);
      }),
      { numRuns: 300 },
    );
  });
});
