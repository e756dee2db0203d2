// The packed postings of one bucket (format 1). A bucket holds the fingerprints whose top `bits`
// bits are its number; the blob lists, for each of them in increasing order of the remaining bits
// (the suffix), the documents that contain it:
//
//   group*   group = varint(suffix − previous suffix) varint(count) varint(doc₁) varint(doc₂ − doc₁) …
//
// Document numbers increase inside a group. Varints are LEB128 (7 bits a byte). A million documents
// cost three bytes for a group's first document and usually one or two for the next ones; a
// suffix delta is one byte when buckets hold a few dozen fingerprints.
export const CODEC_FORMAT = 1;

/** A bucket decoded: suffixes ascending, and for each its documents ascending. */
export interface BucketPostings {
  suffixes: number[];
  docs: number[][];
}

export function bucketOf(hash: number, bits: number): number {
  return bits === 0 ? 0 : hash >>> (32 - bits);
}

export function suffixOf(hash: number, bits: number): number {
  return bits === 0 ? hash >>> 0 : bits === 32 ? 0 : (hash & ((1 << (32 - bits)) - 1)) >>> 0;
}

export function hashOf(bucket: number, suffix: number, bits: number): number {
  return bits === 0 ? suffix >>> 0 : ((bucket << (32 - bits)) | suffix) >>> 0;
}

/** A growable byte buffer with LEB128 varints. */
export class ByteWriter {
  buf: Uint8Array;
  length = 0;
  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }
  private grow(need: number) {
    let cap = this.buf.length * 2;
    while (cap < this.length + need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  varint(v: number) {
    if (this.length + 5 > this.buf.length) this.grow(5);
    // v < 2^32; `>>> 7` keeps it unsigned.
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.length++] = v;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export function encodeBucket(p: BucketPostings): Uint8Array {
  const w = new ByteWriter(16 + 4 * p.suffixes.length);
  let prevSuffix = 0;
  for (let g = 0; g < p.suffixes.length; g++) {
    const docs = p.docs[g];
    if (docs.length === 0) continue;
    w.varint(p.suffixes[g] - prevSuffix);
    prevSuffix = p.suffixes[g];
    w.varint(docs.length);
    let prev = 0;
    for (const d of docs) {
      w.varint(d - prev);
      prev = d;
    }
  }
  return w.bytes();
}

/** Reads a varint at `pos[0]`, advancing it. */
function readVarint(b: Uint8Array, pos: { i: number }): number {
  let v = 0;
  let shift = 0;
  for (;;) {
    const byte = b[pos.i++];
    if (byte === undefined) throw new Error('originality postings: truncated bucket');
    v += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return v;
    shift += 7;
  }
}

export function decodeBucket(b: Uint8Array): BucketPostings {
  const out: BucketPostings = { suffixes: [], docs: [] };
  const pos = { i: 0 };
  let suffix = 0;
  while (pos.i < b.length) {
    suffix += readVarint(b, pos);
    const count = readVarint(b, pos);
    const docs = new Array<number>(count);
    let d = 0;
    for (let k = 0; k < count; k++) docs[k] = d += readVarint(b, pos);
    out.suffixes.push(suffix);
    out.docs.push(docs);
  }
  return out;
}

/**
 * The documents of the wanted suffixes (sorted ascending) in one pass over the blob; a group whose
 * document count is above `countOnlyAbove` is returned as its count alone (a document-frequency
 * cap needs no list).
 */
export function lookupBucket(b: Uint8Array, wanted: readonly number[], countOnlyAbove = Infinity): Map<number, number[] | number> {
  const out = new Map<number, number[] | number>();
  const pos = { i: 0 };
  let suffix = 0;
  let w = 0;
  while (pos.i < b.length && w < wanted.length) {
    suffix += readVarint(b, pos);
    const count = readVarint(b, pos);
    while (w < wanted.length && wanted[w] < suffix) w++;
    if (w < wanted.length && wanted[w] === suffix && count <= countOnlyAbove) {
      const docs = new Array<number>(count);
      let d = 0;
      for (let k = 0; k < count; k++) docs[k] = d += readVarint(b, pos);
      out.set(suffix, docs);
      continue;
    }
    if (w < wanted.length && wanted[w] === suffix) out.set(suffix, count);
    for (let k = 0; k < count; k++) while (b[pos.i++] >= 0x80);
  }
  return out;
}

/**
 * Where each fingerprint's group starts in a bucket: suffix → [count, byte offset of its first
 * document]. Built once for a big bucket (a common fingerprint's long group in it), so that later
 * lookups jump to their groups instead of skipping every byte before them.
 */
export type BucketDirectory = Map<number, readonly [count: number, offset: number]>;

export function directoryOf(b: Uint8Array): BucketDirectory {
  const dir: BucketDirectory = new Map();
  const pos = { i: 0 };
  let suffix = 0;
  while (pos.i < b.length) {
    suffix += readVarint(b, pos);
    const count = readVarint(b, pos);
    dir.set(suffix, [count, pos.i]);
    for (let k = 0; k < count; k++) while (b[pos.i++] >= 0x80);
  }
  return dir;
}

/** `lookupBucket` through a directory of the same blob: the same answer. */
export function lookupDirectory(b: Uint8Array, dir: BucketDirectory, wanted: readonly number[], countOnlyAbove = Infinity): Map<number, number[] | number> {
  const out = new Map<number, number[] | number>();
  const pos = { i: 0 };
  for (const w of wanted) {
    const g = dir.get(w);
    if (!g) continue;
    const [count, offset] = g;
    if (count > countOnlyAbove) {
      out.set(w, count);
      continue;
    }
    pos.i = offset;
    const docs = new Array<number>(count);
    let d = 0;
    for (let k = 0; k < count; k++) docs[k] = d += readVarint(b, pos);
    out.set(w, docs);
  }
  return out;
}

/** Adds a document to the given suffixes of a decoded bucket (kept sorted, no duplicates). */
export function addToBucket(p: BucketPostings, suffixes: readonly number[], doc: number): void {
  for (const s of suffixes) {
    const g = lowerBound(p.suffixes, s);
    if (g < p.suffixes.length && p.suffixes[g] === s) {
      const docs = p.docs[g];
      const i = lowerBound(docs, doc);
      if (docs[i] !== doc) docs.splice(i, 0, doc);
    } else {
      p.suffixes.splice(g, 0, s);
      p.docs.splice(g, 0, [doc]);
    }
  }
}

/** Removes a document from every group of a decoded bucket; empty groups go. */
export function removeFromBucket(p: BucketPostings, doc: number): boolean {
  let changed = false;
  for (let g = p.suffixes.length - 1; g >= 0; g--) {
    const docs = p.docs[g];
    const i = lowerBound(docs, doc);
    if (docs[i] !== doc) continue;
    changed = true;
    docs.splice(i, 1);
    if (docs.length === 0) {
      p.suffixes.splice(g, 1);
      p.docs.splice(g, 1);
    }
  }
  return changed;
}

export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
