import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, validateRubric, validateScores, weightedTotal } from './rubric.ts';
import type { Rubric } from './types.ts';

describe('rubric', () => {
  it('the default rubric: 创新性, 针对性, 可行性, 实效性, 文字表达, valid, totals to 100', () => {
    expect(DEFAULT_RUBRIC.criteria.map((c) => c.name)).toEqual(['创新性', '针对性', '可行性', '实效性', '文字表达']);
    expect(validateRubric(DEFAULT_RUBRIC)).toEqual([]);
    const full = Object.fromEntries(DEFAULT_RUBRIC.criteria.map((c) => [c.key, c.maxPoints]));
    expect(weightedTotal(DEFAULT_RUBRIC, full)).toBe(100);
  });

  it('weighted total: 100 × Σ wᵢsᵢ / Σ wᵢmaxᵢ', () => {
    const r: Rubric = { criteria: [{ key: 'a', name: '创新性', maxPoints: 10, weight: 2 }, { key: 'b', name: '可行性', maxPoints: 20, weight: 1 }] };
    // (2·5 + 1·10) / (2·10 + 1·20) = 20/40
    expect(weightedTotal(r, { a: 5, b: 10 })).toBe(50);
    expect(weightedTotal(r, { a: 10, b: 0 })).toBe(50);
    expect(weightedTotal(r, { a: 0, b: 20 })).toBe(50);
  });

  it('range, step, missing and unknown scores give zh-CN messages', () => {
    const [c] = DEFAULT_RUBRIC.criteria;
    const ok = Object.fromEntries(DEFAULT_RUBRIC.criteria.map((x) => [x.key, 15]));
    expect(validateScores(DEFAULT_RUBRIC, ok)).toEqual([]);
    expect(validateScores(DEFAULT_RUBRIC, { ...ok, [c.key]: 20.5 })).toEqual([{ field: c.key, message: '“创新性”的分数须在 0 到 20 之间（收到 20.5）。' }]);
    expect(validateScores(DEFAULT_RUBRIC, { ...ok, [c.key]: -1 })[0].message).toContain('须在 0 到 20 之间');
    expect(validateScores(DEFAULT_RUBRIC, { ...ok, [c.key]: 12.3 })).toEqual([{ field: c.key, message: '“创新性”的分数须是 0.5 的整数倍（收到 12.3）。' }]);
    expect(validateScores(DEFAULT_RUBRIC, { ...ok, [c.key]: Number.NaN })[0].message).toBe('“创新性”的分数须是数字。');
    const { [c.key]: _, ...missing } = ok;
    expect(validateScores(DEFAULT_RUBRIC, missing)).toEqual([{ field: c.key, message: '请为“创新性”打分。' }]);
    expect(validateScores(DEFAULT_RUBRIC, missing, { partial: true })).toEqual([]);
    expect(validateScores(DEFAULT_RUBRIC, { ...ok, extra: 1 })).toEqual([{ field: 'extra', message: '评分标准中没有指标“extra”。' }]);
  });

  it('refuses a bad rubric with reasons', () => {
    expect(validateRubric({ criteria: [] })[0].message).toBe('评分标准至少需要一项评分指标。');
    const errors = validateRubric({
      criteria: [
        { key: 'a', name: '创新性', maxPoints: 0, weight: 1 },
        { key: 'a', name: '', maxPoints: 10, weight: -1 },
        { key: 'B!', name: '实效性', maxPoints: 10, weight: 1, step: 3 },
      ],
    }).map((e) => e.message);
    expect(errors).toEqual([
      '“创新性”的满分须大于 0 且不超过 1000。',
      '第 2 项指标的代码“a”与其他指标重复。',
      '第 2 项指标需要名称。',
      '第 2 项指标的权重须大于 0 且不超过 100。',
      '“实效性”的代码须以小写字母开头，只含小写字母、数字和下划线，最多 32 个字符。',
      '“实效性”的计分单位须大于 0，且满分是它的整数倍。',
    ]);
  });
});
