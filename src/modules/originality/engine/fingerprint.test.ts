import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GUARANTEE_T, kgramHashes, NOISE_K, uniqueSorted, WINDOW_W, winnow, winnowPositions } from './fingerprint.ts';

describe('fingerprints', () => {
  it('chooses the window so that T = W + K − 1 = 13', () => {
    expect(WINDOW_W + NOISE_K - 1).toBe(GUARANTEE_T);
    expect(GUARANTEE_T).toBe(13);
  });

  it('hashes equal k-grams equally wherever they stand', () => {
    const a = kgramHashes('甲乙丙丁戊己庚辛壬癸');
    const b = kgramHashes('子丑甲乙丙丁戊己庚辛壬癸');
    expect(a.length).toBe(10 - NOISE_K + 1);
    expect([...b.subarray(2)]).toEqual([...a]);
  });

  it('selects at least one hash in every window, once per position', () => {
    const hashes = Uint32Array.from({ length: 200 }, (_, i) => (i * 2654435761) >>> 0);
    const fps = winnow(hashes);
    const positions = fps.map((f) => f.pos);
    expect(new Set(positions).size).toBe(positions.length);
    for (let s = 0; s + WINDOW_W <= hashes.length; s++) expect(positions.some((p) => p >= s && p < s + WINDOW_W)).toBe(true);
  });

  it('gives a short document its minimum', () => {
    expect(winnow(Uint32Array.from([5, 3, 9]))).toEqual([{ hash: 3, pos: 1 }]);
    expect(winnow(new Uint32Array(0))).toEqual([]);
  });
});

describe('fast paths', () => {
  /** Winnowing as written in the paper: every window scanned, the rightmost minimum, each position once. */
  function naiveWinnow(hashes: Uint32Array, w = WINDOW_W): number[] {
    const out: number[] = [];
    for (let start = 0; start < Math.max(1, hashes.length - w + 1) && hashes.length > 0; start++) {
      let best = start;
      for (let i = start + 1; i < Math.min(hashes.length, start + w); i++) if (hashes[i] <= hashes[best]) best = i;
      if (out[out.length - 1] !== best) out.push(best);
    }
    return out;
  }

  it('winnowPositions equals the window-by-window scan, with ties and repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 }), fc.integer({ min: 1, max: 9 }), (xs, w) => {
        const hashes = Uint32Array.from(xs);
        expect([...winnowPositions(hashes, w)]).toEqual(naiveWinnow(hashes, w));
      }),
      { numRuns: 300 },
    );
  });

  it('uniqueSorted equals sorting and dropping repeats, small and large', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 50 })), { maxLength: 2000 }), (xs) => {
        expect([...uniqueSorted(Uint32Array.from(xs))]).toEqual([...new Set(xs)].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });
});
