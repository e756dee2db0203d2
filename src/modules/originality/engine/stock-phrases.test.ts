import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_STOCK_PHRASES, OFFICIAL_WRITING_PHRASES_0009, SEED_STOCK_PHRASES_0005, StockPhrases } from './stock-phrases.ts';
import { normalize } from './normalize.ts';

/** The definition: every occurrence of every phrase, found one phrase at a time. */
function naiveMask(phrases: readonly string[], text: string): Uint8Array {
  const m = new Uint8Array(text.length);
  for (const p of phrases) for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) m.fill(1, i, i + p.length);
  return m;
}

describe('stock phrases', () => {
  it('seeds the two lists, each phrase at least 4 normalised characters, none given twice', () => {
    expect(SEED_STOCK_PHRASES_0005).toHaveLength(32);
    expect(DEFAULT_STOCK_PHRASES).toEqual([...SEED_STOCK_PHRASES_0005, ...OFFICIAL_WRITING_PHRASES_0009]);
    const normalised = DEFAULT_STOCK_PHRASES.map((p) => normalize(p).text);
    for (const [i, n] of normalised.entries()) expect(n.length, DEFAULT_STOCK_PHRASES[i]).toBeGreaterThanOrEqual(4);
    expect(new Set(normalised).size).toBe(normalised.length);
    expect(StockPhrases.defaults().phrases).toHaveLength(DEFAULT_STOCK_PHRASES.length);
  });

  it('masks exactly what a phrase-by-phrase search finds, overlapping phrases and long lists included', () => {
    const long = Array.from({ length: 300 }, (_, i) => `第${'一二三四五六七八九'[i % 9]}条规定${i}`);
    for (const list of [DEFAULT_STOCK_PHRASES, [...DEFAULT_STOCK_PHRASES, ...long], ['教育强国', '建设教育强国', '强国建设'], []]) {
      const stock = StockPhrases.from(list);
      const pieces = [...stock.phrases.slice(0, 60), '教师', '学校发展', '全面', '规定', '第1条', '强国建设', '高质量'];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
          const text = normalize(parts.join('，')).text;
          expect([...stock.mask(text)]).toEqual([...naiveMask(stock.phrases, text)]);
        }),
      );
    }
  });

  it('matches on normalised text: punctuation, width and traditional characters do not matter', () => {
    const stock = StockPhrases.defaults();
    const text = normalize('我們的「新辦法」，取得顯著成效；').text;
    const m = stock.mask(text);
    expect(text.slice(m.indexOf(1), m.lastIndexOf(1) + 1)).toBe(normalize('取得显著成效').text);
    expect(text.slice(0, 4)).toBe('我们的新');
    expect([...m.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });
});
