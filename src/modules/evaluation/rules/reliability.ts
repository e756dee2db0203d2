// Inter-rater reliability of a round: ICC(1), the one-way random-effects intraclass correlation
// (Shrout & Fleiss 1979, case 1), because every idea has its own set of judges drawn from the pool.
// Kendall's W would need every judge to rank every idea (a complete design), which a round of
// hundreds of ideas with three judges each never is. Groups may differ in size (an idea with a
// missing sheet): the ANOVA then uses k₀ = (N − Σnᵢ²/N)/(a − 1) for the group size.
import type { Reliability } from './types.ts';

/** Koo & Li (2016), J. Chiropractic Medicine 15(2):155–163: < 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, > 0.9 excellent. */
export function band(x: number): string {
  if (x < 0.5) return '差';
  if (x < 0.75) return '中等';
  if (x < 0.9) return '良好';
  return '优秀';
}

const sum = (xs: readonly number[]) => xs.slice().sort((a, b) => a - b).reduce((s, x) => s + x, 0);
const pct = (x: number) => `${Math.round(Math.max(0, x) * 100)}%`;
const f2 = (x: number) => x.toFixed(2);

export function icc1(groups: readonly (readonly number[])[]): Reliability {
  const rated = groups.filter((g) => g.length > 0);
  const a = rated.length;
  const N = rated.reduce((s, g) => s + g.length, 0);
  const kMean = a ? N / a : 0;
  const base = { method: 'icc1' as const, k: kMean, ideas: a, sheets: N };
  const none = (why: string): Reliability => ({ ...base, single: null, average: null, explanation: `暂无法计算评分一致性：${why}。` });
  if (a < 2) return none('至少需要两件已评分的金点子');
  if (N - a < 1) return none('至少需要一件金点子有两位以上评委的评分');
  const grand = sum(rated.map((g) => sum(g))) / N;
  const means = rated.map((g) => sum(g) / g.length);
  const ssb = sum(rated.map((g, i) => g.length * (means[i] - grand) ** 2));
  const ssw = sum(rated.map((g, i) => sum(g.map((x) => (x - means[i]) ** 2))));
  const msb = ssb / (a - 1);
  const msw = ssw / (N - a);
  const k0 = (N - sum(rated.map((g) => g.length ** 2)) / N) / (a - 1);
  const den = msb + (k0 - 1) * msw;
  if (!(den > 0)) return none('所有评分完全相同，无法区分金点子');
  const single = (msb - msw) / den;
  // Spearman–Brown to the mean of k judges (k = the average sheets per idea); for equal group sizes
  // this is (MSB − MSW)/MSB, Shrout & Fleiss's ICC(1,k).
  const average = (kMean * single) / (1 + (kMean - 1) * single);
  const k = Number.isInteger(kMean) ? String(kMean) : kMean.toFixed(1);
  const explanation =
    single <= 0
      ? `评分一致性 ICC(1) = ${f2(single)}：同一件金点子的几位评委之间的分歧，不小于不同金点子之间的差别，即评分几乎没有反映出金点子本身的优劣。建议检查评分标准是否清楚、评委是否理解一致，必要时复评。`
      : `评分一致性 ICC(1) = ${f2(single)}（单个评委），每件 ${k} 位评委平均分的可靠度 ICC(1,k) = ${f2(average)}。` +
        `含义：各金点子得分的差异中，约 ${pct(single)} 来自金点子本身的优劣，其余来自评委的个人判断和偶然因素；` +
        `按 ${k} 位评委的平均分排序，其可靠程度为“${band(average)}”。` +
        '参照 Koo 与 Li（2016）的划分：低于 0.5 为差，0.5–0.75 为中等，0.75–0.9 为良好，0.9 以上为优秀。';
  return { ...base, single, average, explanation };
}
