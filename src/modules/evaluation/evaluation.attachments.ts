// Attachments as a judge may see them (row 35): never the uploaded file (a .docx carries its author
// in docProps, a PDF in its Info dictionary, a file name may carry a name), only text the platform
// extracts from it — in a worker through the originality module's extractor: Word through the
// import's pre-checked parser (comments, notes and images dropped; docProps never read), PDF through
// pdfjs-dist's text layer (no eval, no fonts) — and then masks. Images are served only as the
// platform's re-encoded copy (no EXIF/GPS; the uploaded original is never read here) under a neutral
// name (附件N.jpg).
// Extraction is cached per file content (SHA-256) for the life of the process.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { listAttachments } from '../ideas/attachments/attachments.repository.ts';
import { storedFileWithData } from '../files/files.repository.ts';
import { extractReferenceFile } from '../originality/reference/run.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Kind = 'image' | 'pdf' | 'docx' | 'doc';

const KIND_LABELS: Record<Kind, string> = { image: '图片', pdf: 'PDF 文档', docx: 'Word 文档', doc: 'Word 文档' };
const MAX_TEXT = 200_000;

const cache = new Map<string, string | null>();
const CACHE_SIZE = 200;

/** The text of a stored attachment, or null (image, unreadable, no text layer). */
async function textOf(db: Db, fileId: number, kind: Kind, sha256: string): Promise<string | null> {
  if (kind === 'image') return null;
  if (cache.has(sha256)) return cache.get(sha256)!;
  const file = await storedFileWithData(db, fileId);
  let text: string | null = null;
  if (file) {
    const buf = Buffer.from(file.data);
    // In a worker thread with time and memory limits (the originality module's extractor: the Word
    // pre-checks and parser of the import, pdfjs-dist for PDF), never on the request's event loop.
    const r = await extractReferenceFile(new Uint8Array(buf)).catch(() => null);
    text = r?.ok ? r.text.trim().slice(0, MAX_TEXT) || null : null;
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(sha256, text);
  return text;
}

/** 附件1, 附件2 … with their masked text; never a file name, a download link or the bytes. */
export async function blindAttachments(db: Db, ideaId: number, mask: (s: string) => string) {
  const rows = await listAttachments(db, ideaId);
  const out: { n: number; label: string; kind: Kind; text: string | null }[] = [];
  for (const [k, r] of rows.entries()) {
    const kind = r.kind as Kind;
    const text = await textOf(db, r.file_id, kind, r.sha256);
    out.push({ n: k + 1, label: `附件${k + 1}（${KIND_LABELS[kind] ?? '文件'}）`, kind, text: text == null ? null : mask(text) });
  }
  return out;
}

const IMAGE_EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };

/**
 * The n-th attachment (1-based, in the list's order) when it is an image: the re-encoded copy the
 * platform stored (file_id; never original_file_id), with a neutral name. Undefined otherwise.
 */
export async function blindImage(db: Db, ideaId: number, n: number) {
  const row = (await listAttachments(db, ideaId))[n - 1];
  if (!row || row.kind !== 'image') return undefined;
  const file = await storedFileWithData(db, row.file_id);
  if (!file) return undefined;
  return { ...file, original_name: `附件${n}.${IMAGE_EXT[file.content_type] ?? 'img'}` };
}
