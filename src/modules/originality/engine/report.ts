// The figures of a check, CNKI style: 重复字数 / 总字数 on the normalised characters of the submission,
// per source and overall; stock phrases (套话) not counted; cited quotations counted apart.
import { GUARANTEE_T, NOISE_K } from './fingerprint.ts';
import { toOriginalRange, type Normalized } from './normalize.ts';
import type { ChainedPassage } from './align.ts';

export type SpanLabel = 'copied' | 'stock' | 'quotation';

/** A labelled stretch of the submission, original UTF-16 offsets, end exclusive. */
export interface LabelledSpan {
  start: number;
  end: number;
  label: SpanLabel;
}

export interface PassageReport {
  queryStart: number;
  queryEnd: number;
  sourceStart: number;
  sourceEnd: number;
  /** Normalised characters of the passage counted as copied (stock and quotations left out). */
  matchedChars: number;
}

export interface SourceReport {
  source: string;
  title?: string;
  /** matchedChars / the submission's normalised characters. */
  similarity: number;
  matchedChars: number;
  quotationChars: number;
  /** The source is an idea of the same unit from an earlier year. */
  sameUnitEarlierYear: boolean;
  passages: PassageReport[];
}

export interface OriginalityReport {
  /** Normalised characters of the submission (总字数). */
  totalChars: number;
  /** copiedChars / totalChars (总文字复制比). */
  similarity: number;
  copiedChars: number;
  quotationChars: number;
  stockChars: number;
  /** Sources with at least one passage, highest similarity first. */
  sources: SourceReport[];
  spans: LabelledSpan[];
}

export interface SourceAlignment {
  source: string;
  title?: string;
  sameUnitEarlierYear: boolean;
  sourceNormalized: Normalized;
  passages: ChainedPassage[];
}

/**
 * Evidence of a passage: its exactly matched characters outside stock phrases, counting only
 * stretches of at least K (shorter ones are the edges of a stock phrase that the
 * document-frequency mask did not reach, or a connective between two phrases). A passage with less
 * than T of evidence is not reported: it is made of stock phrases.
 */
export function passageEvidence(p: ChainedPassage, stock: Uint8Array): number {
  let evidence = 0;
  for (const r of p.runs) {
    let stretch = 0;
    for (let i = r.q; i <= r.q + r.len; i++) {
      if (i < r.q + r.len && !stock[i]) stretch++;
      else {
        if (stretch >= NOISE_K) evidence += stretch;
        stretch = 0;
      }
    }
  }
  return evidence;
}

/**
 * The document-frequency mask covers the k-grams the index selected, which can leave up to W − 1
 * characters at each end of a common phrase; inside an exact run, a stretch shorter than K between
 * stock characters and the end of the run (or other stock characters) is taken to be stock too.
 */
export function widenStock(stock: Uint8Array, alignments: SourceAlignment[]): Uint8Array {
  const out = stock.slice();
  for (const a of alignments) {
    for (const p of a.passages) {
      for (const r of p.runs) {
        let from = r.q;
        for (let i = r.q; i <= r.q + r.len; i++) {
          if (i < r.q + r.len && !stock[i]) continue;
          const touchesStock = (from > r.q && stock[from - 1]) || (i < r.q + r.len && stock[i]);
          if (i - from > 0 && i - from < NOISE_K && touchesStock) out.fill(1, from, i);
          from = i + 1;
        }
      }
    }
  }
  return out;
}

/**
 * `common`, when given: characters of k-grams over the document-frequency cap. They are shared
 * with more sources than the cap by definition, so they are labelled stock even where no aligned
 * source has them (the listed phrases are labelled only where a source shares them).
 */
export function buildReport(query: Normalized, alignments: SourceAlignment[], exactStock: Uint8Array, quotation: Uint8Array, common?: Uint8Array): OriginalityReport {
  const n = query.text.length;
  const stock = widenStock(exactStock, alignments);
  // 0 none, 1 copied, 2 quotation, 3 stock (matched against some source)
  const label = new Uint8Array(n);
  const sources: SourceReport[] = [];
  for (const a of alignments) {
    const seen = new Uint8Array(n);
    let matched = 0;
    let quoted = 0;
    const passages: PassageReport[] = [];
    for (const p of a.passages) {
      const kept = passageEvidence(p, stock) >= GUARANTEE_T;
      let counted = 0;
      for (let i = p.qStart; i < p.qEnd; i++) {
        if (stock[i]) {
          label[i] = 3;
          continue;
        }
        if (!kept) continue;
        if (quotation[i]) {
          if (!seen[i]) quoted++;
          if (label[i] === 0) label[i] = 2;
        } else {
          counted++;
          if (!seen[i]) matched++;
          if (label[i] === 0 || label[i] === 2) label[i] = 1;
        }
        seen[i] = 1;
      }
      if (!kept || counted === 0) continue;
      const [queryStart, queryEnd] = toOriginalRange(query, p.qStart, p.qEnd);
      const [sourceStart, sourceEnd] = toOriginalRange(a.sourceNormalized, p.sStart, p.sEnd);
      passages.push({ queryStart, queryEnd, sourceStart, sourceEnd, matchedChars: counted });
    }
    if (passages.length === 0) continue;
    sources.push({ source: a.source, title: a.title, similarity: n ? matched / n : 0, matchedChars: matched, quotationChars: quoted, sameUnitEarlierYear: a.sameUnitEarlierYear, passages });
  }
  if (common) for (let i = 0; i < n; i++) if (common[i] && label[i] === 0) label[i] = 3;
  sources.sort((x, y) => y.similarity - x.similarity || (x.source < y.source ? -1 : 1));
  // A character copied from one source stays copied even if another source has it inside a quotation.
  let copied = 0;
  let quoted = 0;
  let stockChars = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === 1) copied++;
    else if (label[i] === 2) quoted++;
    else if (label[i] === 3) stockChars++;
  }
  return { totalChars: n, similarity: n ? copied / n : 0, copiedChars: copied, quotationChars: quoted, stockChars, sources, spans: labelledSpans(query, label) };
}

const NAMES: Record<number, SpanLabel> = { 1: 'copied', 2: 'quotation', 3: 'stock' };

function labelledSpans(query: Normalized, label: Uint8Array): LabelledSpan[] {
  const spans: LabelledSpan[] = [];
  for (let i = 0; i < label.length; ) {
    if (label[i] === 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < label.length && label[j] === label[i]) j++;
    const [start, end] = toOriginalRange(query, i, j);
    spans.push({ start, end, label: NAMES[label[i]] });
    i = j;
  }
  return spans;
}
