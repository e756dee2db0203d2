import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhonesInText } from './originality.service.ts';

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
