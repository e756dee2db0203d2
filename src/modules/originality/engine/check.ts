// checkDocument: one submission against an index — normalise, retrieve candidate sources, align,
// take stock phrases and quotations out, and report.
import { normalize } from './normalize.ts';
import { NOISE_K } from './fingerprint.ts';
import { DEFAULT_DF_CAP, type DfCap, type FingerprintIndex, type SourceDocument } from './index.ts';
import { alignWith, KgramTable, retrieveCandidates, type GapOptions } from './align.ts';
import { buildReport, type OriginalityReport, type SourceAlignment } from './report.ts';
import { quotationMask } from './quotations.ts';
import { StockPhrases } from './stock-phrases.ts';

/** The submission: like a source document, but its id is optional (pasted text). */
export type Submission = Omit<SourceDocument, 'id'> & { id?: string };

export interface CheckOptions {
  /** The bureau's stock-phrase list; the seeded defaults when absent. */
  stock?: StockPhrases;
  dfCap?: DfCap;
  /** Minimum shared fingerprints for a source to be aligned (1 keeps the 13-character guarantee). */
  minShared?: number;
  /** At most this many sources are aligned, those sharing most fingerprints first. */
  maxCandidates?: number;
  gap?: GapOptions;
}

/**
 * Gap merge for light edits (a character inserted, deleted or swapped every 15–30): runs are joined
 * when both gaps are at most K (a gap shorter than the noise threshold holds no evidence of its
 * own) and differ by at most K / 2 (a few characters inserted or deleted, or a word swapped for a
 * longer synonym).
 */
export const DEFAULT_GAP: GapOptions = { maxGap: NOISE_K, maxSkew: NOISE_K / 2 };

let defaultStock: StockPhrases | undefined;

export async function checkDocument(index: FingerprintIndex, doc: Submission, opts: CheckOptions = {}): Promise<OriginalityReport> {
  const stock = opts.stock ?? (defaultStock ??= StockPhrases.defaults());
  const query = normalize(doc.text);
  const listMask = stock.mask(query.text);
  const exclude = (id: string) => id === doc.id;
  const maxCandidates = opts.maxCandidates ?? 50;
  // Four times the aligned number are kept: the submission's own versions (same family) are
  // skipped below without taking a slot.
  const { candidates, dfStockMask } = await retrieveCandidates(index, query.text, listMask, {
    dfCap: opts.dfCap ?? DEFAULT_DF_CAP,
    minShared: opts.minShared ?? 1,
    exclude,
    keep: 4 * maxCandidates,
  });
  const alignments: SourceAlignment[] = [];
  const table = new KgramTable(query.text);
  const keep = 4 * maxCandidates;
  let considered = 0;
  // Fetched in batches: the family filter needs the documents, and must not cost a candidate slot.
  for (let from = 0; from < candidates.length && alignments.length < maxCandidates && considered < keep; from += maxCandidates) {
    const slice = candidates.slice(from, from + maxCandidates);
    const batch = index.numbered && slice[0].no !== undefined ? await index.numbered.documentsOf(slice.map((c) => c.no!)) : await index.documents(slice.map((c) => c.id!));
    for (const s of batch) {
      if (exclude(s.id) || considered >= keep) continue;
      considered++;
      // An idea is never matched against its own versions (same family).
      if (alignments.length >= maxCandidates || (doc.family !== undefined && s.family === doc.family)) continue;
      alignments.push({
        source: s.id,
        title: s.title,
        sameUnitEarlierYear: doc.unit !== undefined && s.unit === doc.unit && doc.year !== undefined && s.year !== undefined && s.year < doc.year,
        sourceNormalized: s.normalized,
        passages: alignWith(table, s.normalized.text, opts.gap ?? DEFAULT_GAP),
      });
    }
  }
  const stockMask = new Uint8Array(query.text.length);
  for (let i = 0; i < stockMask.length; i++) stockMask[i] = listMask[i] | dfStockMask[i];
  return buildReport(query, alignments, stockMask, quotationMask(doc.text, query), dfStockMask);
}
