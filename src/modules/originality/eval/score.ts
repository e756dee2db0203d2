// Scores of `originality eval` over (query, source) pairs, as ../shared/data/originality/README.md
// defines them: paraphrase pairs are neither hits nor false positives and get their own recall.
import type { EvalQuery } from './jsonl.ts';

export interface EvalScores {
  threshold: number;
  /** type → [flagged, total] over truth pairs. */
  recallByType: Map<string, [number, number]>;
  positives: number;
  flaggedPositives: number;
  flaggedPairs: number;
  flaggedParaphrase: number;
  precision: number;
  recall: number;
  /** category (or "negative") → [queries with any flag, queries] for queries without truth. */
  negatives: Map<string, [number, number]>;
}

export const PARAPHRASE = 'paraphrase';

export function scoreEval(queries: EvalQuery[], flagged: Map<string, string[]>, threshold: number): EvalScores {
  const recallByType = new Map<string, [number, number]>();
  const negatives = new Map<string, [number, number]>();
  let positives = 0;
  let flaggedPositives = 0;
  let flaggedPairs = 0;
  let flaggedParaphrase = 0;
  for (const q of queries) {
    const flags = new Set(flagged.get(q.id) ?? []);
    flaggedPairs += flags.size;
    const truth = q.truth ?? [];
    for (const t of truth) {
      const hit = flags.has(t.source);
      const entry = recallByType.get(t.type) ?? [0, 0];
      entry[0] += hit ? 1 : 0;
      entry[1] += 1;
      recallByType.set(t.type, entry);
      if (t.type === PARAPHRASE) flaggedParaphrase += hit ? 1 : 0;
      else {
        positives++;
        flaggedPositives += hit ? 1 : 0;
      }
    }
    if (truth.length === 0) {
      const key = q.category ?? 'negative';
      const entry = negatives.get(key) ?? [0, 0];
      entry[0] += flags.size > 0 ? 1 : 0;
      entry[1] += 1;
      negatives.set(key, entry);
    }
  }
  const denominator = flaggedPairs - flaggedParaphrase;
  return {
    threshold,
    recallByType,
    positives,
    flaggedPositives,
    flaggedPairs,
    flaggedParaphrase,
    precision: denominator > 0 ? flaggedPositives / denominator : 1,
    recall: positives > 0 ? flaggedPositives / positives : 1,
    negatives,
  };
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

export function formatScores(s: EvalScores): string {
  const lines = [`阈值 / threshold: similarity > ${(s.threshold * 100).toFixed(2)}%`];
  for (const [type, [hit, total]] of [...s.recallByType].sort()) lines.push(`召回率 / recall ${type}: ${hit}/${total} (${pct(hit, total)})`);
  lines.push(`召回率 / recall (all but paraphrase): ${s.flaggedPositives}/${s.positives} (${pct(s.flaggedPositives, s.positives)})`);
  lines.push(`精确率 / precision over (query, source) pairs: ${s.flaggedPositives}/${s.flaggedPairs - s.flaggedParaphrase} (${pct(s.flaggedPositives, s.flaggedPairs - s.flaggedParaphrase)})`);
  for (const [category, [flagged, total]] of [...s.negatives].sort()) lines.push(`无抄袭样本被标记 / queries without truth flagged, ${category}: ${flagged}/${total}`);
  return lines.join('\n');
}
