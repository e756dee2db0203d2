import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addToBucket, bucketOf, decodeBucket, directoryOf, encodeBucket, hashOf, lookupBucket, lookupDirectory, removeFromBucket, suffixOf, type BucketPostings } from './postings-codec.ts';
import { encodePartition, PostingsAccumulator } from './accumulator.ts';

const sortedUnique = (a: number[]) => [...new Set(a)].sort((x, y) => x - y);

describe('postings codec', () => {
  it('splits a hash into bucket and suffix and back, for every width', () => {
    for (const bits of [0, 1, 10, 18, 24, 26, 31]) {
      for (const h of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678]) {
        expect(hashOf(bucketOf(h, bits), suffixOf(h, bits), bits)).toBe(h >>> 0);
      }
    }
  });

  it('encodes and decodes any bucket; lookup finds exactly the wanted suffixes, counts above the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 20 }), fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 }), { minLength: 1, maxLength: 20 })), { maxLength: 40 }), fc.integer({ min: 0, max: 25 }), (groups, cap) => {
        const bySuffix = new Map<number, number[]>();
        for (const [s, docs] of groups) bySuffix.set(s, sortedUnique([...(bySuffix.get(s) ?? []), ...docs]));
        const suffixes = [...bySuffix.keys()].sort((a, b) => a - b);
        const p: BucketPostings = { suffixes, docs: suffixes.map((s) => bySuffix.get(s)!) };
        const blob = encodeBucket(p);
        expect(decodeBucket(blob)).toEqual(p);
        const wanted = suffixes.filter((_, i) => i % 2 === 0).concat([2 ** 20 + 1]);
        const got = lookupBucket(blob, wanted, cap);
        // Through the bucket's directory (a big bucket kept in memory): the same answer.
        expect(lookupDirectory(blob, directoryOf(blob), wanted, cap)).toEqual(got);
        for (const s of wanted) {
          const docs = bySuffix.get(s);
          if (!docs) expect(got.has(s)).toBe(false);
          else expect(got.get(s)).toEqual(docs.length > cap ? docs.length : docs);
        }
      }),
    );
  });

  it('adds and removes a document like a set would', () => {
    const p: BucketPostings = { suffixes: [], docs: [] };
    addToBucket(p, [5, 9], 3);
    addToBucket(p, [5, 1], 7);
    addToBucket(p, [5], 2);
    addToBucket(p, [5], 3); // again: no duplicate
    expect(p).toEqual({ suffixes: [1, 5, 9], docs: [[7], [2, 3, 7], [3]] });
    expect(removeFromBucket(p, 3)).toBe(true);
    expect(p).toEqual({ suffixes: [1, 5], docs: [[7], [2, 7]] });
    expect(removeFromBucket(p, 3)).toBe(false);
    expect(decodeBucket(encodeBucket(p))).toEqual(p);
  });

  it('bulk encoding equals adding documents one by one, with or without spilling to disk', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }), { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), (docs, bits, spill) => {
        const expected = new Map<number, BucketPostings>();
        // Spilling: about 8 partitions (1000 expected pairs, 150 in memory), each a temporary file.
        const acc = new PostingsAccumulator(bits, spill ? 1000 : 10, spill ? 150 : 1000);
        docs.forEach((hashes, i) => {
          acc.add(i + 1, hashes);
          for (const h of hashes) {
            const b = bucketOf(h, bits);
            if (!expected.has(b)) expected.set(b, { suffixes: [], docs: [] });
            addToBucket(expected.get(b)!, [suffixOf(h, bits)], i + 1);
          }
        });
        if (spill && docs.flat().length > 0) expect(acc.partitions).toBeGreaterThan(1);
        const got = new Map<number, BucketPostings>();
        let last = -1;
        for (const part of acc.buckets()) {
          for (const b of part.buckets) {
            expect(b.bucket).toBeGreaterThan(last);
            last = b.bucket;
            got.set(b.bucket, decodeBucket(b.data));
          }
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('encodePartition of nothing is nothing', () => {
    expect(encodePartition(new Uint32Array(0), 10)).toEqual([]);
  });
});
