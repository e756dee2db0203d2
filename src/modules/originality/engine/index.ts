// The fingerprint index: which documents contain which winnowed fingerprints. `FingerprintIndex` is
// what the check needs; `MemoryIndex` keeps it in memory (tests, the eval CLI). A database-backed
// index (SQLite/PostgreSQL, issue 4 item 4) implements the same interface, hence the promises.
import { normalize, type Normalized } from './normalize.ts';
import { kgramHashes, NOISE_K, uniqueSorted, winnowPositions, WINDOW_W } from './fingerprint.ts';
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
  /** Ids of these document numbers (numbers of removed documents are absent). */
  idsOf(numbers: readonly number[]): Promise<Map<number, string>>;
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
  const hashes = kgramHashes(text, k);
  const positions = winnowPositions(hashes, w);
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

export class MemoryIndex implements FingerprintIndex {
  private readonly postings = new Map<number, string[]>();
  private readonly docs = new Map<string, { doc: IndexedDocument; hashes: number[] }>();

  constructor(private readonly stock: StockPhrases) {}

  /** Synchronous add, for bulk loading. */
  addNow(doc: SourceDocument): void {
    if (this.docs.has(doc.id)) this.removeNow(doc.id);
    const normalized = normalize(doc.text);
    const hashes = indexableHashes(normalized.text, this.stock);
    this.docs.set(doc.id, { doc: { ...doc, normalized }, hashes });
    for (const h of hashes) {
      const list = this.postings.get(h);
      if (list) list.push(doc.id);
      else this.postings.set(h, [doc.id]);
    }
  }

  removeNow(id: string): void {
    const entry = this.docs.get(id);
    if (!entry) return;
    for (const h of entry.hashes) {
      const list = this.postings.get(h);
      if (!list) continue;
      const i = list.indexOf(id);
      if (i !== -1) list.splice(i, 1);
      if (list.length === 0) this.postings.delete(h);
    }
    this.docs.delete(id);
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
    for (const h of hashes) {
      const list = this.postings.get(h);
      if (list) out.set(h, list);
    }
    return out;
  }

  async documentFrequency(hash: number): Promise<number> {
    return this.postings.get(hash)?.length ?? 0;
  }

  async size(): Promise<number> {
    return this.docs.size;
  }

  async documents(ids: readonly string[]): Promise<IndexedDocument[]> {
    const out: IndexedDocument[] = [];
    for (const id of ids) {
      const e = this.docs.get(id);
      if (e) out.push(e.doc);
    }
    return out;
  }

  /** Number of distinct fingerprints and of postings (for size measurements). */
  stats(): { fingerprints: number; postings: number; documents: number } {
    let postings = 0;
    for (const l of this.postings.values()) postings += l.length;
    return { fingerprints: this.postings.size, postings, documents: this.docs.size };
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
