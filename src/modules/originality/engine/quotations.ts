// Marked quotations with a cited source (引用): 「…」, 『…』 or “…” with a 《…》 title within a few
// characters before the opening mark or after the closing one, e.g. 《论语》中说“…”, or “…”（《…》）.
// They are shown as quotations and counted apart from copying, as CNKI's 引用.
import type { Normalized } from './normalize.ts';

/** How far (UTF-16 code units of the original text) the 《title》 may stand from the quotation. */
export const CITATION_DISTANCE = 8;
/** Longer "quotations" are not quotations but a way around the check. */
export const MAX_QUOTATION_LENGTH = 300;

const PAIRS: ReadonlyArray<[string, string]> = [
  ['「', '」'],
  ['『', '』'],
  ['“', '”'],
];

/** [start, end) original offsets of the inner text of each cited quotation. */
export function citedQuotations(original: string): Array<[number, number]> {
  const titles: Array<[number, number]> = [];
  for (let i = original.indexOf('《'); i !== -1; i = original.indexOf('《', i + 1)) {
    const j = original.indexOf('》', i + 1);
    if (j === -1) break;
    titles.push([i, j + 1]);
  }
  if (titles.length === 0) return [];
  const near = (from: number, to: number) => titles.some(([a, b]) => b > from && a < to);
  const out: Array<[number, number]> = [];
  for (const [open, close] of PAIRS) {
    for (let i = original.indexOf(open); i !== -1; i = original.indexOf(open, i + 1)) {
      const j = original.indexOf(close, i + 1);
      if (j === -1) break;
      if (j - i - 1 <= MAX_QUOTATION_LENGTH && (near(i - CITATION_DISTANCE, i) || near(j + 1, j + 1 + CITATION_DISTANCE))) out.push([i + 1, j]);
      i = j;
    }
  }
  return out;
}

/** 1 where a normalised character comes from inside a cited quotation. */
export function quotationMask(original: string, n: Normalized): Uint8Array {
  const mask = new Uint8Array(n.text.length);
  for (const [a, b] of citedQuotations(original)) {
    for (let i = 0; i < n.text.length; i++) if (n.starts[i] >= a && n.ends[i] <= b) mask[i] = 1;
  }
  return mask;
}
