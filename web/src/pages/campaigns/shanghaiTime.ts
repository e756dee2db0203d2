// Campaign times are entered and shown as Asia/Shanghai wall-clock times (R2) whatever the
// browser's zone, and sent as ISO instants with +08:00. Shanghai has had no daylight saving since
// 1991, so the offset is fixed.
const OFFSET_MS = 8 * 3600_000;

/** An instant as the value of an <input type="datetime-local" step="1">: "2017-10-20T23:59:59". */
export function toShanghaiLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 19);
}

/** An instant as ISO with +08:00, milliseconds kept: "2017-10-20T23:59:59.999+08:00". */
export function toShanghaiIso(iso: string): string {
  return new Date(new Date(iso).getTime() + OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** "2017-10-20T23:59" and "2017-10-20T23:59:00" are the same input value (browsers drop :00 seconds). */
function normal(local: string): string {
  const v = local.trim();
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v.slice(0, 19);
}

/**
 * A typed Shanghai wall-clock time as ISO with +08:00. An end or deadline at :59 seconds runs to the
 * end of that second (23:59:59 → 23:59:59.999). `original` (the stored instant) is kept when the user
 * left the field as it was shown, so an edit never moves a deadline by the milliseconds the input
 * cannot show.
 */
export function fromShanghaiLocal(local: string, end: boolean, original?: string): string | null {
  const v = normal(local);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v)) return null;
  if (original && toShanghaiLocal(original) === v) return toShanghaiIso(original);
  const ms = end && v.endsWith(':59') ? '999' : '000';
  const out = `${v}.${ms}+08:00`;
  return Number.isNaN(new Date(out).getTime()) ? null : out;
}
