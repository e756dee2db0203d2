// The persistent fingerprint index of the originality engine (issue 4 item 4), in the database of
// the application (SQLite or PostgreSQL): documents in `originality_sources`, postings packed per
// bucket of hashes in `originality_postings` (postings-codec.ts). API: README.md next to this file.
import { systemClock, type Clock } from '../../../platform/clock.ts';
import type { Dialect } from '../../../platform/db/database.ts';
import { lazyNormalized, normalizeText } from '../engine/normalize.ts';
import { fingerprints } from '../engine/fingerprint.ts';
import { indexableHashArray, indexableHashes, type FingerprintIndex, type IndexedDocument, type NumberedPostings, type SourceDocument } from '../engine/index.ts';
import { StockPhrases } from '../engine/stock-phrases.ts';
import { PostingsAccumulator } from './accumulator.ts';
import { addToBucket, bucketOf, CODEC_FORMAT, decodeBucket, directoryOf, encodeBucket, hashOf, lookupBucket, lookupDirectory, removeFromBucket, suffixOf, type BucketDirectory } from './postings-codec.ts';
import * as repo from './store.repository.ts';
import type { Db, IndexState, NewSourceRow, SourceRow } from './store.repository.ts';

/** A document to index, as the application knows it. */
export interface SourceInput {
  /** "idea:<ideaId>" or "ref:<refId>". */
  id: string;
  kind: 'idea' | 'reference';
  text: string;
  title: string;
  /** Ideas: the family of versions (never matched against each other). */
  family?: string | null;
  unitId?: number | null;
  year?: number | null;
  /** References: where the text comes from. */
  origin?: string | null;
}

export interface IndexOptions {
  /** k-grams inside these phrases are not stored (the query side ignores them anyway). */
  stock?: StockPhrases;
  clock?: Clock;
}

export class IndexFormatError extends Error {}

/** Postings a bucket should hold on average after a build (a few hundred bytes a row). */
export const TARGET_POSTINGS_PER_BUCKET = 32;
export const MIN_BUCKET_BITS = 10;
export const MAX_BUCKET_BITS = 26;
/** Winnowed fingerprints per normalised character (2 / (W + 1)), for sizing before a build. */
const POSTINGS_PER_CHAR = 0.3;

export function chooseBucketBits(expectedPostings: number): number {
  const bits = Math.ceil(Math.log2(Math.max(1, expectedPostings / TARGET_POSTINGS_PER_BUCKET)));
  return Math.min(MAX_BUCKET_BITS, Math.max(MIN_BUCKET_BITS, bits));
}

let defaultStock: StockPhrases | undefined;
const stockOf = (o: IndexOptions) => o.stock ?? (defaultStock ??= StockPhrases.defaults());

/** Runs `fn` in the caller's transaction, or in a new one. */
async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

function checkFormat(state: IndexState): void {
  if (state.format !== CODEC_FORMAT && state.documents > 0) {
    throw new IndexFormatError(`查重索引格式已更新，请运行 npx jindianzi originality reindex / the originality index has an old format (${state.format}, need ${CODEC_FORMAT}): run npx jindianzi originality reindex`);
  }
}

function toRow(doc: SourceInput, now: string): NewSourceRow {
  return {
    id: doc.id,
    kind: doc.kind,
    family: doc.family ?? null,
    unit_id: doc.unitId ?? null,
    year: doc.year ?? null,
    title: doc.title,
    origin: doc.origin ?? null,
    text: doc.text,
    updated_at: now,
  };
}

/** Every winnowed hash of a stored text, stock or not: a superset of what was indexed for it. */
function allHashes(text: string): number[] {
  return [...new Set(fingerprints(normalizeText(text)).map((f) => f.hash))];
}

function groupByBucket(hashes: readonly number[], bits: number): Map<number, number[]> {
  const by = new Map<number, number[]>();
  for (const h of hashes) {
    const b = bucketOf(h, bits);
    const list = by.get(b);
    if (list) list.push(suffixOf(h, bits));
    else by.set(b, [suffixOf(h, bits)]);
  }
  for (const list of by.values()) list.sort((a, b) => a - b);
  return by;
}

async function addPostings(trx: Db, docNo: number, hashes: readonly number[], bits: number): Promise<void> {
  const by = groupByBucket(hashes, bits);
  const existing = await repo.bucketsByNumber(trx, [...by.keys()]);
  const rows: Array<{ bucket: number; data: Uint8Array }> = [];
  for (const [bucket, suffixes] of by) {
    const blob = existing.get(bucket);
    const p = blob ? decodeBucket(blob) : { suffixes: [], docs: [] };
    addToBucket(p, suffixes, docNo);
    rows.push({ bucket, data: encodeBucket(p) });
  }
  await repo.upsertBuckets(trx, rows);
}

async function removePostings(trx: Db, docNo: number, text: string, bits: number): Promise<void> {
  const buckets = [...groupByBucket(allHashes(text), bits).keys()];
  const existing = await repo.bucketsByNumber(trx, buckets);
  const changed: Array<{ bucket: number; data: Uint8Array }> = [];
  const emptied: number[] = [];
  for (const [bucket, blob] of existing) {
    const p = decodeBucket(blob);
    if (!removeFromBucket(p, docNo)) continue;
    if (p.suffixes.length === 0) emptied.push(bucket);
    else changed.push({ bucket, data: encodeBucket(p) });
  }
  await repo.upsertBuckets(trx, changed);
  await repo.deleteBuckets(trx, emptied);
}

/**
 * Adds a document to the index, or replaces the stored one with the same id (its old postings go).
 * Runs in `db` when it is a transaction (the caller's), else in its own.
 */
export async function indexSource(db: Db, doc: SourceInput, opts: IndexOptions = {}): Promise<void> {
  const hashes = indexableHashes(normalizeText(doc.text), stockOf(opts));
  const now = (opts.clock ?? systemClock).now().toISOString();
  await inTransaction(db, async (trx) => {
    await repo.lockIndexForWrite(trx);
    const state = await repo.readState(trx);
    checkFormat(state);
    if (state.format !== CODEC_FORMAT) await repo.writeState(trx, { format: CODEC_FORMAT });
    const old = await repo.findSource(trx, doc.id);
    if (old) {
      await removePostings(trx, old.doc_no, old.text, state.bucket_bits);
      await repo.deleteSource(trx, old.doc_no);
    }
    // A new document number even for a replaced document: a posting can never point at other text.
    const docNo = await repo.insertSource(trx, toRow(doc, now));
    await addPostings(trx, docNo, hashes, state.bucket_bits);
    if (!old) await repo.addDocumentCount(trx, 1);
  });
}

/** Removes a document and its postings; false when there was none with this id. */
export async function removeSource(db: Db, id: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await repo.lockIndexForWrite(trx);
    const old = await repo.findSource(trx, id);
    if (!old) return false;
    const state = await repo.readState(trx);
    checkFormat(state);
    await removePostings(trx, old.doc_no, old.text, state.bucket_bits);
    await repo.deleteSource(trx, old.doc_no);
    await repo.addDocumentCount(trx, -1);
    return true;
  });
}

export interface ReindexProgress {
  phase: 'fingerprint' | 'write';
  done: number;
  total: number;
}

export interface ReindexOptions extends IndexOptions {
  onProgress?: (p: ReindexProgress) => void;
  /** Force the number of bucket bits (tests); otherwise sized for the collection. */
  bucketBits?: number;
  /** Pairs kept in memory before partitions spill to temporary files. */
  memoryPairs?: number;
  /** SQLite: the raw handle of `db`'s connection (`Database.sqlite`), for faster bulk writes. */
  sqlite?: SqliteHandle | null;
}

export interface ReindexResult {
  documents: number;
  postings: number;
  buckets: number;
  bytes: number;
  bucketBits: number;
}

const PAGE = 1000;

/** Rebuilds all postings from the stored documents, in one transaction (the old index stays readable meanwhile). */
export async function reindex(db: Db, opts: ReindexOptions = {}): Promise<ReindexResult> {
  const stock = stockOf(opts);
  const onProgress = opts.onProgress ?? (() => {});
  return inTransaction(db, async (trx) => {
    await repo.lockIndexForWrite(trx);
    const raw = opts.sqlite && !repo.isPostgres(trx) ? new repo.SqliteBulkWrites(opts.sqlite) : null;
    const total = await repo.countSources(trx);
    const chars = await repo.totalTextLength(trx);
    const bits = opts.bucketBits ?? chooseBucketBits(chars * POSTINGS_PER_CHAR);
    const acc = new PostingsAccumulator(bits, chars * POSTINGS_PER_CHAR, opts.memoryPairs);
    try {
      let done = 0;
      let after = 0;
      onProgress({ phase: 'fingerprint', done, total });
      for (;;) {
        const page = raw ? raw.sourcePage(after, PAGE) : await repo.sourcePage(trx, after, PAGE);
        if (page.length === 0) break;
        for (const s of page) acc.add(Number(s.doc_no), indexableHashArray(normalizeText(s.text), stock));
        after = Number(page[page.length - 1].doc_no);
        done += page.length;
        onProgress({ phase: 'fingerprint', done, total });
      }
      await repo.deleteAllBuckets(trx);
      let buckets = 0;
      let bytes = 0;
      onProgress({ phase: 'write', done: 0, total: acc.partitions });
      for (const part of acc.buckets()) {
        if (raw) raw.insertBuckets(part.buckets);
        else await repo.insertBuckets(trx, part.buckets);
        buckets += part.buckets.length;
        for (const b of part.buckets) bytes += b.data.length;
        onProgress({ phase: 'write', done: part.partition + 1, total: acc.partitions });
      }
      await repo.writeState(trx, { bucket_bits: bits, format: CODEC_FORMAT, documents: done, built_at: (opts.clock ?? systemClock).now().toISOString() });
      return { documents: done, postings: acc.pairs, buckets, bytes, bucketBits: bits };
    } finally {
      acc.dispose();
    }
  });
}

/**
 * Stores many documents at once and rebuilds the postings (faster than one `indexSource` each).
 * A document whose id is already stored replaces it.
 */
export async function bulkLoad(db: Db, docs: Iterable<SourceInput> | AsyncIterable<SourceInput>, opts: ReindexOptions & { onLoaded?: (n: number) => void } = {}): Promise<ReindexResult> {
  const now = (opts.clock ?? systemClock).now().toISOString();
  return inTransaction(db, async (trx) => {
    await repo.lockIndexForWrite(trx);
    const raw = opts.sqlite && !repo.isPostgres(trx) ? new repo.SqliteBulkWrites(opts.sqlite) : null;
    let batch: NewSourceRow[] = [];
    let loaded = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      // Replaced documents go first (their postings go with the rebuild below).
      const ids = batch.map((r) => r.id);
      if (raw) {
        raw.deleteSourcesByIds(ids);
        raw.insertSources(batch);
      } else {
        await repo.deleteSourcesByIds(trx, ids);
        await repo.insertSources(trx, batch);
      }
      loaded += batch.length;
      opts.onLoaded?.(loaded);
      batch = [];
    };
    for await (const d of docs) {
      batch.push(toRow(d, now));
      if (batch.length >= 400) await flush();
    }
    await flush();
    return reindex(trx, opts);
  });
}

/**
 * Normalised texts of recent candidates, by original text (so whatever database or transaction
 * they come from): a candidate is often a candidate again, and normalising its 1,500 characters
 * costs far more than finding it here. Least recently used first out.
 */
const normalizedCache = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 1024;

function cachedNormalizedText(text: string): string {
  let out = normalizedCache.get(text);
  if (out !== undefined) {
    normalizedCache.delete(text);
  } else {
    out = normalizeText(text);
    if (normalizedCache.size >= NORMALIZED_CACHE_SIZE) normalizedCache.delete(normalizedCache.keys().next().value!);
  }
  normalizedCache.set(text, out);
  return out;
}

function toDocument(row: SourceRow): IndexedDocument {
  return {
    id: row.id,
    text: row.text,
    title: row.title,
    family: row.family ?? undefined,
    unit: row.unit_id === null ? undefined : String(row.unit_id),
    year: row.year ?? undefined,
    kind: row.kind === 'idea' || row.kind === 'reference' ? row.kind : undefined,
    normalized: lazyNormalized(row.text, cachedNormalizedText(row.text)),
  };
}

/** The engine's SourceDocument as a stored source (unit: an integer id as a string, else none). */
export function fromSourceDocument(doc: SourceDocument): SourceInput {
  return {
    id: doc.id,
    kind: doc.kind ?? 'reference',
    text: doc.text,
    title: doc.title ?? '',
    family: doc.family ?? null,
    unitId: doc.unit !== undefined && /^\d+$/.test(doc.unit) ? Number(doc.unit) : null,
    year: doc.year ?? null,
  };
}

/**
 * Big buckets kept in memory with their directory (SQLite). A fingerprint of a phrase that many
 * documents share (over the document-frequency cap, or just below it) has a group of thousands of
 * document numbers, and every check of a text with that phrase reads its bucket: at a million
 * documents a handful of such buckets are most of the bytes a check reads. They are kept while the
 * snapshot they were read under holds (no commit by another connection, no postings write by this
 * process, same bucket width), and never inside a transaction.
 */
class HotBuckets {
  static readonly MIN_BYTES = 4 << 10;
  static readonly MAX_BYTES = 64 << 20;
  private readonly kept = new Map<number, { blob: Uint8Array; dir: BucketDirectory }>();
  private bytes = 0;
  private snapshot = '';

  /** Forgets everything read under another snapshot. */
  at(snapshot: string): this {
    if (snapshot !== this.snapshot) {
      this.kept.clear();
      this.bytes = 0;
      this.snapshot = snapshot;
    }
    return this;
  }

  get(bucket: number) {
    return this.kept.get(bucket);
  }

  offer(bucket: number, blob: Uint8Array): void {
    if (blob.length < HotBuckets.MIN_BYTES || this.bytes + blob.length > HotBuckets.MAX_BYTES) return;
    this.kept.set(bucket, { blob, dir: directoryOf(blob) });
    this.bytes += blob.length;
  }
}
const hotBuckets = new WeakMap<repo.SqliteCheckReads, HotBuckets>();

function hotBucketsOf(raw: repo.SqliteCheckReads, bits: number): HotBuckets | null {
  const snapshot = raw.snapshot();
  if (snapshot === null) return null;
  let h = hotBuckets.get(raw);
  if (!h) hotBuckets.set(raw, (h = new HotBuckets()));
  return h.at(`${snapshot}:${bits}`);
}

/** The raw statements of a check, prepared once per connection (an index is opened per check). */
const checkReads = new WeakMap<SqliteHandle, repo.SqliteCheckReads>();

function checkReadsOf(handle: SqliteHandle): repo.SqliteCheckReads {
  let r = checkReads.get(handle);
  if (!r) checkReads.set(handle, (r = new repo.SqliteCheckReads(handle)));
  return r;
}

/** The database-backed index, for `checkDocument`. Reads see what `db` sees (a transaction or not). */
export class DbFingerprintIndex implements FingerprintIndex {
  readonly numbered: NumberedPostings;
  private readonly raw: repo.SqliteCheckReads | null;

  constructor(
    private readonly db: Db,
    readonly dialect: Dialect,
    private readonly stock: StockPhrases,
    sqlite: SqliteHandle | null = null,
  ) {
    this.raw = sqlite && dialect === 'sqlite' ? checkReadsOf(sqlite) : null;
    this.numbered = {
      lookupNumbers: (hashes, limit) => this.lookupNumbers(hashes, limit),
      documentsOf: async (numbers) => {
        const rows = new Map((this.raw ? this.raw.sourcesByNumbers(numbers) : await repo.sourcesByNumbers(this.db, numbers)).map((r) => [Number(r.doc_no), r]));
        const out: IndexedDocument[] = [];
        for (const n of numbers) {
          const r = rows.get(n);
          if (r) out.push(toDocument(r));
        }
        return out;
      },
    };
  }

  async add(doc: SourceDocument): Promise<void> {
    await indexSource(this.db, fromSourceDocument(doc), { stock: this.stock });
  }

  async replace(doc: SourceDocument): Promise<void> {
    await this.add(doc);
  }

  async remove(id: string): Promise<void> {
    await removeSource(this.db, id);
  }

  private async state(): Promise<IndexState> {
    const s = this.raw ? this.raw.readState() : await repo.readState(this.db);
    checkFormat(s);
    return s;
  }

  /** hash → document numbers (or the count, above `limit`). */
  async lookupNumbers(hashes: readonly number[], limit: number): Promise<Map<number, number[] | number>> {
    const bits = (await this.state()).bucket_bits;
    const by = groupByBucket([...new Set(hashes)], bits);
    const out = new Map<number, number[] | number>();
    const found = (bucket: number, groups: Map<number, number[] | number>) => {
      for (const [suffix, docs] of groups) out.set(hashOf(bucket, suffix, bits), docs);
    };
    const hot = this.raw ? hotBucketsOf(this.raw, bits) : null;
    const read: number[] = [];
    for (const bucket of by.keys()) {
      const kept = hot?.get(bucket);
      if (kept) found(bucket, lookupDirectory(kept.blob, kept.dir, by.get(bucket)!, limit));
      else read.push(bucket);
    }
    const blobs = this.raw ? this.raw.bucketsByNumber(read) : await repo.bucketsByNumber(this.db, read);
    for (const [bucket, blob] of blobs) {
      hot?.offer(bucket, blob);
      found(bucket, lookupBucket(blob, by.get(bucket)!, limit));
    }
    return out;
  }

  private async toIds(numbers: Map<number, number[] | number>): Promise<Map<number, string[] | number>> {
    const all = new Set<number>();
    for (const v of numbers.values()) if (typeof v !== 'number') for (const d of v) all.add(d);
    const ids = await repo.idsOf(this.db, [...all]);
    const out = new Map<number, string[] | number>();
    for (const [h, v] of numbers) {
      if (typeof v === 'number') out.set(h, v);
      else {
        const list = v.map((d) => ids.get(d)).filter((x): x is string => x !== undefined);
        if (list.length) out.set(h, list);
      }
    }
    return out;
  }

  async lookup(hashes: readonly number[]): Promise<Map<number, string[]>> {
    return (await this.toIds(await this.lookupNumbers(hashes, Infinity))) as Map<number, string[]>;
  }

  async lookupCapped(hashes: readonly number[], limit: number): Promise<Map<number, string[] | number>> {
    return this.toIds(await this.lookupNumbers(hashes, limit));
  }

  async documentFrequency(hash: number): Promise<number> {
    const v = (await this.lookupNumbers([hash], 0)).get(hash >>> 0);
    return v === undefined ? 0 : typeof v === 'number' ? v : v.length;
  }

  async size(): Promise<number> {
    return (this.raw ? this.raw.readState() : await repo.readState(this.db)).documents;
  }

  async documents(ids: readonly string[]): Promise<IndexedDocument[]> {
    const rows = new Map((await repo.sourcesByIds(this.db, ids)).map((r) => [r.id, r]));
    const out: IndexedDocument[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (r) out.push(toDocument(r));
    }
    return out;
  }
}

/**
 * The index over the application's database, for `checkDocument(index, …, { stock })`. On SQLite,
 * pass the raw handle (`Database.sqlite`) too: the reads of a check then skip Kysely (faster; same
 * connection, same data). Writes always go through `db`.
 */
export function openFingerprintIndex(db: Db, dialect: Dialect, stock: StockPhrases, sqlite: SqliteHandle | null = null): DbFingerprintIndex {
  return new DbFingerprintIndex(db, dialect, stock, sqlite);
}

type SqliteHandle = import('better-sqlite3').Database;

/** Size of the index: postings rows and bytes (texts not counted). */
export async function indexSize(db: Db): Promise<{ documents: number; buckets: number; bytes: number; bucketBits: number }> {
  const [state, size] = await Promise.all([repo.readState(db), repo.postingsSize(db)]);
  return { documents: state.documents, buckets: size.rows, bytes: size.bytes, bucketBits: state.bucket_bits };
}
