// The fast path of countChars (code units that are graphemes on their own) must count exactly as the
// grapheme-by-grapheme segmenter does, on any mix of simple and hard characters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countChars, countCharsBySegmenter } from './wordcount.ts';

// Simple characters of every class, and hard ones next to them: combining marks (Latin and the CJK
// tone marks), ZWJ, variation selector, emoji with modifiers, regional indicators, astral Han,
// half-width kana with its voicing mark, Hangul jamo, CR LF, lone surrogates.
const PIECES = [
  '教', '育', '㐀', '，', '。', '、', '“', '”', '‘', '’', '（', '）', '《', '》', '【', '】', '—', '…', '·', '‧', '〇', '々', '〜',
  'Ａ', '１', '！', '～', '￥', '　', ' ', '\t', '\n', '\r\n', 'a', 'Z', '0', '9', '.', '-', '_', '©', '®', '\u00a0', 'é',
  'e\u0301', '\u302a', '中\u302b', '\u200d', '\ufe0f', '👍', '👍🏽', '👨‍👩‍👧', '🇨🇳', '𠀀', 'ｶﾞ', '\u1100\u1161', '\ud800', '\udc00', '\u2028', '\u203c',
];

describe('countChars fast path', () => {
  it('agrees with the segmenter on random mixes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(countChars(text)).toBe(countCharsBySegmenter(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the segmenter on every BMP code unit between Han and Latin neighbours and doubled', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const t = `教${ch}a${ch}${ch}`;
      if (countChars(t) !== countCharsBySegmenter(t)) wrong.push(`U+${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });
});
