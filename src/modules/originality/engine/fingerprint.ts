// Fingerprints of a normalised text: hashes of character k-grams, winnowed (Schleimer, Wilkerson and
// Aiken, "Winnowing", SIGMOD 2003).
//
// Two thresholds, in normalised characters:
//   noise threshold K = 8: no match shorter than K is ever found (a k-gram is the smallest evidence);
//   guarantee threshold T = 13: every shared run of at least T characters yields at least one shared
//   fingerprint.
// Winnowing selects the minimum hash in every window of W consecutive k-gram hashes; a run of
// T = W + K − 1 characters contains one whole window, whose selected k-gram both texts select, so
// W = T − K + 1 = 6. Density ≈ 2 / (W + 1) ≈ 0.29 fingerprints per character.
// Why K = 8: 13 − 8 leaves a window wide enough to keep the index small, while 8 Chinese characters
// (two or three words) rarely coincide between independent texts except in stock phrases, which the
// document-frequency cap and the stock-phrase list take out. Runs of 8–12 characters are still found
// by the exact alignment once a source is a candidate (light edits leave such runs).
export const NOISE_K = 8;
export const GUARANTEE_T = 13;
export const WINDOW_W = GUARANTEE_T - NOISE_K + 1;

export interface Fingerprint {
  hash: number;
  /** Start of the k-gram in the normalised text. */
  pos: number;
}

const BASE = 0x01000193;

/** Murmur3's finaliser: spreads the polynomial hash so that window minima are unbiased. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash of every k-gram (rolling, polynomial mod 2^32, then mixed): out[i] is the hash of
 * text[i, i + k). Empty when the text is shorter than k. Collisions are harmless: alignment checks
 * characters.
 */
export function kgramHashes(text: string, k = NOISE_K, into?: Uint32Array): Uint32Array {
  const n = text.length - k + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = into && into.length >= n ? into.subarray(0, n) : new Uint32Array(n);
  let top = 1; // BASE^(k-1)
  for (let i = 1; i < k; i++) top = Math.imul(top, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  out[0] = mix(h);
  for (let i = 1; i < n; i++) {
    h = (h - Math.imul(text.charCodeAt(i - 1), top)) | 0;
    h = (Math.imul(h, BASE) + text.charCodeAt(i + k - 1)) | 0;
    out[i] = mix(h);
  }
  return out;
}

/** The hash of the one k-gram text[i, i + k): equal to kgramHashes(text, k)[i]. */
export function kgramHashAt(text: string, i: number, k = NOISE_K): number {
  let h = 0;
  for (let t = 0; t < k; t++) h = (Math.imul(h, BASE) + text.charCodeAt(i + t)) | 0;
  return mix(h);
}

/**
 * Robust winnowing: in each window of w hashes the minimum is selected (the rightmost on ties), and
 * recorded once per position. A text shorter than w + k − 1 but at least k long still gets its
 * minimum (one partial window), so short documents are indexed too.
 */
export function winnow(hashes: Uint32Array, w = WINDOW_W): Fingerprint[] {
  const positions = winnowPositions(hashes, w);
  const out: Fingerprint[] = new Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = { hash: hashes[positions[i]], pos: positions[i] };
  return out;
}

/** The positions `winnow` selects, in increasing order, as a typed array (no object per fingerprint). */
export function winnowPositions(hashes: Uint32Array, w = WINDOW_W, into?: Uint32Array): Uint32Array {
  const n = hashes.length;
  if (n === 0) return new Uint32Array(0);
  const out = into && into.length >= n ? into : new Uint32Array(n);
  let count = 0;
  const windows = Math.max(1, n - w + 1);
  // The rightmost minimum of the current window; rescanned only when it leaves the window.
  let best = -1;
  let min = 0;
  let last = -1;
  for (let start = 0; start < windows; start++) {
    const end = start + w < n ? start + w : n;
    if (best < start) {
      best = start;
      min = hashes[start];
      for (let i = start + 1; i < end; i++) {
        const h = hashes[i];
        if (h <= min) (best = i), (min = h);
      }
    } else {
      const h = hashes[end - 1];
      if (h <= min) (best = end - 1), (min = h);
    }
    if (best !== last) out[count++] = last = best;
  }
  return out.subarray(0, count);
}

/** Distinct winnowed hashes of a normalised text, ascending (the bare loop of the benchmark). */
export function winnowedHashes(text: string, k = NOISE_K, w = WINDOW_W): Uint32Array {
  const { hashes, positions } = scratchFingerprints(text, k, w);
  const out = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = hashes[positions[i]];
  return uniqueSorted(out);
}

let scratchHashes: Uint32Array = new Uint32Array(4096);
let scratchPositions: Uint32Array = new Uint32Array(4096);

/**
 * k-gram hashes and winnowed positions of a text in buffers reused from call to call (a bulk
 * build fingerprints millions of texts: fresh arrays for each cost more in garbage collection than
 * the hashing). Valid until the next call: copy what is kept.
 */
export function scratchFingerprints(text: string, k = NOISE_K, w = WINDOW_W): { hashes: Uint32Array; positions: Uint32Array } {
  if (scratchHashes.length < text.length) {
    scratchHashes = new Uint32Array(2 * text.length);
    scratchPositions = new Uint32Array(2 * text.length);
  }
  const hashes = kgramHashes(text, k, scratchHashes);
  return { hashes, positions: winnowPositions(hashes, w, scratchPositions) };
}

/** Sorts in place and drops repeats; returns a view of the distinct values. */
export function uniqueSorted(a: Uint32Array): Uint32Array {
  if (a.length > 64) radixSort(a);
  else a.sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i];
  return a.subarray(0, n);
}

let radixScratch = new Uint32Array(1024);
const radixCounts = new Uint32Array(256);

/** Ascending, in place: least-significant-digit radix sort, four passes of 8 bits (a few hundred values: cheaper than a comparison sort). */
function radixSort(a: Uint32Array): void {
  const n = a.length;
  if (radixScratch.length < n) radixScratch = new Uint32Array(2 * n);
  let from: Uint32Array = a;
  let to: Uint32Array = radixScratch.subarray(0, n);
  for (let shift = 0; shift < 32; shift += 8) {
    radixCounts.fill(0);
    for (let i = 0; i < n; i++) radixCounts[(from[i] >>> shift) & 0xff]++;
    for (let b = 0, sum = 0; b < 256; b++) {
      const c = radixCounts[b];
      radixCounts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) to[radixCounts[(from[i] >>> shift) & 0xff]++] = from[i];
    [from, to] = [to, from];
  }
  // Four passes: the result is back in `a`.
}

/** Winnowed fingerprints of a normalised text. */
export function fingerprints(text: string, k = NOISE_K, w = WINDOW_W): Fingerprint[] {
  return winnow(kgramHashes(text, k), w);
}

/**
 * Sorts (hash, document) pairs by hash, stably (a document list given in increasing order stays
 * so): a least-significant-digit radix sort, three passes of 11 bits. Returns the sorted arrays
 * (new ones; the inputs are left as scratch).
 */
export function sortPairsByHash(hashes: Uint32Array, docs: Uint32Array): { hashes: Uint32Array; docs: Uint32Array } {
  const n = hashes.length;
  let hs: Uint32Array = hashes;
  let ds: Uint32Array = docs;
  let hs2: Uint32Array = new Uint32Array(n);
  let ds2: Uint32Array = new Uint32Array(n);
  // Three passes of 11 bits: 2,048 destinations a pass stay in the caches, 65,536 do not.
  const counts = new Uint32Array(2049);
  for (const shift of [0, 11, 22]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((hs[i] >>> shift) & 0x7ff) + 1]++;
    for (let b = 0; b < 2048; b++) counts[b + 1] += counts[b];
    for (let i = 0; i < n; i++) {
      const at = counts[(hs[i] >>> shift) & 0x7ff]++;
      hs2[at] = hs[i];
      ds2[at] = ds[i];
    }
    [hs, hs2] = [hs2, hs];
    [ds, ds2] = [ds2, ds];
  }
  return { hashes: hs, docs: ds };
}
