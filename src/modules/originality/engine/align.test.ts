import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignTexts, chainRuns, disjointRuns, exactRuns, lcsLength, type Run } from './align.ts';
import { DEFAULT_GAP } from './check.ts';
import { NOISE_K } from './fingerprint.ts';
import { seededText } from './test-text.ts';

/** Every maximal exact run of at least k characters, by comparing characters at every pair of positions. */
function naiveRuns(q: string, s: string, k = NOISE_K): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < q.length; i++)
    for (let j = 0; j < s.length; j++) {
      if (i > 0 && j > 0 && q[i - 1] === s[j - 1]) continue;
      let len = 0;
      while (i + len < q.length && j + len < s.length && q[i + len] === s[j + len]) len++;
      if (len >= k) out.push({ q: i, s: j, len });
    }
  return out;
}

describe('alignment', () => {
  it('exactRuns (k-grams prefiltered by character pairs) equals comparing every pair of positions', () => {
    // A small alphabet, so that texts share many runs, some of them overlapping or repeated.
    const text = (max: number) => fc.array(fc.constantFrom(...'甲乙丙丁戊'), { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(text(60), text(60), fc.array(fc.constantFrom(...'子丑寅卯辰巳午未申酉戌亥'), { minLength: NOISE_K, maxLength: 30 }), (a, b, run) => {
        const q = a + run.join('') + b;
        const s = b + run.join('') + a;
        expect(exactRuns(q, s)).toEqual(naiveRuns(q, s));
      }),
      { numRuns: 200 },
    );
  });

  it('finds maximal exact runs of at least K characters, never shorter ones', () => {
    const shared = seededText(1, 20);
    const short = seededText(2, NOISE_K - 1);
    const q = seededText(3, 30) + shared + seededText(4, 10) + short + seededText(5, 10);
    const s = seededText(6, 5) + short + seededText(7, 5) + shared;
    expect(exactRuns(q, s)).toEqual([{ q: 30, s: 17, len: 20 }]);
  });

  it('keeps the longest of overlapping runs and the free part of the others', () => {
    const runs = disjointRuns(
      [
        { q: 0, s: 0, len: 30 },
        { q: 20, s: 100, len: 25 },
        { q: 25, s: 200, len: 8 },
      ],
      100,
    );
    expect(runs).toEqual([
      { q: 0, s: 0, len: 30 },
      { q: 30, s: 110, len: 15 },
    ]);
  });

  it('chains runs across small gaps in both texts, not across a jump in the source', () => {
    const passages = chainRuns(
      [
        { q: 0, s: 0, len: 20 },
        { q: 22, s: 21, len: 20 },
        { q: 45, s: 300, len: 20 },
      ],
      DEFAULT_GAP,
    );
    expect(passages.map((p) => [p.qStart, p.qEnd, p.sStart, p.sEnd])).toEqual([
      [0, 42, 0, 41],
      [45, 65, 300, 320],
    ]);
  });

  it('bridges a clause with several swapped words, but not an unrelated gap', () => {
    const a = seededText(10, 30);
    const b = seededText(11, 30);
    const clause = seededText(12, 20);
    const edited = [...clause].map((c, i) => (i % 5 === 2 ? '换' : c)).join(''); // no run of K left
    const s = a + clause + b;
    expect(alignTexts(a + edited + b, s, DEFAULT_GAP)).toHaveLength(1);
    expect(alignTexts(a + seededText(13, 20) + b, s, DEFAULT_GAP)).toHaveLength(2);
  });

  it('computes the longest common subsequence', () => {
    expect(lcsLength('甲乙丙丁', '甲丙丁戊')).toBe(3);
    expect(lcsLength('', '甲')).toBe(0);
  });
});
