import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignAwards } from './awards.ts';
import { AWARD_TIERS, type Ranked } from './types.ts';

const ranking: Ranked[] = Array.from({ length: 10 }, (_, i) => ({ ideaId: 101 + i, rank: i + 1, score: 90 - i, decidedBy: i ? 'score' : null }));
const tiers = (r: ReturnType<typeof assignAwards>) => (r.ok ? r.decisions.map((d) => d.final) : r.errors);

describe('assignAwards', () => {
  it('by count, down the ranking', () => {
    expect(tiers(assignAwards(ranking, { by: 'count', counts: { first: 1, second: 2, third: 3 } }))).toEqual([
      'first', 'second', 'second', 'third', 'third', 'third', null, null, null, null,
    ]);
    // More places than ideas: the ranking runs out.
    expect(tiers(assignAwards(ranking.slice(0, 2), { by: 'count', counts: { first: 1, second: 5 } }))).toEqual(['first', 'second']);
  });

  it('by share: cumulative shares rounded half up (10 %, 20 %, 30 %, 15 % of 10 → 1, 2, 3, 2)', () => {
    // Cumulative 0.1, 0.3, 0.6, 0.75 of 10 ideas → boundaries 1, 3, 6, 8 (7.5 rounds up).
    expect(tiers(assignAwards(ranking, { by: 'share', shares: { first: 0.1, second: 0.2, third: 0.3, excellence: 0.15 } }))).toEqual([
      'first', 'second', 'second', 'third', 'third', 'third', 'excellence', 'excellence', null, null,
    ]);
  });

  it('hand adjustments carry their reason; the computed tier stays on record', () => {
    const r = assignAwards(ranking, { by: 'count', counts: { first: 1, second: 1 } }, [
      { ideaId: 101, tier: null, reason: '查重发现与已发表文章雷同' },
      { ideaId: 109, tier: 'excellence', reason: '  评审组复议：实效突出  ' },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.decisions[0]).toEqual({ ideaId: 101, rank: 1, computed: 'first', final: null, reason: '查重发现与已发表文章雷同' });
    expect(r.decisions[8]).toEqual({ ideaId: 109, rank: 9, computed: null, final: 'excellence', reason: '评审组复议：实效突出' });
    expect(r.decisions[1]).toEqual({ ideaId: 102, rank: 2, computed: 'second', final: 'second', reason: null });
  });

  it('without adjustments, tiers never get better down the ranking and each tier has its count (or share, rounded)', () => {
    const tierCounts = fc.record({ first: fc.nat(5), second: fc.nat(5), third: fc.nat(5), excellence: fc.nat(5) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), tierCounts, fc.boolean(), (n, c, byShare) => {
        const ranked = ranking.concat(Array.from({ length: 30 }, (_, i) => ({ ideaId: 200 + i, rank: 11 + i, score: 80 - i, decidedBy: 'score' as const }))).slice(0, n);
        const total = c.first + c.second + c.third + c.excellence;
        const shares = Object.fromEntries(AWARD_TIERS.map((t) => [t, total ? c[t] / Math.max(total, 20) : 0]));
        const r = assignAwards(ranked, byShare ? { by: 'share', shares } : { by: 'count', counts: c });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const index = r.decisions.map((d) => (d.computed === null ? AWARD_TIERS.length : AWARD_TIERS.indexOf(d.computed)));
        for (let i = 1; i < index.length; i++) expect(index[i]).toBeGreaterThanOrEqual(index[i - 1]);
        let cum = 0;
        let cumShare = 0;
        for (const t of AWARD_TIERS) {
          const got = r.decisions.filter((d) => d.computed === t).length;
          const before = cum;
          cumShare += shares[t];
          cum = byShare ? Math.min(n, Math.floor(cumShare * n + 0.5 + 1e-9)) : Math.min(n, cum + c[t]);
          expect(got).toBe(cum - before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bad specs and adjustments with zh-CN reasons', () => {
    const bad = assignAwards(ranking, { by: 'share', shares: { first: 0.6, second: 0.6 } });
    expect(bad.ok || bad.errors.map((e) => e.message)).toEqual(['各奖项比例之和不能超过 100%（现为 120.0%）。']);
    const neg = assignAwards(ranking, { by: 'count', counts: { first: -1 } });
    expect(neg.ok || neg.errors[0].message).toBe('一等奖的名额须为非负整数。');
    const adj = assignAwards(ranking, { by: 'count', counts: { first: 1 } }, [
      { ideaId: 999, tier: 'first', reason: '理由' },
      { ideaId: 102, tier: 'first', reason: ' ' },
    ]);
    expect(adj.ok || adj.errors.map((e) => e.message)).toEqual(['编号 999 的金点子不在排名中，不能调整奖项。', '调整编号 102 的金点子的奖项须填写理由。']);
  });
});
