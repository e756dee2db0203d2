// The table-driven normalize() against the straightforward per-code-point implementation it
// replaced (kept here as the reference): same text, same offsets, for any input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lazyNormalized, normalize, normalizeText, numeralRunToArabic, toSimplifiedChar, type Normalized } from './normalize.ts';

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const isNumeral = (c: string) => c in DIGITS || c in UNITS;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function referenceNormalize(original: string): Normalized {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  // Pending numeral run: characters and the original span they cover.
  let run: string[] = [];
  let runStart = 0;
  let runEnd = 0;
  const push = (s: string, start: number, end: number) => {
    text += s;
    for (let i = 0; i < s.length; i++) {
      starts.push(start);
      ends.push(end);
    }
  };
  const flush = () => {
    if (run.length === 0) return;
    push(numeralRunToArabic(run), runStart, runEnd);
    run = [];
  };
  let offset = 0;
  for (const cp of original) {
    const start = offset;
    const end = offset + cp.length;
    offset = end;
    // Fast path: CJK Unified Ideographs are their own NFKC form and always letters.
    const code0 = cp.charCodeAt(0);
    const ideograph = code0 >= 0x4e00 && code0 <= 0x9fff;
    const decomposed = ideograph ? cp : cp.normalize('NFKC');
    for (const raw of decomposed) {
      let c = toSimplifiedChar(raw);
      if (!ideograph && !LETTER_OR_NUMBER.test(c)) {
        flush(); // 一百、十 are two numbers
        continue;
      }
      const code = c.charCodeAt(0);
      if (code >= 65 && code <= 90) c = String.fromCharCode(code + 32);
      if (isNumeral(c)) {
        if (run.length === 0) runStart = start;
        run.push(c);
        runEnd = end;
        continue;
      }
      flush();
      push(c, start, end);
    }
  }
  flush();
  return { text, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}


// Characters that exercise every path: CJK (simplified and traditional), numerals, full-width
// letters and digits, NFKC expansions (㈠ ½ ﬁ ㍻), punctuation and spaces, letters, non-BMP
// characters and lone surrogates, combining marks.
const ALPHABET = [...'学校發展與國際教育一二三四五六七八九十百千〇零万亿两ＡＢｃ１２３ABCxyz0189㈠㈩½ﬁ㍻①Ⅻ，。、；：！？“”（）《》「」 \n\t\u3000-_.'].concat(['𠀀', '𝐀', '\ud800', '\udc00', 'e\u0301', 'Å']);

describe('normalize (table-driven) equals the per-code-point reference', () => {
  it('on random mixtures of every kind of character', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }), (parts) => {
        const s = parts.join('');
        const ref = referenceNormalize(s);
        expect(normalize(s)).toEqual(ref);
        expect(normalizeText(s)).toBe(ref.text);
        const lazy = lazyNormalized(s);
        expect(lazy.text).toBe(ref.text);
        expect([...lazy.starts]).toEqual([...ref.starts]);
        expect([...lazy.ends]).toEqual([...ref.ends]);
      }),
      { numRuns: 2000 },
    );
  });

  it('on random BMP and astral code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(normalize(s)).toEqual(referenceNormalize(s));
      }),
      { numRuns: 2000 },
    );
  });
});
