// The rubric (评分标准) and one judge's score sheet: range checks and the weighted total.
import type { Criterion, CriterionScores, FieldError, Rubric } from './types.ts';

/** The default rubric of issue 5: five criteria of 20 points, equal weights (total 100). */
export const DEFAULT_RUBRIC: Rubric = {
  criteria: [
    { key: 'innovation', name: '创新性', maxPoints: 20, weight: 1, step: 0.5 },
    { key: 'relevance', name: '针对性', maxPoints: 20, weight: 1, step: 0.5 },
    { key: 'feasibility', name: '可行性', maxPoints: 20, weight: 1, step: 0.5 },
    { key: 'effectiveness', name: '实效性', maxPoints: 20, weight: 1, step: 0.5 },
    { key: 'writing', name: '文字表达', maxPoints: 20, weight: 1, step: 0.5 },
  ],
};

export const DEFAULT_STEP = 0.5;
const MAX_CRITERIA = 20;

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

export function validateRubric(rubric: Rubric): FieldError[] {
  const errors: FieldError[] = [];
  const { criteria } = rubric;
  if (!Array.isArray(criteria) || criteria.length === 0) return [{ field: '', message: '评分标准至少需要一项评分指标。' }];
  if (criteria.length > MAX_CRITERIA) errors.push({ field: '', message: `评分指标最多 ${MAX_CRITERIA} 项（现有 ${criteria.length} 项）。` });
  const keys = new Set<string>();
  criteria.forEach((c, i) => {
    const label = c.name?.trim() ? `“${c.name.trim()}”` : `第 ${i + 1} 项指标`;
    if (typeof c.key !== 'string' || !/^[a-z][a-z0-9_]{0,31}$/.test(c.key)) errors.push({ field: String(c.key ?? ''), message: `${label}的代码须以小写字母开头，只含小写字母、数字和下划线，最多 32 个字符。` });
    else if (keys.has(c.key)) errors.push({ field: c.key, message: `${label}的代码“${c.key}”与其他指标重复。` });
    keys.add(c.key);
    if (typeof c.name !== 'string' || !c.name.trim()) errors.push({ field: String(c.key ?? ''), message: `第 ${i + 1} 项指标需要名称。` });
    else if (c.name.trim().length > 20) errors.push({ field: c.key, message: `${label}的名称最多 20 个字。` });
    if (!positive(c.maxPoints) || c.maxPoints > 1000) errors.push({ field: c.key, message: `${label}的满分须大于 0 且不超过 1000。` });
    if (!positive(c.weight) || c.weight > 100) errors.push({ field: c.key, message: `${label}的权重须大于 0 且不超过 100。` });
    if (c.step !== undefined && (!positive(c.step) || (positive(c.maxPoints) && !isMultiple(c.maxPoints, c.step)))) {
      errors.push({ field: c.key, message: `${label}的计分单位须大于 0，且满分是它的整数倍。` });
    }
  });
  return errors;
}

/** x is an integer multiple of step (up to rounding of decimal steps such as 0.1). */
function isMultiple(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9 * Math.max(1, Math.abs(q));
}

const fmt = (x: number) => String(Number(x.toFixed(6)));

/** One criterion's score: present, a finite number in [0, max], a multiple of the step. */
export function scoreError(c: Criterion, value: unknown): string | null {
  if (value === undefined || value === null) return `请为“${c.name}”打分。`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `“${c.name}”的分数须是数字。`;
  if (value < 0 || value > c.maxPoints) return `“${c.name}”的分数须在 0 到 ${fmt(c.maxPoints)} 之间（收到 ${fmt(value)}）。`;
  const step = c.step ?? DEFAULT_STEP;
  if (!isMultiple(value, step)) return `“${c.name}”的分数须是 ${fmt(step)} 的整数倍（收到 ${fmt(value)}）。`;
  return null;
}

/**
 * Checks a sheet against the rubric. `partial` (a draft) allows criteria not yet scored; unknown
 * criterion keys are always refused.
 */
export function validateScores(rubric: Rubric, scores: CriterionScores, opts: { partial?: boolean } = {}): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(rubric.criteria.map((c) => c.key));
  for (const key of Object.keys(scores)) if (!known.has(key)) errors.push({ field: key, message: `评分标准中没有指标“${key}”。` });
  for (const c of rubric.criteria) {
    const value = Object.hasOwn(scores, c.key) ? scores[c.key] : undefined;
    if (value === undefined && opts.partial) continue;
    const message = scoreError(c, value);
    if (message) errors.push({ field: c.key, message });
  }
  return errors;
}

/** 100 × Σ wᵢ·sᵢ / Σ wᵢ·maxᵢ: a 0–100 total whatever the rubric's points and weights. */
export function weightedTotal(rubric: Rubric, scores: CriterionScores): number {
  let num = 0;
  let den = 0;
  for (const c of rubric.criteria) {
    const s = scores[c.key];
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new Error(`weightedTotal: no score for ${c.key}`);
    num += c.weight * s;
    den += c.weight * c.maxPoints;
  }
  return den > 0 ? (100 * num) / den : 0;
}
