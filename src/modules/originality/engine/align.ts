// From a submission to passages: candidate sources from the index, then exact seed-and-extend
// alignment on the normalised strings, then passages that bridge small gaps (light edits).
import { kgramHashAt, kgramHashes, NOISE_K, winnowPositions, WINDOW_W } from './fingerprint.ts';
import { dfLimit, type DfCap, type FingerprintIndex } from './index.ts';

/** An exact run shared by the submission (q) and a source (s), in normalised characters. */
export interface Run {
  q: number;
  s: number;
  len: number;
}

/** Runs chained into one passage; [qStart, qEnd) and [sStart, sEnd) in normalised characters. */
export interface ChainedPassage {
  qStart: number;
  qEnd: number;
  sStart: number;
  sEnd: number;
  runs: Run[];
}

/** Candidates, those sharing most fingerprints first. */
export interface Candidate {
  /** The source's id; absent when the index is numbered (then `no`). */
  id?: string;
  /** The source's document number, in a numbered index (FingerprintIndex.numbered). */
  no?: number;
  /** Distinct non-stock fingerprints shared with the submission. */
  shared: number;
  /** Rarity of what is shared: the sum over those fingerprints of 2^20 / document frequency. */
  weight: number;
}

export interface RetrievalOptions {
  dfCap: DfCap;
  /** Sources sharing fewer fingerprints are not aligned. 1 keeps the 13-character guarantee. */
  minShared: number;
  /**
   * Sources never matched (the submission's own id). In a numbered index the candidates come as
   * numbers, one more than `keep`, and the caller applies this when it fetches their documents.
   */
  exclude: (id: string) => boolean;
  /** Keep only this many best candidates (the check aligns at most 50); all when absent. */
  keep?: number;
}

export interface Retrieval {
  candidates: Candidate[];
  /** 1 where a character of the submission lies in a k-gram over the document-frequency cap. */
  dfStockMask: Uint8Array;
}

const scratch = { shared: new Uint32Array(0), weight: new Float64Array(0) };

function growScratch(doc: number) {
  let n = Math.max(1024, scratch.shared.length);
  while (n <= doc) n *= 2;
  const shared = new Uint32Array(n);
  shared.set(scratch.shared);
  const weight = new Float64Array(n);
  weight.set(scratch.weight);
  Object.assign(scratch, { shared, weight });
}

interface Ranked {
  key: number;
  shared: number;
  weight: number;
}

/** a ranks before b: more shared, then rarer, then the smaller number. */
const before = (a: Ranked, b: Ranked) => a.shared > b.shared || (a.shared === b.shared && (a.weight > b.weight || (a.weight === b.weight && a.key < b.key)));

/** The best `size` offers: a binary heap with the worst kept on top. */
class TopK {
  private readonly heap: Ranked[] = [];
  constructor(private readonly size: number) {}
  offer(key: number, shared: number, weight: number) {
    const h = this.heap;
    const x = { key, shared, weight };
    if (h.length < this.size) {
      h.push(x);
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!before(h[p], h[i])) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
      }
    } else if (this.size > 0 && before(x, h[0])) {
      h[0] = x;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < h.length && before(h[worst], h[l])) worst = l;
        if (r < h.length && before(h[worst], h[r])) worst = r;
        if (worst === i) break;
        [h[worst], h[i]] = [h[i], h[worst]];
        i = worst;
      }
    }
  }
  sorted(): Ranked[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }
}

/** Integer rarity weight of a fingerprint held by `df` documents (integers: sums are exact in any order). */
const rarity = (df: number) => Math.floor(2 ** 20 / df);

const byRank = <K>(key: (c: { key: K }) => K, less: (a: K, b: K) => boolean) => (a: { key: K; shared: number; weight: number }, b: { key: K; shared: number; weight: number }) =>
  b.shared - a.shared || b.weight - a.weight || (less(key(a), key(b)) ? -1 : less(key(b), key(a)) ? 1 : 0);

/**
 * Marks the characters of the submission's k-grams over the document-frequency cap. The winnowed
 * ones (`positions`) were looked up; a common phrase of at least T characters has its inside
 * covered by them, but up to W − 1 k-grams at each end may not be selected. So the k-grams within
 * W − 1 positions of a capped one are looked up too (`lookup`, a second, small round), and marked
 * when over the cap, or when some source holds them and they overlap the phrase.
 */
async function markCommon(all: Uint32Array, positions: Uint32Array, mask: Uint8Array, capped: (h: number) => boolean, lookup: (hashes: number[]) => Promise<(h: number) => Frequency>, k = NOISE_K, w = WINDOW_W): Promise<void> {
  const selected = new Uint8Array(all.length);
  const near = new Uint8Array(all.length);
  let any = false;
  for (let j = 0; j < positions.length; j++) {
    const p = positions[j];
    selected[p] = 1;
    if (!capped(all[p])) continue;
    mask.fill(1, p, p + k);
    near.fill(1, Math.max(0, p - w + 1), Math.min(all.length, p + w));
    any = true;
  }
  if (!any) return;
  const extra = new Set<number>();
  for (let i = 0; i < all.length; i++) if (near[i] && !selected[i]) extra.add(all[i]);
  if (extra.size === 0) return;
  const more = await lookup([...extra]);
  const inside = mask.slice();
  for (let i = 0; i < all.length; i++) {
    if (!near[i] || selected[i]) continue;
    const f = more(all[i]);
    // Over the cap; or held by some source and overlapping the common phrase (its end, which the
    // source's own winnowing selected in its context: as an exact run would show, that text is shared).
    if (f === Frequency.Capped || (f === Frequency.Held && (inside[i] || inside[i + k - 1]))) mask.fill(1, i, i + k);
  }
}

const enum Frequency {
  Absent,
  Held,
  Capped,
}

/**
 * Looks the submission's winnowed k-grams up (about 2 / (W + 1) of them; winnowing on both sides
 * keeps the guarantee that every shared run of at least T characters makes the source a candidate).
 * k-grams inside a listed stock phrase (`listMask`) or over the document-frequency cap count for no
 * source; those over the cap mark their characters as common wording (`dfStockMask`).
 * Candidates are ranked by the number of distinct fingerprints they share, then by how rare these
 * are (a fingerprint in 2 documents says more than one in 90), then by id (or, in an index with
 * numbered documents, by number: older first).
 */
export async function retrieveCandidates(index: FingerprintIndex, text: string, listMask: Uint8Array, opts: RetrievalOptions, k = NOISE_K): Promise<Retrieval> {
  const all = kgramHashes(text, k);
  // The submission's winnowed k-grams only (as the index holds its sources'): a shared run of at
  // least T = W + K − 1 characters holds a whole window, whose minimum both texts select.
  const positions = winnowPositions(all);
  const hashes = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) hashes[i] = all[positions[i]];
  const dfStockMask = new Uint8Array(text.length);
  const limit = dfLimit(opts.dfCap, await index.size());
  const distinct = [...new Set(hashes)];
  // A hash counts when at least one of its positions is not wholly inside a listed stock phrase.
  const counted = new Set<number>();
  for (let j = 0; j < positions.length; j++) {
    const i = positions[j];
    if (listMask[i] && listMask[i + k - 1] && !listMask.subarray(i, i + k).includes(0)) continue;
    counted.add(hashes[j]);
  }
  const keep = opts.keep ?? Infinity;
  if (index.numbered) {
    const numbered = index.numbered;
    const postings = await numbered.lookupNumbers(distinct, limit);
    await markCommon(all, positions, dfStockMask, (h) => typeof postings.get(h) === 'number', async (hs) => {
      const more = await numbered.lookupNumbers(hs, limit);
      return (h) => {
        const v = more.get(h);
        return v === undefined ? Frequency.Absent : typeof v === 'number' ? Frequency.Capped : Frequency.Held;
      };
    });
    // Counted on integers in scratch arrays indexed by document number (a million documents: a
    // few megabytes, reused), then the best `keep + 1` picked with a heap.
    const touched: number[] = [];
    for (const h of counted) {
      const docs = postings.get(h);
      if (docs === undefined || typeof docs === 'number') continue;
      const w = rarity(docs.length);
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j];
        if (d >= scratch.shared.length) growScratch(d);
        if (scratch.shared[d] === 0) touched.push(d);
        scratch.shared[d]++;
        scratch.weight[d] += w;
      }
    }
    const want = keep === Infinity ? touched.length : keep + 1;
    const top = new TopK(want);
    for (const d of touched) {
      if (scratch.shared[d] >= opts.minShared) top.offer(d, scratch.shared[d], scratch.weight[d]);
      scratch.shared[d] = 0;
      scratch.weight[d] = 0;
    }
    // The best ones (one more than kept: the submission's own id may be among them) by number:
    // the caller fetches their documents in batches (numbered.documentsOf) and applies `exclude`.
    const candidates: Candidate[] = top.sorted().map((c) => ({ no: c.key, shared: c.shared, weight: c.weight }));
    return { candidates, dfStockMask };
  }
  const postings = await index.lookup(distinct);
  await markCommon(all, positions, dfStockMask, (h) => (postings.get(h)?.length ?? 0) > limit, async (hs) => {
    const more = await index.lookup(hs);
    return (h) => {
      const n = more.get(h)?.length ?? 0;
      return n === 0 ? Frequency.Absent : n > limit ? Frequency.Capped : Frequency.Held;
    };
  });
  const shared = new Map<string, { key: string; shared: number; weight: number }>();
  for (const h of counted) {
    const docs = postings.get(h);
    if (docs === undefined || docs.length > limit) continue;
    const w = rarity(docs.length);
    for (const id of docs) {
      if (opts.exclude(id)) continue;
      const c = shared.get(id);
      if (c) (c.shared++, (c.weight += w));
      else shared.set(id, { key: id, shared: 1, weight: w });
    }
  }
  const candidates = [...shared.values()]
    .filter((c) => c.shared >= opts.minShared)
    .sort(byRank((c) => c.key, (a, b) => a < b))
    .slice(0, keep)
    .map((c) => ({ id: c.key, shared: c.shared, weight: c.weight }));
  return { candidates, dfStockMask };
}

/** A k-gram seen this often in the submission is a repetition; more positions add nothing. */
const MAX_POSITIONS_PER_KGRAM = 32;

/**
 * The submission's k-grams, hashed once for all the candidates of a check: an open-addressing
 * table from hash to the k-gram's positions (ascending, chained through `next`).
 */
export class KgramTable {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly mask: number;
  /** One bit per hashed character pair of the submission: a source k-gram with a pair not in it cannot match. */
  private readonly pairs = new Int32Array(2048);

  constructor(
    readonly q: string,
    readonly k = NOISE_K,
  ) {
    const qh = kgramHashes(q, k);
    for (let i = 0; i + 1 < q.length; i++) {
      const b = pairBit(q.charCodeAt(i), q.charCodeAt(i + 1));
      this.pairs[b >>> 5] |= 1 << (b & 31);
    }
    let cap = 16;
    while (cap < 2 * qh.length) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Uint32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.next = new Int32Array(qh.length);
    for (let i = qh.length - 1; i >= 0; i--) {
      const slot = this.slot(qh[i]);
      this.keys[slot] = qh[i];
      this.next[i] = this.heads[slot];
      this.heads[slot] = i;
    }
  }

  /** The slot of `h`: where it is, or the empty one where it would go (hashes are already mixed). */
  private slot(h: number): number {
    let i = h & this.mask;
    while (this.heads[i] !== -1 && this.keys[i] !== h) i = (i + 1) & this.mask;
    return i;
  }

  /**
   * Every maximal exact run of at least k characters shared by the submission and `s` (seed: a
   * common k-gram hash; extend: compare characters, so hash collisions cannot create a run).
   * Linear in |s| plus the runs found, except for highly repetitive text, bounded by
   * MAX_POSITIONS_PER_KGRAM.
   */
  runs(s: string): Run[] {
    const { q, k, pairs } = this;
    const runs: Run[] = [];
    // Only k-grams whose k − 1 character pairs all occur in the submission are hashed and looked up
    // (a source mostly shares no such k-gram: most of it is skipped on one bit test a character).
    let ok = 0; // consecutive pairs ending at j + k − 2 that occur in the submission
    for (let e = 0; e + 1 < s.length; e++) {
      const b = pairBit(s.charCodeAt(e), s.charCodeAt(e + 1));
      ok = pairs[b >>> 5] & (1 << (b & 31)) ? ok + 1 : 0;
      if (ok < k - 1) continue;
      const j = e - k + 2;
      const slot = this.slot(kgramHashAt(s, j, k));
      let seen = 0;
      for (let i = this.heads[slot]; i !== -1 && seen < MAX_POSITIONS_PER_KGRAM; i = this.next[i], seen++) {
        if (i > 0 && j > 0 && q.charCodeAt(i - 1) === s.charCodeAt(j - 1)) continue; // inside a run found from further left
        let len = 0;
        while (i + len < q.length && j + len < s.length && q.charCodeAt(i + len) === s.charCodeAt(j + len)) len++;
        if (len >= k) runs.push({ q: i, s: j, len });
      }
    }
    return runs.sort((a, b) => a.q - b.q || a.s - b.s);
  }
}

/** A character pair's bit in KgramTable.pairs (16 bits of a mixed pair). */
function pairBit(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 16;
}

/** Every maximal exact run of at least k characters shared by q and s (see KgramTable.runs). */
export function exactRuns(q: string, s: string, k = NOISE_K): Run[] {
  return new KgramTable(q, k).runs(s);
}

/**
 * Keeps runs that do not overlap in the submission, longest first; a run partly covered by a
 * longer one keeps its longest uncovered part if that is still at least k long.
 */
export function disjointRuns(runs: Run[], qLength: number, k = NOISE_K): Run[] {
  const covered = new Uint8Array(qLength);
  const kept: Run[] = [];
  for (const r of [...runs].sort((a, b) => b.len - a.len || a.q - b.q || a.s - b.s)) {
    let bestFrom = -1;
    let bestLen = 0;
    for (let i = r.q, from = -1; i <= r.q + r.len; i++) {
      const free = i < r.q + r.len && !covered[i];
      if (free && from === -1) from = i;
      if (!free && from !== -1) {
        if (i - from > bestLen) [bestFrom, bestLen] = [from, i - from];
        from = -1;
      }
    }
    if (bestLen < k) continue;
    covered.fill(1, bestFrom, bestFrom + bestLen);
    kept.push({ q: bestFrom, s: r.s + (bestFrom - r.q), len: bestLen });
  }
  return kept.sort((a, b) => a.q - b.q);
}

export interface GapOptions {
  /** Largest gap, in either text, bridged between two runs of one passage. */
  maxGap: number;
  /** Largest difference between the two gaps (characters inserted or deleted). */
  maxSkew: number;
}

/** Joins runs that follow each other in both texts across small gaps into passages. */
export function chainRuns(runs: Run[], gap: GapOptions): ChainedPassage[] {
  const out: ChainedPassage[] = [];
  let cur: ChainedPassage | undefined;
  for (const r of runs) {
    if (cur) {
      const qg = r.q - cur.qEnd;
      const sg = r.s - cur.sEnd;
      if (qg >= 0 && sg >= 0 && qg <= gap.maxGap && sg <= gap.maxGap && Math.abs(qg - sg) <= gap.maxSkew) {
        cur.qEnd = r.q + r.len;
        cur.sEnd = r.s + r.len;
        cur.runs.push(r);
        continue;
      }
    }
    cur = { qStart: r.q, qEnd: r.q + r.len, sStart: r.s, sEnd: r.s + r.len, runs: [r] };
    out.push(cur);
  }
  return out;
}

/** Length of the longest common subsequence of two short strings. */
export function lcsLength(a: string, b: string): number {
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Second, wider bridge: consecutive passages whose gaps are up to `3 × maxGap` are joined when the
 * two gaps are mostly the same characters (longest common subsequence at least half the longer
 * gap) — a clause where several words were swapped or a few characters changed, which leaves no
 * run of K characters. The LCS is computed on these short gaps only, so the cost stays small.
 */
export function bridgeEditedGaps(q: string, s: string, passages: ChainedPassage[], gap: GapOptions): ChainedPassage[] {
  const wide = 3 * gap.maxGap;
  const out: ChainedPassage[] = [];
  for (const p of passages) {
    const last = out[out.length - 1];
    if (last) {
      const qg = p.qStart - last.qEnd;
      const sg = p.sStart - last.sEnd;
      if (qg >= 0 && sg >= 0 && qg <= wide && sg <= wide && Math.abs(qg - sg) <= gap.maxGap && 2 * lcsLength(q.slice(last.qEnd, p.qStart), s.slice(last.sEnd, p.sStart)) >= Math.max(qg, sg)) {
        last.qEnd = p.qEnd;
        last.sEnd = p.sEnd;
        last.runs.push(...p.runs);
        continue;
      }
    }
    out.push(p);
  }
  return out;
}

/** Passages between a submission and one source, before stock phrases are taken out. */
export function alignTexts(q: string, s: string, gap: GapOptions, k = NOISE_K): ChainedPassage[] {
  return alignWith(new KgramTable(q, k), s, gap);
}

/** As alignTexts, with the submission's k-grams hashed once for all its candidates. */
export function alignWith(table: KgramTable, s: string, gap: GapOptions): ChainedPassage[] {
  const { q, k } = table;
  return bridgeEditedGaps(q, s, chainRuns(disjointRuns(table.runs(s), q.length, k), gap), gap);
}
