// Cutting a text into stretches that carry the same marks (a copied passage of source 2, a stock
// phrase, a quotation …): what the report page and the report PDF both draw. Pure, no pdfkit and no
// DOM, so that the web app imports it too. Offsets are UTF-16 code units, end exclusive, as the
// engine's report gives them.

export type MarkKind = 'copied' | 'stock' | 'quotation' | 'passage';

export interface Mark {
  start: number;
  end: number;
  kind: MarkKind;
  /** For 'passage': which passage (its index in the list the caller gave). */
  ref?: number;
}

export interface Segment {
  start: number;
  end: number;
  /** The marks covering the whole stretch, in the order they were given. */
  marks: Mark[];
}

/**
 * Splits [0, length) at every mark boundary. Marks are clamped to the text; empty or inverted ones
 * are dropped. Adjacent stretches are kept apart only where their marks differ.
 */
export function segment(length: number, marks: readonly Mark[]): Segment[] {
  const clean = marks
    .map((m) => ({ ...m, start: Math.max(0, Math.min(length, m.start)), end: Math.max(0, Math.min(length, m.end)) }))
    .filter((m) => m.end > m.start);
  const cuts = new Set<number>([0, length]);
  for (const m of clean) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    const on = clean.filter((m) => m.start <= start && m.end >= end);
    const last = out[out.length - 1];
    if (last && sameMarks(last.marks, on)) last.end = end;
    else out.push({ start, end, marks: on });
  }
  return out;
}

function sameMarks(a: Mark[], b: Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

/** The strongest label of a stretch for drawing: a passage of the shown source, else copied, quotation, stock. */
export function dominant(s: Segment): { kind: MarkKind | null; ref?: number } {
  const p = s.marks.find((m) => m.kind === 'passage');
  if (p) {
    // A stock phrase or quotation inside a passage is still drawn as such (it is not counted).
    const quiet = s.marks.find((m) => m.kind === 'stock' || m.kind === 'quotation');
    return quiet ? { kind: quiet.kind, ref: p.ref } : { kind: 'passage', ref: p.ref };
  }
  for (const k of ['copied', 'quotation', 'stock'] as const) if (s.marks.some((m) => m.kind === k)) return { kind: k };
  return { kind: null };
}

/** Paragraphs of a text as [start, end) ranges (line breaks separate them; blank lines dropped). */
export function paragraphRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /[^\r\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].trim()) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** The segments that fall inside [from, to), cut at its edges. */
export function within(segments: readonly Segment[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.end <= from || s.start >= to) continue;
    out.push({ start: Math.max(s.start, from), end: Math.min(s.end, to), marks: s.marks });
  }
  return out;
}

/** A share as the page and the paper print it: one decimal, "12.3%". */
export function percent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const p = Math.round(share * 1000) / 10;
  if (p === 0) return '<0.1%';
  return `${p === Math.trunc(p) ? p.toFixed(0) : p.toFixed(1)}%`;
}

export type Level = 'red' | 'orange' | 'ok';

/** Which colour the bureau's thresholds give a share (thresholds as shares, e.g. 0.3). */
export function levelOf(share: number, t: { red: number; orange: number }): Level {
  if (share >= t.red) return 'red';
  if (share >= t.orange) return 'orange';
  return 'ok';
}
