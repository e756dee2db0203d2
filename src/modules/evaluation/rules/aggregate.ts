// aggregateRound (汇总): weighted totals, optional per-judge normalisation, disagreement, reliability
// and rankings. Every sum runs over values in a canonical order, so the result does not depend on the
// order of the sheets nor on the judges' ids (permuting judges changes nothing, bit for bit).
import { validateScores, weightedTotal } from './rubric.ts';
import { icc1 } from './reliability.ts';
import type { AggregateRound, IdeaScore, JudgeScale, Ranked, RankedIdeaInfo, RoundResult } from './types.ts';

export const DEFAULT_FLAG_SPREAD = 20;
/** Values closer than this (relative) count as equal, so that rounding noise never decides a rank. */
const EPS = 1e-9;

const sortedSum = (xs: readonly number[]) => xs.slice().sort((a, b) => a - b).reduce((s, x) => s + x, 0);
const mean = (xs: readonly number[]) => sortedSum(xs) / xs.length;
/** Population standard deviation (the judge's own sheets are the whole of what is standardised). */
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(sortedSum(xs.map((x) => (x - m) ** 2)) / xs.length);
};
function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
/** -1, 0, 1 with a relative tolerance. */
function cmp(a: number, b: number): number {
  if (Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b))) return 0;
  return a < b ? -1 : 1;
}

export const aggregateRound: AggregateRound = (rubric, ideas, sheets, opts) => {
  const expected = opts.expectedReviews ?? 3;
  const flagSpread = opts.flagSpread ?? DEFAULT_FLAG_SPREAD;
  const info = new Map(ideas.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const byJudge = new Map<number, { ideaId: number; raw: number }[]>();
  const all: number[] = [];
  for (const s of sheets) {
    if (!info.has(s.ideaId)) throw new Error(`aggregateRound: 评分表对应的金点子 ${s.ideaId} 不在本轮`);
    const k = `${s.ideaId}:${s.judgeId}`;
    if (seen.has(k)) throw new Error(`aggregateRound: 评委 ${s.judgeId} 对金点子 ${s.ideaId} 有两份评分表`);
    seen.add(k);
    const errors = validateScores(rubric, s.scores);
    if (errors.length) throw new Error(`aggregateRound: 评委 ${s.judgeId} 对金点子 ${s.ideaId} 的评分无效：${errors.map((e) => e.message).join('')}`);
    const raw = weightedTotal(rubric, s.scores);
    all.push(raw);
    if (!byJudge.has(s.judgeId)) byJudge.set(s.judgeId, []);
    byJudge.get(s.judgeId)!.push({ ideaId: s.ideaId, raw });
  }

  // Per-judge z-scores. A judge with one sheet, or with all totals equal, shows no preference among
  // the ideas: z = 0 (the idea then leans on its other judges).
  const judges: JudgeScale[] = [];
  const perIdea = new Map<number, { judgeId: number; raw: number; z: number }[]>();
  for (const [judgeId, list] of byJudge) {
    list.sort((a, b) => a.ideaId - b.ideaId);
    const raws = list.map((x) => x.raw);
    const m = mean(raws);
    const s = sd(raws);
    const constant = s <= EPS * Math.max(1, Math.abs(m));
    const status = list.length === 1 ? 'single' : constant ? 'constant' : 'ok';
    judges.push({ judgeId, sheets: list.length, mean: m, sd: s, status });
    for (const x of list) {
      const z = status === 'ok' ? (x.raw - m) / s : 0;
      if (!perIdea.has(x.ideaId)) perIdea.set(x.ideaId, []);
      perIdea.get(x.ideaId)!.push({ judgeId, raw: x.raw, z });
    }
  }
  judges.sort((a, b) => a.judgeId - b.judgeId);

  // Normalised values go back on the round's own scale: M + S·z, M and S the mean and standard
  // deviation of all raw totals, so that a normalised 80 reads like a raw 80 of an average judge.
  const normalized = opts.mode === 'normalized';
  const scale = normalized && all.length ? { mean: mean(all), sd: sd(all) } : null;
  const valueOf = (x: { raw: number; z: number }) => (scale ? scale.mean + scale.sd * x.z : x.raw);

  const scores: IdeaScore[] = [];
  // What ranks compare: in normalized mode the z-scores themselves (M + S·z orders the same way, but
  // comparing z keeps the rule independent of M and S, which move when any judge's scores move).
  const keys = new Map<number, RankKey>();
  for (const [ideaId, list] of perIdea) {
    const values = list.map(valueOf);
    const zMean = normalized ? mean(list.map((x) => x.z)) : 0;
    const score = scale ? scale.mean + scale.sd * zMean : mean(list.map((x) => x.raw));
    const spread = Math.max(...values) - Math.min(...values);
    keys.set(ideaId, normalized ? { value: zMean, median: median(list.map((x) => x.z)) } : { value: score, median: median(values) });
    scores.push({
      ideaId,
      sheets: list.length,
      complete: list.length >= expected,
      rawMean: mean(list.map((x) => x.raw)),
      zMean,
      score,
      median: median(values),
      spread,
      flagged: list.length >= 2 && cmp(spread, flagSpread) >= 0,
      perJudge: list.map((x) => ({ judgeId: x.judgeId, raw: x.raw, value: valueOf(x) })).sort((a, b) => a.judgeId - b.judgeId),
    });
  }
  scores.sort((a, b) => a.ideaId - b.ideaId);
  // Reliability of what is ranked: raw totals, or the normalised values (judges' leniency removed).
  const reliability = icc1(scores.map((s) => s.perJudge.map((p) => p.value)));

  const ranked = rankIdeas(scores, info, keys);
  const byTopic = new Map<string, Ranked[]>();
  const bySector = new Map<number, Ranked[]>();
  const topicGroups = new Map<string, IdeaScore[]>();
  const sectorGroups = new Map<number, IdeaScore[]>();
  for (const s of scores) {
    const i = info.get(s.ideaId)!;
    const t = i.topic ?? '';
    if (!topicGroups.has(t)) topicGroups.set(t, []);
    topicGroups.get(t)!.push(s);
    if (!sectorGroups.has(i.sectorId)) sectorGroups.set(i.sectorId, []);
    sectorGroups.get(i.sectorId)!.push(s);
  }
  for (const [t, g] of [...topicGroups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) byTopic.set(t, rankIdeas(g, info, keys));
  for (const [k, g] of [...sectorGroups].sort(([a], [b]) => a - b)) bySector.set(k, rankIdeas(g, info, keys));
  const result: RoundResult = { mode: opts.mode, ideas: scores, judges, reliability, overall: ranked, byTopic, bySector, scale };
  return result;
};

type Rule = Exclude<Ranked['decidedBy'], null>;
/** The value and median a rank compares (the mode's values; z-scores in normalized mode). */
export interface RankKey {
  value: number;
  median: number;
}

/**
 * The documented tie-break (并列时的排序规则): higher score; then higher median of the idea's sheet
 * values (one outlying judge counts less); then more sheets (a score resting on more judges); then
 * earlier receipt by the bureau; then the smaller id. Values within a relative 1e-9 are equal, so
 * that rounding noise never decides a rank.
 */
export function compareIdeas(a: IdeaScore, b: IdeaScore, info: ReadonlyMap<number, RankedIdeaInfo>, keys: ReadonlyMap<number, RankKey>): { order: number; rule: Rule } {
  const ka = keys.get(a.ideaId)!;
  const kb = keys.get(b.ideaId)!;
  let c = cmp(kb.value, ka.value);
  if (c) return { order: c, rule: 'score' };
  c = cmp(kb.median, ka.median);
  if (c) return { order: c, rule: 'median' };
  if (a.sheets !== b.sheets) return { order: b.sheets - a.sheets, rule: 'sheets' };
  const ta = Date.parse(info.get(a.ideaId)!.receivedAt);
  const tb = Date.parse(info.get(b.ideaId)!.receivedAt);
  if (ta !== tb && Number.isFinite(ta) && Number.isFinite(tb)) return { order: ta - tb, rule: 'receivedAt' };
  return { order: a.ideaId - b.ideaId, rule: 'id' };
}

export function rankIdeas(scores: readonly IdeaScore[], info: ReadonlyMap<number, RankedIdeaInfo>, keys: ReadonlyMap<number, RankKey>): Ranked[] {
  const sorted = scores.slice().sort((a, b) => compareIdeas(a, b, info, keys).order);
  return sorted.map((s, i) => ({
    ideaId: s.ideaId,
    rank: i + 1,
    score: s.score,
    decidedBy: i === 0 ? null : compareIdeas(sorted[i - 1], s, info, keys).rule,
  }));
}
