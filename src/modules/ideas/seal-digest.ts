// The seal's digest (issue 3, item 5; checklist row 29): a SHA-256 over a canonical JSON form of what
// was sealed, so that the printed paper, the database and a later audit can be compared. Canonical =
// keys sorted at every level, strings NFC, no insignificant white space.
import { createHash } from 'node:crypto';

export type Canonical = string | number | boolean | null | Canonical[] | { [k: string]: Canonical };

export function canonicalJson(v: Canonical): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v.normalize('NFC'));
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

export function sha256Hex(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex');
}

export interface SealedIdea {
  receiptNo: string;
  unitCode: string;
  unitName: string;
  contactName: string;
  contactPhone: string;
  authorship: string;
  authors: string[];
  topic: string;
  title: string;
  body: string;
  charCount: number;
  attachments: { name: string; sha256: string }[];
}

/** The snapshot stored for one sealed idea and its digest. */
export function sealIdea(idea: SealedIdea): { snapshot: string; digest: string } {
  const snapshot = canonicalJson(idea as unknown as Canonical);
  return { snapshot, digest: sha256Hex(snapshot) };
}

/** The batch digest: its receipt, unit, sealing time and the digests of its ideas in receipt order. */
export function batchDigest(b: { receiptNo: string; unitCode: string; sealedAt: string; ideas: { receiptNo: string; digest: string }[] }): string {
  const ideas = [...b.ideas].sort((x, y) => (x.receiptNo < y.receiptNo ? -1 : x.receiptNo > y.receiptNo ? 1 : 0));
  return sha256Hex(canonicalJson({ receiptNo: b.receiptNo, unitCode: b.unitCode, sealedAt: b.sealedAt, ideas }));
}
