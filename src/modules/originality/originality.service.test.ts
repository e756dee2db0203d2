import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StockPhrases, DEFAULT_STOCK_PHRASES } from './engine/stock-phrases.ts';
import { normalize } from './engine/normalize.ts';
import { AHO_CORASICK_FROM, maskPhonesInText, stockFrom } from './originality.service.ts';

describe('maskPhonesInText', () => {
  it('masks mobiles and landlines in place, one character for one', () => {
    const cases: Array<[string, string]> = [
      ['请联系13912345678。', '请联系139****5678。'],
      ['电话：0576-87654321', '电话：0576-****4321'],
      ['座机057687654321', '座机0576****4321'],
      ['全角１３９１２３４５６７８号', '全角１３９****５６７８号'],
      ['两个13800000001和15900000002', '两个138****0001和159****0002'],
    ];
    for (const [input, want] of cases) {
      const out = maskPhonesInText(input);
      expect(out).toBe(want);
      expect(out.length).toBe(input.length);
    }
  });

  it('leaves other numbers alone: years, amounts, longer digit runs', () => {
    for (const t of ['2017年投入1200万元', '学号12345678901234', '第3条第12款', '电话号码未填']) expect(maskPhonesInText(t)).toBe(t);
  });

  it('never changes the length or anything but digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '3', '5', '8', '9', '0', '-', '号', '码', ' ', '１') }), (t) => {
        const out = maskPhonesInText(t);
        expect(out.length).toBe(t.length);
        for (let i = 0; i < t.length; i++) if (out[i] !== t[i]) expect(out[i]).toBe('*');
      }),
    );
  });
});

describe('stockFrom', () => {
  it('keeps the engine matcher for a short list and switches to Aho–Corasick for a long one, with the same masks', () => {
    expect(stockFrom(DEFAULT_STOCK_PHRASES)).toBeInstanceOf(StockPhrases);
    const long = Array.from({ length: AHO_CORASICK_FROM + 10 }, (_, i) => `第${'一二三四五六七八九'[i % 9]}条规定${i}`);
    const list = [...DEFAULT_STOCK_PHRASES, ...long];
    const ac = stockFrom(list);
    expect(ac).not.toBeInstanceOf(StockPhrases);
    const plain = StockPhrases.from(list);
    expect([...ac.phrases]).toEqual([...plain.phrases]);
    const pieces = [...plain.phrases, '教师', '学校发展', '全面', '规定', '第1条'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = normalize(parts.join('，')).text;
        expect([...ac.mask(text)]).toEqual([...plain.mask(text)]);
      }),
    );
  });
});
