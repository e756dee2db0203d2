// Small pieces the print and export routes share: download headers with a Chinese file name
// (RFC 6266 / RFC 5987: an ASCII fallback and filename*=UTF-8''…), the audit target of an export
// (the audit record has two short columns: what was exported, with its row count, column set and
// purpose, must fit in them), and the public base URL the QR code points to.
import type { FastifyRequest } from 'fastify';

function rfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="ascii"; filename*=UTF-8''<the real name>`. */
export function attachmentDisposition(name: string, asciiFallback: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_');
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(clean)}`;
}

export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function downloadHeaders(kind: keyof typeof MIME, name: string, asciiFallback: string, length: number): Record<string, string> {
  return {
    'Content-Type': MIME[kind],
    'Content-Length': String(length),
    'Content-Disposition': attachmentDisposition(name, asciiFallback),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  };
}

/** "20171025-1003" in Asia/Shanghai, for file names. */
export function stamp(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/**
 * The audit record's target_id (64 characters at most): `rows=12;cols=20;pd=0`, and with personal
 * data `…;pd=1;purpose=<the stated purpose, shortened to fit>`. The full column list follows from
 * pd (two fixed column sets, XLSX_COLUMNS); the full purpose goes to the log with the request id.
 */
export function exportAuditTarget(rows: number, columns: number, personal: boolean, purpose?: string): string {
  const head = `rows=${rows};cols=${columns};pd=${personal ? 1 : 0}`;
  if (!personal || !purpose) return head;
  const room = 64 - head.length - ';purpose='.length;
  const chars = [...purpose.replace(/\s+/g, ' ').trim()];
  const p = chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : chars.join('');
  return `${head};purpose=${p}`;
}

/** Where the public verify page is: JDZ_PUBLIC_URL, or the origin the request came to. */
export function publicBase(req: FastifyRequest): string {
  const configured = req.server.platform.config.publicUrl;
  if (configured) return configured.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export function verifyUrl(base: string, receiptNo: string, digest: string): string {
  return `${base}/verify?r=${encodeURIComponent(receiptNo)}&d=${digest}`;
}

let tail: Promise<unknown> = Promise.resolve();
/**
 * Runs heavy renders (the compiled volume: seconds of CPU for a whole campaign) one at a time per
 * process, in arrival order, so that several exports at once do not starve every other request.
 */
export function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}
