// Award tiers (奖项) down the overall ranking, by count or by share, then hand adjustments, each with
// its recorded reason (按名额或比例评定，人工调整须说明理由).
import { AWARD_TIERS, type AssignAwards, type AwardDecision, type AwardTier, type FieldError } from './types.ts';

export const AWARD_LABELS: Record<AwardTier, string> = { first: '一等奖', second: '二等奖', third: '三等奖', excellence: '优秀奖' };
const MAX_REASON = 500;

export const assignAwards: AssignAwards = (ranking, spec, adjustments = []) => {
  const errors: FieldError[] = [];
  const n = ranking.length;
  // Cumulative boundaries: the first b₁ ideas get 一等奖, the next up to b₂ 二等奖, …
  const bounds: number[] = [];
  let cum = 0;
  for (const tier of AWARD_TIERS) {
    if (spec.by === 'count') {
      const c = spec.counts[tier] ?? 0;
      if (!Number.isInteger(c) || c < 0) errors.push({ field: tier, message: `${AWARD_LABELS[tier]}的名额须为非负整数。` });
      cum += Math.max(0, Math.floor(c));
      bounds.push(Math.min(n, cum));
    } else {
      const s = spec.shares[tier] ?? 0;
      if (!Number.isFinite(s) || s < 0 || s > 1) errors.push({ field: tier, message: `${AWARD_LABELS[tier]}的比例须在 0 到 100% 之间。` });
      cum += Number.isFinite(s) ? Math.max(0, s) : 0;
      // Rounded half up on the cumulative share, so that rounding never piles up down the tiers.
      bounds.push(Math.min(n, Math.floor(cum * n + 0.5 + 1e-9)));
    }
  }
  if (spec.by === 'share' && cum > 1 + 1e-9) errors.push({ field: '', message: `各奖项比例之和不能超过 100%（现为 ${(cum * 100).toFixed(1)}%）。` });
  const ranked = new Set(ranking.map((r) => r.ideaId));
  const adjusted = new Map<number, { tier: AwardTier | null; reason: string }>();
  for (const a of adjustments) {
    const field = String(a.ideaId);
    if (!ranked.has(a.ideaId)) errors.push({ field, message: `编号 ${a.ideaId} 的金点子不在排名中，不能调整奖项。` });
    if (adjusted.has(a.ideaId)) errors.push({ field, message: `编号 ${a.ideaId} 的金点子有多条奖项调整。` });
    if (a.tier !== null && !AWARD_TIERS.includes(a.tier)) errors.push({ field, message: `奖项“${String(a.tier)}”无效。` });
    const reason = typeof a.reason === 'string' ? a.reason.trim() : '';
    if (!reason) errors.push({ field, message: `调整编号 ${a.ideaId} 的金点子的奖项须填写理由。` });
    else if (reason.length > MAX_REASON) errors.push({ field, message: `调整理由最多 ${MAX_REASON} 字。` });
    adjusted.set(a.ideaId, { tier: a.tier, reason });
  }
  if (errors.length) return { ok: false, errors };
  const decisions: AwardDecision[] = ranking.map((r, i) => {
    const k = bounds.findIndex((b) => i < b);
    const computed = k >= 0 ? AWARD_TIERS[k] : null;
    const adj = adjusted.get(r.ideaId);
    return { ideaId: r.ideaId, rank: r.rank, computed, final: adj ? adj.tier : computed, reason: adj ? adj.reason : null };
  });
  return { ok: true, decisions };
};
