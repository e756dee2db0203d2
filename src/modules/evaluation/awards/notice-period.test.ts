import { describe, expect, it } from 'vitest';
import { beijingMinute, chineseNumeralDate, noticeEnd } from './notice-period.ts';

describe('公示 period (Monday–Friday, Beijing time)', () => {
  it('counts five working days after the announcement day, ending at 23:59:59.999 +08:00', () => {
    // 2017-11-13 was a Monday. Announced Monday 10:00 Beijing → ends Monday 2017-11-20 23:59:59.999.
    expect(noticeEnd('2017-11-13T02:00:00.000Z')).toBe('2017-11-20T15:59:59.999Z');
    // Announced Friday 2017-11-17 → Mon..Fri of the next week: ends Friday 2017-11-24.
    expect(noticeEnd('2017-11-17T02:00:00.000Z')).toBe('2017-11-24T15:59:59.999Z');
    // Saturday and Sunday announcements end the same Friday.
    expect(noticeEnd('2017-11-18T02:00:00.000Z')).toBe('2017-11-24T15:59:59.999Z');
    expect(noticeEnd('2017-11-19T02:00:00.000Z')).toBe('2017-11-24T15:59:59.999Z');
    // 23:30 UTC on Sunday is Monday 07:30 in Beijing: the Beijing day counts.
    expect(noticeEnd('2017-11-19T23:30:00.000Z')).toBe('2017-11-27T15:59:59.999Z');
    expect(noticeEnd('2017-11-13T02:00:00.000Z', 1)).toBe('2017-11-14T15:59:59.999Z');
  });

  it('writes dates in Chinese numerals', () => {
    expect(chineseNumeralDate('2017-11-20T02:00:00.000Z')).toBe('二〇一七年十一月');
    expect(chineseNumeralDate('2017-11-20T02:00:00.000Z', true)).toBe('二〇一七年十一月二十日');
    expect(chineseNumeralDate('2020-01-31T20:00:00.000Z', true)).toBe('二〇二〇年二月一日');
    expect(chineseNumeralDate('2017-10-10T00:00:00.000Z', true)).toBe('二〇一七年十月十日');
    expect(beijingMinute('2017-11-20T15:59:59.999Z')).toBe('2017年11月20日 23:59');
  });
});
