// Attachments as a judge may see them (row 35): never the uploaded file (a .docx carries its author
// in docProps, a PDF in its Info dictionary, a file name may carry a name), only text the platform
// extracts from it — in a worker through the originality module's extractor: Word through the
// import's pre-checked parser (comments, notes and images dropped; docProps never read), PDF through
// pdfjs-dist's text layer (no eval, no fonts) — and then masks. Images are served only as the
// platform's re-encoded copy (no EXIF/GPS; the uploaded original is never read here) under a neutral
// name (附件N.jpg).
// Extraction is cached per file content (SHA-256) for the life of the process, and started in the
// background when a judge's list is shown.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { listAttachments } from '../ideas/attachments/attachments.repository.ts';
import { storedFileWithData } from '../files/files.repository.ts';
import { extractReferenceFile } from '../originality/reference/run.ts';

type Db = Kysely<DB> | Transaction<DB>;
type Kind = 'image' | 'pdf' | 'docx' | 'doc';

const KIND_LABELS: Record<Kind, string> = { image: '图片', pdf: 'PDF 文档', docx: 'Word 文档', doc: 'Word 文档' };
const MAX_TEXT = 200_000;

/** Texts by file content (SHA-256): the extraction itself, so that parallel readers share one. */
const cache = new Map<string, Promise<string | null>>();
const CACHE_SIZE = 500;

async function extract(db: Db, fileId: number): Promise<string | null> {
  const file = await storedFileWithData(db, fileId);
  if (!file) return null;
  // In a worker thread with time and memory limits (the originality module's extractor: the Word
  // pre-checks and parser of the import, pdfjs-dist for PDF), never on the request's event loop.
  const r = await extractReferenceFile(new Uint8Array(file.data));
  return r.ok ? r.text.trim().slice(0, MAX_TEXT) || null : null;
}

/** The text of a stored attachment, or null (image, unreadable, no text layer). */
function textOf(db: Db, fileId: number, kind: Kind, sha256: string): Promise<string | null> {
  if (kind === 'image') return Promise.resolve(null);
  let p = cache.get(sha256);
  if (!p) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    // An unreadable file is remembered as having no text; a failure (worker timeout under load, a
    // database error) is not, so that the next reader tries again.
    p = extract(db, fileId).catch(() => {
      cache.delete(sha256);
      return null;
    });
    cache.set(sha256, p);
  }
  return p;
}

let prefetching: Promise<void> = Promise.resolve();

/**
 * Starts extracting, one file after another in the background, the attachments of the ideas a judge
 * is about to open (called when their list is shown), so that opening an idea finds the text ready.
 */
export function prefetchAttachmentTexts(db: Kysely<DB>, ideaIds: readonly number[]): void {
  prefetching = prefetching
    .then(async () => {
      for (const id of ideaIds) for (const r of await listAttachments(db, id)) await textOf(db, r.file_id, r.kind as Kind, r.sha256);
    })
    .catch(() => {});
}

/** 附件1, 附件2 … with their masked text; never a file name, a download link or the bytes. */
export async function blindAttachments(db: Db, ideaId: number, mask: (s: string) => string) {
  const rows = await listAttachments(db, ideaId);
  const out: { n: number; label: string; kind: Kind; text: string | null }[] = [];
  const texts = await Promise.all(rows.map((r) => textOf(db, r.file_id, r.kind as Kind, r.sha256)));
  for (const [k, r] of rows.entries()) {
    const kind = r.kind as Kind;
    const text = texts[k];
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
