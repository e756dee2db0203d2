// Scores `jindianzi originality eval` output (one JSON line per query: {id, similarity, sources:
// [{source, similarity, passages: [{query_start, query_end, source_start, source_end}]}]}) against a
// generated corpus (corpus-generator.ts) with PAN's plagdet, and checks issue 4 item 7's goals:
// plagdet ≥ 0.96 on verbatim and format variants, ≥ 0.80 on light edits, no passage on a
// stock-phrase negative, every same-topic negative ≤ 5 % similarity. Pure code, no engine imports.
// CLI: node --import tsx scripts/originality-plagdet.ts --queries Q.jsonl --results R.jsonl
import { plagdet, plagdetByType, type Case, type Detection, type PlagdetScores } from './plagdet.ts';

export interface ResultLine {
  id: string;
  similarity: number;
  sources: Array<{ source: string; similarity?: number; passages: Array<{ query_start: number; query_end: number; source_start: number; source_end: number }> }>;
}

export interface ScoredQuery {
  id: string;
  category: string;
  cases: Array<Omit<Case, 'query'>>;
}

export const GOALS: Record<string, number> = { verbatim: 0.96, 'format-variant': 0.96, 'light-edit': 0.8 };
export const SAME_TOPIC_MAX = 0.05;

export function detectionsOf(r: ResultLine): Detection[] {
  return r.sources.flatMap((s) => s.passages.map((p) => ({ query: r.id, source: s.source, ...p })));
}

export interface GoalReport {
  overall: PlagdetScores;
  byType: Map<string, PlagdetScores>;
  /** Passages reported on negative-stock-phrases queries (goal 0). */
  stockPassages: number;
  /** Highest similarity over negative-same-topic queries, and how many exceed 5 %. */
  sameTopicMax: number;
  sameTopicOver: number;
  missingResults: string[];
  pass: boolean;
}

export function goalReport(queries: ScoredQuery[], results: ResultLine[]): GoalReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const cases: Case[] = queries.flatMap((q) => q.cases.map((c) => ({ ...c, query: q.id })));
  const positives = new Set(queries.filter((q) => q.cases.length > 0).map((q) => q.id));
  const detections = results.filter((r) => positives.has(r.id)).flatMap(detectionsOf);
  const byType = plagdetByType(cases, detections, new Map(queries.map((q) => [q.id, q.category])));
  let stockPassages = 0;
  let sameTopicMax = 0;
  let sameTopicOver = 0;
  for (const q of queries) {
    const r = byId.get(q.id);
    if (!r) continue;
    if (q.category === 'negative-stock-phrases') stockPassages += detectionsOf(r).length;
    if (q.category === 'negative-same-topic') {
      sameTopicMax = Math.max(sameTopicMax, r.similarity);
      if (r.similarity > SAME_TOPIC_MAX) sameTopicOver++;
    }
  }
  const missingResults = queries.filter((q) => !byId.has(q.id)).map((q) => q.id);
  const pass =
    missingResults.length === 0 &&
    stockPassages === 0 &&
    sameTopicOver === 0 &&
    Object.entries(GOALS).every(([t, goal]) => (byType.get(t)?.plagdet ?? 0) >= goal);
  return { overall: plagdet(cases, detections), byType, stockPassages, sameTopicMax, sameTopicOver, missingResults, pass };
}

export function formatGoalReport(g: GoalReport): string {
  const f = (x: number) => x.toFixed(4);
  const row = (name: string, s: PlagdetScores, goal?: number) =>
    `${name.padEnd(16)} plagdet ${f(s.plagdet)}  precision ${f(s.precision)}  recall ${f(s.recall)}  granularity ${f(s.granularity)}  (${s.cases} cases, ${s.detections} detections)${goal === undefined ? '' : s.plagdet >= goal ? `  ≥ ${goal} ✓` : `  < ${goal} ✗`}`;
  const lines = [row('overall', g.overall)];
  for (const [t, s] of g.byType) lines.push(row(t, s, GOALS[t]));
  lines.push(`negative-stock-phrases: ${g.stockPassages} passage(s) (goal 0) ${g.stockPassages === 0 ? '✓' : '✗'}`);
  lines.push(`negative-same-topic: max similarity ${(g.sameTopicMax * 100).toFixed(2)} %, ${g.sameTopicOver} over 5 % (goal 0) ${g.sameTopicOver === 0 ? '✓' : '✗'}`);
  if (g.missingResults.length > 0) lines.push(`missing results: ${g.missingResults.join(', ')}`);
  lines.push(g.pass ? 'all goals met' : 'goals NOT met');
  return lines.join('\n');
}
