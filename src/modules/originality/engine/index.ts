// The fingerprint index: which documents contain which winnowed fingerprints. `FingerprintIndex` is
// what the check needs; `MemoryIndex` keeps it in memory (tests, the eval CLI). A database-backed
// index (SQLite/PostgreSQL, issue 4 item 4) implements the same interface, hence the promises.
import { lazyNormalized, normalizeText, type Normalized } from './normalize.ts';
import { NOISE_K, scratchFingerprints, sortPairsByHash, uniqueSorted, WINDOW_W } from './fingerprint.ts';
import type { StockPhrases } from './stock-phrases.ts';

/** A document to index: an idea of a campaign or a reference text of the bureau's library. */
export interface SourceDocument {
  id: string;
  text: string;
  title?: string;
  /** Ideas: the family of versions of one idea; never matched against each other. */
  family?: string;
  /** Ideas: the unit that wrote it; with `year`, marks same-unit-earlier-year matches. */
  unit?: string;
  year?: number;
  kind?: 'idea' | 'reference';
}

/** A stored document with what alignment needs. */
export interface IndexedDocument extends SourceDocument {
  normalized: Normalized;
}

/** Postings by document number (see FingerprintIndex.numbered). */
export interface NumberedPostings {
  /**
   * For each hash in the index: the numbers of the documents that hold it, or, when more than
   * `limit` do, only their count (the check needs no list above the document-frequency cap).
   */
  lookupNumbers(hashes: readonly number[], limit: number): Promise<Map<number, ArrayLike<number> | number>>;
  /** The documents with these numbers, in that order (numbers of removed documents are skipped). */
  documentsOf(numbers: readonly number[]): Promise<IndexedDocument[]>;
}

export interface FingerprintIndex {
  /** Adds a document; replaces it if the id is already there. */
  add(doc: SourceDocument): Promise<void>;
  remove(id: string): Promise<void>;
  replace(doc: SourceDocument): Promise<void>;
  /** Documents that contain each hash (distinct ids); hashes not in the index are absent. */
  lookup(hashes: readonly number[]): Promise<Map<number, string[]>>;
  /**
   * Optional, for large indexes: postings as document numbers, so that candidates are counted on
   * integers and only the best ones are turned into ids.
   */
  numbered?: NumberedPostings;
  /** Number of documents containing the hash. */
  documentFrequency(hash: number): Promise<number>;
  /** Number of documents in the index. */
  size(): Promise<number>;
  /** The stored documents with these ids, in that order (unknown ids are skipped). */
  documents(ids: readonly string[]): Promise<IndexedDocument[]>;
}

/**
 * Fingerprint hashes to index for a normalised text: winnowed, distinct, and without those whose
 * k-gram lies inside a stock phrase (those are never evidence, so never stored).
 */
export function indexableHashes(text: string, stock: StockPhrases, k = NOISE_K, w = WINDOW_W): number[] {
  return [...indexableHashArray(text, stock, k, w)];
}

/** As indexableHashes, ascending in a typed array (bulk builds). */
export function indexableHashArray(text: string, stock: StockPhrases, k = NOISE_K, w = WINDOW_W): Uint32Array {
  const mask = stock.mask(text);
  const { hashes, positions } = scratchFingerprints(text, k, w);
  const out = new Uint32Array(positions.length);
  let n = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (mask[p] && mask[p + k - 1] && allSet(mask, p, p + k)) continue;
    out[n++] = hashes[p];
  }
  return uniqueSorted(out.subarray(0, n));
}

function allSet(mask: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!mask[i]) return false;
  return true;
}

/**
 * The index in memory (tests, the eval CLI, the benchmark's eval path). Documents get increasing
 * numbers (a replaced document a new one, as in the database); postings are (hash, number) pairs in
 * two typed arrays, sorted by hash on the first lookup after a change (a stable radix sort, so each
 * hash's documents stay in increasing order) and found through a table of the hashes' top bits.
 * Removal marks the document gone; its pairs are dropped at the next sort. Adding everything, then
 * checking (the eval CLI) sorts once; lookups return views of the arrays, not copies.
 */
export class MemoryIndex implements FingerprintIndex {
  readonly numbered: NumberedPostings;
  /** By document number (from 1): the document and how many pairs it has. */
  private readonly byNo: Array<{ doc: IndexedDocument; pairs: number } | undefined> = [undefined];
  private readonly noOf = new Map<string, number>();
  private hs: Uint32Array = new Uint32Array(1024);
  private ds: Uint32Array = new Uint32Array(1024);
  private n = 0;
  /** Pairs of removed documents still in the arrays. */
  private deadPairs = 0;
  /** Sorted state: `prefix[b]..prefix[b + 1]` are the pairs whose hash has top bits b; null when a change is pending. */
  private prefix: Uint32Array | null = new Uint32Array(2);
  private prefixBits = 1;
  private distinct = 0;

  constructor(private readonly stock: StockPhrases) {
    this.numbered = {
      lookupNumbers: async (hashes, limit) => this.lookupNumbersNow(hashes, limit),
      documentsOf: async (numbers) => {
        const out: IndexedDocument[] = [];
        for (const d of numbers) {
          const e = this.byNo[d];
          if (e) out.push(e.doc);
        }
        return out;
      },
    };
  }

  /** Synchronous add, for bulk loading. */
  addNow(doc: SourceDocument): void {
    if (this.noOf.has(doc.id)) this.removeNow(doc.id);
    const text = normalizeText(doc.text);
    const hashes = indexableHashArray(text, this.stock);
    const no = this.byNo.length;
    this.byNo.push({ doc: { ...doc, normalized: lazyNormalized(doc.text, text) }, pairs: hashes.length });
    this.noOf.set(doc.id, no);
    if (this.n + hashes.length > this.hs.length) {
      let cap = this.hs.length * 2;
      while (cap < this.n + hashes.length) cap *= 2;
      const hs = new Uint32Array(cap);
      hs.set(this.hs.subarray(0, this.n));
      const ds = new Uint32Array(cap);
      ds.set(this.ds.subarray(0, this.n));
      [this.hs, this.ds] = [hs, ds];
    }
    this.hs.set(hashes, this.n);
    this.ds.fill(no, this.n, this.n + hashes.length);
    this.n += hashes.length;
    if (hashes.length) this.prefix = null;
  }

  removeNow(id: string): void {
    const no = this.noOf.get(id);
    if (no === undefined) return;
    this.deadPairs += this.byNo[no]!.pairs;
    if (this.byNo[no]!.pairs) this.prefix = null;
    this.byNo[no] = undefined;
    this.noOf.delete(id);
  }

  /** Sorts the pairs by hash (dropping removed documents' pairs) when something changed. */
  private sorted(): Uint32Array {
    if (this.prefix) return this.prefix;
    // New arrays: views handed out by earlier lookups stay valid.
    let hs: Uint32Array = this.hs.slice(0, this.n);
    let ds: Uint32Array = this.ds.slice(0, this.n);
    if (this.deadPairs) {
      let m = 0;
      for (let i = 0; i < hs.length; i++) if (this.byNo[ds[i]]) (hs[m] = hs[i]), (ds[m++] = ds[i]);
      [hs, ds] = [hs.slice(0, m), ds.slice(0, m)];
      this.deadPairs = 0;
    }
    ({ hashes: hs, docs: ds } = sortPairsByHash(hs, ds));
    const n = hs.length;
    let bits = 1;
    while (bits < 22 && 2 ** (bits + 2) < n) bits++; // about four pairs a slot
    const prefix = new Uint32Array(2 ** bits + 1);
    const shift = 32 - bits;
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      prefix[(hs[i] >>> shift) + 1]++;
      if (i === 0 || hs[i] !== hs[i - 1]) distinct++;
    }
    for (let b = 0; b < 2 ** bits; b++) prefix[b + 1] += prefix[b];
    [this.hs, this.ds, this.n, this.prefix, this.prefixBits, this.distinct] = [hs, ds, n, prefix, bits, distinct];
    return prefix;
  }

  /** [from, to) of the pairs of `hash` in the sorted arrays (empty when absent). */
  private range(hash: number): [number, number] {
    const prefix = this.sorted();
    const h = hash >>> 0;
    const b = h >>> (32 - this.prefixBits);
    const hs = this.hs;
    let lo = prefix[b];
    let hi = prefix[b + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hs[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    const stop = prefix[b + 1];
    while (end < stop && hs[end] === h) end++;
    return [lo, end];
  }

  private lookupNumbersNow(hashes: readonly number[], limit: number): Map<number, ArrayLike<number> | number> {
    const out = new Map<number, ArrayLike<number> | number>();
    for (const hash of hashes) {
      const [from, to] = this.range(hash);
      if (to > from) out.set(hash >>> 0, to - from > limit ? to - from : this.ds.subarray(from, to));
    }
    return out;
  }

  async add(doc: SourceDocument): Promise<void> {
    this.addNow(doc);
  }

  async remove(id: string): Promise<void> {
    this.removeNow(id);
  }

  async replace(doc: SourceDocument): Promise<void> {
    this.addNow(doc);
  }

  async lookup(hashes: readonly number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    for (const [h, docs] of this.lookupNumbersNow(hashes, Infinity)) {
      const ids: string[] = [];
      for (let i = 0; i < (docs as ArrayLike<number>).length; i++) ids.push(this.byNo[(docs as ArrayLike<number>)[i]]!.doc.id);
      out.set(h, ids);
    }
    return out;
  }

  async documentFrequency(hash: number): Promise<number> {
    const [from, to] = this.range(hash);
    return to - from;
  }

  async size(): Promise<number> {
    return this.noOf.size;
  }

  async documents(ids: readonly string[]): Promise<IndexedDocument[]> {
    const out: IndexedDocument[] = [];
    for (const id of ids) {
      const no = this.noOf.get(id);
      if (no !== undefined) out.push(this.byNo[no]!.doc);
    }
    return out;
  }

  /** Number of distinct fingerprints and of postings (for size measurements). */
  stats(): { fingerprints: number; postings: number; documents: number } {
    this.sorted();
    return { fingerprints: this.distinct, postings: this.n, documents: this.noOf.size };
  }
}

/** Document-frequency cap (as MOSS -m): a fingerprint in more than this many documents is stock. */
export interface DfCap {
  /** Never below this many documents. */
  minDocs: number;
  /** Share of the index's documents. */
  fraction: number;
}

/**
 * Five documents, or 1 % of a large index. MOSS uses 10 by default; ours is lower because a bureau's
 * collection starts small (one campaign: tens of ideas per topic) and the stock-phrase list is
 * never complete: with the list emptied, the shared test corpus's stock-phrase negatives stay
 * below 4 % per source at 5 and reach 9 % at 10. A passage found in six independent documents is
 * common wording, or copied from a public text that belongs in the reference library.
 */
export const DEFAULT_DF_CAP: DfCap = { minDocs: 5, fraction: 0.01 };

export function dfLimit(cap: DfCap, documents: number): number {
  return Math.max(cap.minDocs, Math.ceil(cap.fraction * documents));
}
