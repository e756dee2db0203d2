import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick, type AhoMatch } from './aho-corasick.ts';

/** Obvious reference: at each position, the longest pattern that starts there (first index on ties). */
function naiveLeftmostLongest(patterns: readonly string[], text: string): AhoMatch[] {
  const out: AhoMatch[] = [];
  for (let i = 0; i < text.length; ) {
    let best = -1;
    patterns.forEach((p, k) => {
      if (p.length === 0 || !text.startsWith(p, i)) return;
      if (best === -1 || p.length > patterns[best].length) best = k;
    });
    if (best === -1) i++;
    else {
      const firstIndex = patterns.indexOf(patterns[best]);
      out.push({ start: i, end: i + patterns[best].length, pattern: firstIndex });
      i += patterns[best].length;
    }
  }
  return out;
}

function naiveOverlapping(patterns: readonly string[], text: string): string[] {
  const out: string[] = [];
  const distinct = [...new Set(patterns.filter((p) => p.length > 0))];
  for (let i = 0; i < text.length; i++) {
    for (const p of distinct) if (text.startsWith(p, i)) out.push(`${i}:${i + p.length}:${patterns.indexOf(p)}`);
  }
  return out.sort();
}

describe('AhoCorasick', () => {
  it('takes the longest pattern at the leftmost start', () => {
    const ac = new AhoCorasick(['仙居县', '仙居县教育局', '教育局', '局']);
    const text = '仙居县教育局发文，教育局同意。';
    expect(ac.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual(['仙居县教育局', '教育局']);
    expect(ac.findAll(text)[0]).toEqual({ start: 0, end: 6, pattern: 1 });
  });

  it('prefers the leftmost start over a longer match that starts later', () => {
    const ac = new AhoCorasick(['ab', 'bcdef']);
    expect(ac.findAll('abcdef')).toEqual([{ start: 0, end: 2, pattern: 0 }]);
  });

  it('finds patterns that are suffixes of other patterns (dictionary links)', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(ac.findOverlapping('ushers').map((m) => [m.start, m.end, m.pattern])).toEqual([
      [1, 4, 1],
      [2, 4, 0],
      [2, 6, 3],
    ]);
    expect(ac.findAll('ushers')).toEqual([{ start: 1, end: 4, pattern: 1 }]);
  });

  it('ignores empty patterns, keeps the first index of duplicates, handles no patterns', () => {
    const ac = new AhoCorasick(['', '张三', '张三']);
    expect(ac.size).toBe(1);
    expect(ac.findAll('请张三来')).toEqual([{ start: 1, end: 3, pattern: 1 }]);
    expect(new AhoCorasick([]).findAll('abc')).toEqual([]);
    expect(new AhoCorasick([]).test('abc')).toBe(false);
    expect(ac.findAll('')).toEqual([]);
  });

  it('works on code units, so surrogate pairs (CJK extension B) match whole', () => {
    const ac = new AhoCorasick(['𠀀𠀁', '𠀁']);
    const text = 'x𠀀𠀁y𠀁';
    expect(ac.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual(['𠀀𠀁', '𠀁']);
  });

  it('replaces matches and leaves the rest intact', () => {
    const ac = new AhoCorasick(['横溪镇中心小学', '横溪', '王小明']);
    const text = '横溪镇中心小学王小明老师在横溪工作';
    expect(ac.replaceAll(text, (m) => (m.pattern === 2 ? '〔姓名〕' : '〔单位〕'))).toBe(
      '〔单位〕〔姓名〕老师在〔单位〕工作',
    );
    expect(ac.replaceAll('无关文字', () => 'X')).toBe('无关文字');
    expect(ac.test('在横溪')).toBe(true);
    expect(ac.test('在横')).toBe(false);
  });

  // Small alphabets make overlaps, shared prefixes and suffix chains frequent.
  const alphabet = fc.constantFrom('a', 'b', 'c', '县', '局', '𠀀');
  const word = (min: number, max: number) =>
    fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));

  it('findAll equals the naive leftmost-longest matcher (property)', () => {
    fc.assert(
      fc.property(fc.array(word(0, 5), { maxLength: 12 }), word(0, 60), (patterns, text) => {
        expect(new AhoCorasick(patterns).findAll(text)).toEqual(naiveLeftmostLongest(patterns, text));
      }),
      { numRuns: 500 },
    );
  });

  it('findOverlapping equals every occurrence found naively, and test() agrees (property)', () => {
    fc.assert(
      fc.property(fc.array(word(0, 4), { maxLength: 10 }), word(0, 40), (patterns, text) => {
        const ac = new AhoCorasick(patterns);
        const got = ac.findOverlapping(text).map((m) => `${m.start}:${m.end}:${m.pattern}`).sort();
        const want = naiveOverlapping(patterns, text);
        expect(got).toEqual(want);
        expect(ac.test(text)).toBe(want.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('scans a long text against thousands of names in one pass', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `教师${i.toString(36)}号`);
    const ac = new AhoCorasick(names);
    const text = '这是一段文字。'.repeat(20_000) + '教师zzz号' + '教师3e7号';
    const t0 = performance.now();
    const found = ac.findAll(text);
    const ms = performance.now() - t0;
    expect(found.map((m) => names[m.pattern])).toEqual(['教师3e7号']);
    expect(ms).toBeLessThan(2000);
  });
});
