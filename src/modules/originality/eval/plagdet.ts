// PAN's character-level plagiarism detection measures (Potthast, Stein, Barrón-Cedeño, Rosso:
// "An Evaluation Framework for Plagiarism Detection", COLING 2010), pure code, no engine imports.
//
// A case s (planted copy) and a detection r are both a pair of spans: characters [query_start,
// query_end) of a suspicious text (the query) and [source_start, source_end) of a source document,
// UTF-16 offsets, end exclusive. As sets of characters, s = s_query ∪ s_source.
//   r detects s   ⇔ same (query, source) pair and they overlap in BOTH texts;
//   s ⊓ r         = s ∩ r if r detects s, else ∅;
//   precision     = 1/|R| Σ_r |⋃_s (s ⊓ r)| / |r|     (macro-averaged over detections)
//   recall        = 1/|S| Σ_s |⋃_r (s ⊓ r)| / |s|     (macro-averaged over cases)
//   granularity   = 1/|S_R| Σ_{s ∈ S_R} |R_s|         (S_R: detected cases, R_s: detections of s)
//   plagdet       = F1(precision, recall) / log2(1 + granularity)
// Empty sets follow PAN's reference code (perfmeasures.py): no cases and no detections → 1;
// only one of them empty → 0; granularity with nothing detected → 1.
//
// Usage (the engine's eval, with a corpus from scripts/originality-corpus.ts):
//   const cases = queries.flatMap((q) => casesOfQuery(q));          // ground truth
//   const dets = results.flatMap((r) => detectionsOfResult(r));      // engine passages
//   plagdet(cases, dets)                                             // overall
//   plagdetByType(cases, dets, queryTypes)                           // per copy type
// Tests: npx vitest run src/modules/originality/eval/plagdet.test.ts

export interface Detection {
  /** Id of the suspicious text (the query). */
  query: string;
  /** Id of the source document. */
  source: string;
  query_start: number;
  query_end: number;
  source_start: number;
  source_end: number;
}

export interface Case extends Detection {
  /** Copy type (verbatim, format-variant, light-edit, …). */
  type: string;
}

export interface PlagdetScores {
  precision: number;
  recall: number;
  granularity: number;
  f1: number;
  plagdet: number;
  cases: number;
  detections: number;
}

type Interval = [number, number];

function len(a: number, b: number): number {
  return Math.max(0, b - a);
}

function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return Math.max(a0, b0) < Math.min(a1, b1);
}

/** r detects s: same pair of texts, overlapping in the query and in the source. */
export function detects(r: Detection, s: Detection): boolean {
  return (
    r.query === s.query &&
    r.source === s.source &&
    overlaps(r.query_start, r.query_end, s.query_start, s.query_end) &&
    overlaps(r.source_start, r.source_end, s.source_start, s.source_end)
  );
}

/** Size of the union of intervals, each clipped to [lo, hi). */
function unionLength(intervals: Interval[], lo: number, hi: number): number {
  const clipped = intervals
    .map(([a, b]): Interval => [Math.max(a, lo), Math.min(b, hi)])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curA = -1;
  let curB = -1;
  for (const [a, b] of clipped) {
    if (a > curB) {
      total += len(curA, curB);
      curA = a;
      curB = b;
    } else if (b > curB) curB = b;
  }
  return total + len(curA, curB);
}

function size(x: Detection): number {
  return len(x.query_start, x.query_end) + len(x.source_start, x.source_end);
}

/** Σ over `xs` of |⋃_{y detecting x} (x ∩ y)| / |x|, macro-averaged; shared by recall and precision. */
function macroCoverage(xs: Detection[], ys: Detection[]): number {
  if (xs.length === 0 && ys.length === 0) return 1;
  if (xs.length === 0 || ys.length === 0) return 0;
  let sum = 0;
  for (const x of xs) {
    const sx = size(x);
    if (sx === 0) continue;
    const hits = ys.filter((y) => detects(y, x));
    const q = unionLength(hits.map((y): Interval => [y.query_start, y.query_end]), x.query_start, x.query_end);
    const s = unionLength(hits.map((y): Interval => [y.source_start, y.source_end]), x.source_start, x.source_end);
    sum += (q + s) / sx;
  }
  return sum / xs.length;
}

export function recall(cases: Detection[], detections: Detection[]): number {
  return macroCoverage(cases, detections);
}

export function precision(cases: Detection[], detections: Detection[]): number {
  return macroCoverage(detections, cases);
}

export function granularity(cases: Detection[], detections: Detection[]): number {
  let detected = 0;
  let total = 0;
  for (const s of cases) {
    const n = detections.filter((r) => detects(r, s)).length;
    if (n > 0) {
      detected++;
      total += n;
    }
  }
  return detected === 0 ? 1 : total / detected;
}

export function plagdet(cases: Detection[], detections: Detection[]): PlagdetScores {
  const p = precision(cases, detections);
  const r = recall(cases, detections);
  const g = granularity(cases, detections);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return { precision: p, recall: r, granularity: g, f1, plagdet: f1 / Math.log2(1 + g), cases: cases.length, detections: detections.length };
}

/**
 * Scores per copy type. Cases are grouped by `type`; a detection goes to every type whose case it
 * detects, and a detection that detects no case (a false positive) goes to the type of its query,
 * given by `queryTypes` (query id → type; a generated corpus has one type per positive query).
 * False positives on queries without a type (negatives) are reported under `unattributed`.
 */
export function plagdetByType(cases: Case[], detections: Detection[], queryTypes?: Map<string, string>): Map<string, PlagdetScores> {
  const types = new Set(cases.map((c) => c.type));
  const byType = new Map<string, Detection[]>();
  for (const t of types) byType.set(t, []);
  const unattributed: Detection[] = [];
  for (const r of detections) {
    const hit = new Set(cases.filter((s) => detects(r, s)).map((s) => s.type));
    if (hit.size === 0) {
      const t = queryTypes?.get(r.query);
      if (t !== undefined && byType.has(t)) byType.get(t)!.push(r);
      else unattributed.push(r);
    } else for (const t of hit) byType.get(t)!.push(r);
  }
  const out = new Map<string, PlagdetScores>();
  for (const t of [...types].sort()) {
    out.set(
      t,
      plagdet(
        cases.filter((c) => c.type === t),
        byType.get(t)!,
      ),
    );
  }
  if (unattributed.length > 0) out.set('unattributed', plagdet([], unattributed));
  return out;
}

/** Share of a text's characters [0, length) covered by the query side of the given detections. */
export function queryCoverage(detections: Detection[], query: string, length: number): number {
  if (length <= 0) return 0;
  const own = detections.filter((d) => d.query === query).map((d): Interval => [d.query_start, d.query_end]);
  return unionLength(own, 0, length) / length;
}
