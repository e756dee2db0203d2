import { describe, expect, it } from 'vitest';
import { chineseNumberValue, normalize, numeralRunToArabic, toOriginalRange } from './normalize.ts';

describe('normalize', () => {
  it.each([
    ['full width to half width, ASCII lower-cased', 'ＡＢＣ１２３abc', 'abc123abc'],
    ['traditional to simplified', '臺灣學校發展與國際教育', '台湾学校发展与国际教育'],
    ['punctuation and white space removed', '教育，\n 质量！“提升”（一）', '教育质量提升1'],
    ['year written in Chinese digits', '二〇一七年', '2017年'],
    ['year written in Arabic digits', '2017年', '2017年'],
    ['full-width digits', '２０１７年', '2017年'],
    ['tens', '十二个', '12个'],
    ['teens and hundreds', '第十届、二十一人、三百零五所、一百间', '第10届21人305所100间'],
    ['a thousand and more', '一千二百三十四', '1234'],
    ['ill-formed run written digit by digit', '一二十', '12十'],
    ['万 left as it is', '三万元', '3万元'],
    ['punctuation ends a numeral run', '一、二', '12'],
    ['non-BMP characters kept', '𠀀字', '𠀀字'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  it('maps every normalised character back to its original [start, end)', () => {
    const original = '（一）二〇一七年， 臺灣Ｘ';
    const n = normalize(original);
    expect(n.text).toBe('12017年台湾x');
    const spans = [...n.text].map((_, i) => original.slice(n.starts[i], n.ends[i]));
    expect(spans).toEqual(['一', '二〇一七', '二〇一七', '二〇一七', '二〇一七', '年', '臺', '灣', 'Ｘ']);
    expect(toOriginalRange(n, 1, 6)).toEqual([3, 8]);
  });

  it('maps both UTF-16 units of a surrogate pair to the pair', () => {
    const n = normalize('a𠀀b');
    expect(n.text.length).toBe(4);
    expect([...n.starts]).toEqual([0, 1, 1, 3]);
    expect([...n.ends]).toEqual([1, 3, 3, 4]);
  });

  it('makes texts that differ only in form equal', () => {
    const a = normalize('二〇一七年，我校共有教師十二名。').text;
    const b = normalize('2017年 我校共有教师12名').text;
    expect(a).toBe(b);
  });

  it('reads Chinese numbers by value', () => {
    expect(chineseNumberValue([...'十'])).toBe(10);
    expect(chineseNumberValue([...'二十'])).toBe(20);
    expect(chineseNumberValue([...'一百零八'])).toBe(108);
    expect(chineseNumberValue([...'十百'])).toBeNull();
    expect(numeralRunToArabic([...'三四五'])).toBe('345');
  });
});
