// Bulk build of the packed postings: (hash, document) pairs are collected per partition of the
// bucket space (spilled to temporary files when they would not fit the memory budget), then each
// partition is sorted by bucket and suffix and encoded, one bucket blob at a time. Documents must
// arrive in increasing document-number order (then every list comes out sorted without sorting it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sortPairsByHash } from '../engine/fingerprint.ts';
import { bucketOf, ByteWriter, suffixOf } from './postings-codec.ts';

const CHUNK_PAIRS = 1 << 16;

interface Partition {
  /** Full chunks kept in memory (when not spilling). */
  chunks: Uint32Array[];
  /** Current chunk: hash, doc, hash, doc, … */
  cur: Uint32Array;
  fill: number;
  fd: number | null;
  pairs: number;
}

export interface EncodedBucket {
  bucket: number;
  data: Uint8Array;
}

export class PostingsAccumulator {
  private readonly parts: Partition[];
  private readonly partitionBits: number;
  private dir: string | null = null;
  private lastDoc = -1;
  pairs = 0;

  /**
   * `expectedPairs` sizes the partitions so that one of them fits `memoryPairs` pairs (8 bytes
   * each); with one partition nothing is written to disk.
   */
  constructor(
    readonly bits: number,
    expectedPairs: number,
    memoryPairs = 24_000_000,
  ) {
    let pb = 0;
    while (pb < bits && expectedPairs / 2 ** pb > memoryPairs) pb++;
    this.partitionBits = pb;
    const spill = pb > 0;
    if (spill) this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-originality-build-'));
    this.parts = Array.from({ length: 2 ** pb }, (_, i) => ({
      chunks: [],
      cur: new Uint32Array(2 * CHUNK_PAIRS),
      fill: 0,
      fd: spill ? fs.openSync(path.join(this.dir!, `p${i}`), 'w+') : null,
      pairs: 0,
    }));
  }

  get partitions(): number {
    return this.parts.length;
  }

  add(doc: number, hashes: ArrayLike<number>): void {
    if (doc <= this.lastDoc) throw new Error('PostingsAccumulator: documents must come in increasing order');
    this.lastDoc = doc;
    const shift = 32 - this.partitionBits;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      const p = this.parts[this.partitionBits === 0 ? 0 : h >>> shift];
      p.cur[p.fill++] = h;
      p.cur[p.fill++] = doc;
      p.pairs++;
      if (p.fill === p.cur.length) this.flushChunk(p);
    }
    this.pairs += hashes.length;
  }

  private flushChunk(p: Partition) {
    if (p.fd !== null) {
      fs.writeSync(p.fd, p.cur, 0, p.fill * 4);
      p.fill = 0;
    } else {
      p.chunks.push(p.cur);
      p.cur = new Uint32Array(2 * CHUNK_PAIRS);
      p.fill = 0;
    }
  }

  /** Encoded buckets of every partition in bucket order, one partition at a time. */
  *buckets(): Generator<{ partition: number; buckets: EncodedBucket[] }> {
    try {
      for (let i = 0; i < this.parts.length; i++) {
        const p = this.parts[i];
        const pairs = this.loadPartition(p);
        this.parts[i] = { chunks: [], cur: new Uint32Array(0), fill: 0, fd: null, pairs: 0 };
        yield { partition: i, buckets: encodePartition(pairs, this.bits) };
      }
    } finally {
      this.dispose();
    }
  }

  private loadPartition(p: Partition): Uint32Array {
    const all = new Uint32Array(2 * p.pairs);
    if (p.fd !== null) {
      const onDisk = 2 * p.pairs - p.fill;
      const bytes = new Uint8Array(all.buffer, 0, onDisk * 4);
      let read = 0;
      while (read < bytes.length) read += fs.readSync(p.fd, bytes, read, bytes.length - read, read);
      all.set(p.cur.subarray(0, p.fill), onDisk);
      fs.closeSync(p.fd);
      p.fd = null;
    } else {
      let o = 0;
      for (const c of p.chunks) {
        all.set(c, o);
        o += c.length;
      }
      all.set(p.cur.subarray(0, p.fill), o);
    }
    return all;
  }

  dispose(): void {
    for (const p of this.parts) if (p.fd !== null) fs.closeSync(p.fd), (p.fd = null);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/**
 * Pairs (hash, doc, hash, doc, …) in document order → encoded buckets in bucket order: a stable
 * radix sort by hash (sortPairsByHash), so that each hash's documents stay in increasing order, then one pass that writes every bucket into one buffer (the buckets are
 * views into it).
 */
export function encodePartition(pairs: Uint32Array, bits: number): EncodedBucket[] {
  const n = pairs.length / 2;
  if (n === 0) return [];
  const hs0 = new Uint32Array(n);
  const ds0 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hs0[i] = pairs[2 * i];
    ds0[i] = pairs[2 * i + 1];
  }
  const { hashes: hs, docs: ds } = sortPairsByHash(hs0, ds0);
  const w = new ByteWriter(Math.max(1024, n * 4));
  const out: EncodedBucket[] = [];
  const starts: number[] = [];
  for (let i = 0; i < n; ) {
    const bucket = bucketOf(hs[i], bits);
    starts.push(w.length);
    out.push({ bucket, data: EMPTY });
    let prevSuffix = 0;
    while (i < n && bucketOf(hs[i], bits) === bucket) {
      const h = hs[i];
      let e = i;
      while (e < n && hs[e] === h) e++;
      const suffix = suffixOf(h, bits);
      w.varint(suffix - prevSuffix);
      prevSuffix = suffix;
      w.varint(e - i);
      let prev = 0;
      for (let j = i; j < e; j++) {
        w.varint(ds[j] - prev);
        prev = ds[j];
      }
      i = e;
    }
  }
  starts.push(w.length);
  const buf = w.buf;
  for (let b = 0; b < out.length; b++) out[b].data = buf.subarray(starts[b], starts[b + 1]);
  return out;
}

const EMPTY = new Uint8Array(0);
