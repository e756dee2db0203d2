import { describe, expect, it } from 'vitest';
import { icc1 } from './reliability.ts';

describe('icc1', () => {
  it('reproduces Shrout & Fleiss (1979), Table 2: six targets, four judges — ICC(1,1) = .17, ICC(1,4) = .44', () => {
    // Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
    // reliability. Psychological Bulletin 86(2), 420–428, Table 2 (data) and Table 4 (ICC values).
    const table2 = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const r = icc1(table2);
    expect(r.single).toBeCloseTo(0.17, 2);
    expect(r.average).toBeCloseTo(0.44, 2);
    // By hand: SSB = Σ(row sum²)/4 − 127²/24 = 1349/24, SSW = 451/4, so BMS = 1349/120 (11.24) and
    // WMS = 451/72 (6.26), as in the paper; ICC(1) = (BMS − WMS)/(BMS + 3·WMS), ICC(1,4) = (BMS − WMS)/BMS.
    const bms = 1349 / 120;
    const wms = 451 / 72;
    expect(r.single).toBeCloseTo((bms - wms) / (bms + 3 * wms), 12);
    expect(r.average).toBeCloseTo((bms - wms) / bms, 12);
    expect(r).toMatchObject({ method: 'icc1', k: 4, ideas: 6, sheets: 24 });
    expect(r.explanation).toContain('ICC(1) = 0.17');
    expect(r.explanation).toContain('约 17% 来自金点子本身的优劣');
    expect(r.explanation).toContain('“差”');
  });

  it('groups of unequal size (an idea with a missing sheet), computed by hand', () => {
    // A = [2, 4], B = [6, 8], C = [5]: N = 5, a = 3, grand mean 5; SSB = 2·4 + 2·4 + 0 = 16, SSW = 4;
    // MSB = 8, MSW = 2; k₀ = (5 − 9/5)/2 = 1.6; ICC(1) = 6 / (8 + 0.6·2) = 15/23;
    // mean of k = 5/3 judges (Spearman–Brown): (5/3 · 15/23) / (1 + 2/3 · 15/23) = 25/33.
    const r = icc1([[2, 4], [6, 8], [5]]);
    expect(r.single).toBeCloseTo(15 / 23, 12);
    expect(r.average).toBeCloseTo(25 / 33, 12);
    expect(r.explanation).toContain('每件 1.7 位评委');
    expect(r.explanation).toContain('“良好”');
  });

  it('says why when it cannot be computed, and what a value ≤ 0 means', () => {
    expect(icc1([[1, 2, 3]]).single).toBeNull();
    expect(icc1([[1], [2]]).explanation).toContain('至少需要一件金点子有两位以上评委的评分');
    expect(icc1([[5, 5], [5, 5]]).explanation).toContain('所有评分完全相同');
    const noisy = icc1([[1, 9], [9, 1], [5, 5]]);
    expect(noisy.single).toBeLessThan(0);
    expect(noisy.explanation).toContain('几乎没有反映出金点子本身的优劣');
  });
});
