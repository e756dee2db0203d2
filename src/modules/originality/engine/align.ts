// From a submission to passages: candidate sources from the index, then exact seed-and-extend
// alignment on the normalised strings, then passages that bridge small gaps (light edits).
import { kgramHashes, NOISE_K } from './fingerprint.ts';
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
  id: string;
  /** Distinct non-stock fingerprints shared with the submission. */
  shared: number;
}

export interface RetrievalOptions {
  dfCap: DfCap;
  /** Sources sharing fewer fingerprints are not aligned. 1 keeps the 13-character guarantee. */
  minShared: number;
  /** Sources never matched (the submission's own family and id). */
  exclude: (id: string) => boolean;
}

export interface Retrieval {
  candidates: Candidate[];
  /** 1 where a character of the submission lies in a k-gram over the document-frequency cap. */
  dfStockMask: Uint8Array;
}

/**
 * Looks every k-gram of the submission up (not only its winnowed ones: a source's selected k-gram
 * inside a shared run is some k-gram of the submission, and lookups are cheap). k-grams inside a
 * listed stock phrase (`listMask`) or over the document-frequency cap count for no source.
 */
export async function retrieveCandidates(index: FingerprintIndex, text: string, listMask: Uint8Array, opts: RetrievalOptions, k = NOISE_K): Promise<Retrieval> {
  const hashes = kgramHashes(text, k);
  const dfStockMask = new Uint8Array(text.length);
  const limit = dfLimit(opts.dfCap, await index.size());
  const distinct = [...new Set(hashes)];
  const postings: Map<number, readonly string[] | number> = index.lookupCapped ? await index.lookupCapped(distinct, limit) : await index.lookup(distinct);
  const sharedBy = new Map<string, Set<number>>();
  for (let i = 0; i < hashes.length; i++) {
    const docs = postings.get(hashes[i]);
    if (docs === undefined) continue;
    if (typeof docs === 'number' || docs.length > limit) {
      dfStockMask.fill(1, i, i + k);
      continue;
    }
    if (listMask[i] && listMask[i + k - 1] && !listMask.subarray(i, i + k).includes(0)) continue;
    for (const id of docs) {
      if (opts.exclude(id)) continue;
      let set = sharedBy.get(id);
      if (!set) sharedBy.set(id, (set = new Set()));
      set.add(hashes[i]);
    }
  }
  const candidates = [...sharedBy]
    .map(([id, set]) => ({ id, shared: set.size }))
    .filter((c) => c.shared >= opts.minShared)
    .sort((a, b) => b.shared - a.shared || (a.id < b.id ? -1 : 1));
  return { candidates, dfStockMask };
}

/** A k-gram seen this often in one source is a repetition; more positions add nothing. */
const MAX_POSITIONS_PER_KGRAM = 32;

/**
 * Every maximal exact run of at least k characters shared by q and s (seed: a common k-gram hash;
 * extend: compare characters, so hash collisions cannot create a run). Linear in |q| + |s| plus the
 * runs found, except for highly repetitive text, bounded by MAX_POSITIONS_PER_KGRAM.
 */
export function exactRuns(q: string, s: string, k = NOISE_K): Run[] {
  const sh = kgramHashes(s, k);
  const where = new Map<number, number[]>();
  for (let j = 0; j < sh.length; j++) {
    const list = where.get(sh[j]);
    if (!list) where.set(sh[j], [j]);
    else if (list.length < MAX_POSITIONS_PER_KGRAM) list.push(j);
  }
  const qh = kgramHashes(q, k);
  const runs: Run[] = [];
  for (let i = 0; i < qh.length; i++) {
    const js = where.get(qh[i]);
    if (!js) continue;
    for (const j of js) {
      if (i > 0 && j > 0 && q.charCodeAt(i - 1) === s.charCodeAt(j - 1)) continue; // inside a run found from further left
      let len = 0;
      while (i + len < q.length && j + len < s.length && q.charCodeAt(i + len) === s.charCodeAt(j + len)) len++;
      if (len >= k) runs.push({ q: i, s: j, len });
    }
  }
  return runs;
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
  return bridgeEditedGaps(q, s, chainRuns(disjointRuns(exactRuns(q, s, k), q.length, k), gap), gap);
}
