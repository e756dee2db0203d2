import { describe, expect, it } from 'vitest';
import { GUARANTEE_T, kgramHashes, NOISE_K, WINDOW_W, winnow } from './fingerprint.ts';

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
