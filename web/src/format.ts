// Times are stored in UTC and shown in Asia/Shanghai whatever the browser's zone (R2).
import type { Locale } from '../../src/shared/roles';

export const TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...opts });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d: Date, withTime: boolean): Record<string, string> {
  const f = fmt('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}) });
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** 2017-10-05 23:59:59 in Shanghai time: unambiguous in both languages (no MM/DD vs DD/MM). */
export function formatDateTime(v: string | number | Date | null | undefined, _locale?: Locale): string {
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function formatDate(v: string | number | Date | null | undefined, _locale?: Locale): string {
  const d = toDate(v);
  if (!d) return '—';
  const p = parts(d, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A calendar day typed as YYYY-MM-DD, read as a Shanghai day, as an ISO instant (start or end). */
export function shanghaiDayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export type Countdown = { days: number; hours: number; minutes: number; seconds: number; past: boolean };
export function countdown(target: string | Date, now: number): Countdown {
  const ms = (toDate(target)?.getTime() ?? now) - now;
  const abs = Math.max(0, ms);
  const s = Math.floor(abs / 1000);
  return { days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60, past: ms <= 0 };
}
