// The 公示 (public notice) period and the dates a certificate prints, in Asia/Shanghai (UTC+8, no
// daylight saving). Working days are Monday to Friday: the system does not know public holidays or the
// weekend days swapped around them (调休); when a period crosses a holiday the bureau gives the end date
// by hand (the announce route takes `endsAt`).
export const DEFAULT_NOTICE_WORKING_DAYS = 5;
const OFFSET = 8 * 3_600_000;
const DAY = 86_400_000;

/**
 * The end of a notice announced at `startIso` lasting `days` working days: the announcement day is not
 * counted; the period ends at 23:59:59.999 Beijing time of the `days`-th Monday–Friday after it.
 * Announced on a Monday → ends the next Monday; on a Friday or Saturday → the Friday after.
 */
export function noticeEnd(startIso: string, days = DEFAULT_NOTICE_WORKING_DAYS): string {
  const local = Date.parse(startIso) + OFFSET;
  let day = Math.floor(local / DAY); // days since 1970-01-01 in Beijing time
  let left = days;
  while (left > 0) {
    day += 1;
    const dow = (day + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return new Date((day + 1) * DAY - OFFSET - 1).toISOString();
}

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–31 in Chinese numerals: 十, 十一, 二十, 三十一. */
function smallNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** The date of a certificate in Beijing time: 二〇一七年十一月 (with `day`: 二〇一七年十一月二十日). */
export function chineseNumeralDate(iso: string, day = false): string {
  const d = new Date(Date.parse(iso) + OFFSET);
  const year = [...String(d.getUTCFullYear())].map((c) => DIGITS[Number(c)]).join('');
  return `${year}年${smallNumber(d.getUTCMonth() + 1)}月${day ? `${smallNumber(d.getUTCDate())}日` : ''}`;
}

/** "2017年11月20日 23:59" Beijing time, for messages. */
export function beijingMinute(iso: string): string {
  const d = new Date(Date.parse(iso) + OFFSET);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
