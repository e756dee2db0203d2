// Text of a reference-library file (issue 4 item 3), inside the worker thread: the content is
// sniffed (never the name): PDF → pdf-worker.mjs (pdfjs-dist: text layer, CJK CMaps, no eval);
// ZIP/CFB → the Word pre-checks and parser of the golden-idea import (zip bombs, XXE, macros,
// external content, encryption refused before any Word library runs); otherwise plain text in
// UTF-8, UTF-16 with a BOM or GB18030, refused when it looks binary.
import { parseWord } from '../../ideas/word/parse.ts';
import { RefusedError } from '../../ideas/word/refusal.ts';
import type { Block } from '../../ideas/word/types.ts';

export const REFERENCE_LIMITS = {
  /** Bytes of an uploaded file (the multipart stream stops here: 413). */
  fileBytes: 20 * 1024 * 1024,
  /** Characters of extracted text kept. */
  textChars: 500_000,
  /** PDF pages read. */
  pdfPages: 1000,
};

export type ReferenceKind = 'txt' | 'docx' | 'doc' | 'pdf';

export interface Reason {
  zh: string;
  en: string;
}

export type Extracted = { ok: true; kind: ReferenceKind; text: string; truncated: boolean } | { ok: false; reason: Reason };

export class Unreadable extends Error {
  constructor(readonly reason: Reason) {
    super(reason.en);
  }
}

const fail = (zh: string, en: string): never => {
  throw new Unreadable({ zh, en });
};

export const REASONS = {
  empty: { zh: '文件是空的。', en: 'the file is empty.' },
  binary: { zh: '不是文本、Word（.docx）或 PDF 文件。', en: 'it is not a text, Word (.docx) or PDF file.' },
  encoding: { zh: '文本编码无法识别（请另存为 UTF-8 编码的 .txt）。', en: 'the text encoding is not recognised (save it as UTF-8 .txt).' },
  pdfEncrypted: { zh: 'PDF 已加密，请去掉密码后重新上传。', en: 'the PDF is password-protected; remove the password and upload it again.' },
  pdfDamaged: { zh: 'PDF 文件已损坏，无法读取。', en: 'the PDF is damaged and cannot be read.' },
  pdfNoText: {
    zh: 'PDF 中没有可提取的文字（可能是扫描件图片），请上传带文字层的 PDF 或直接粘贴文字。',
    en: 'the PDF has no text layer (probably scanned images); upload a PDF with text or paste the text.',
  },
} as const;

function blocksToText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') lines.push(b.text);
    else for (const row of b.rows) for (const cell of row) lines.push(cell.join('\n'));
  }
  return lines.join('\n');
}

/** Text files: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK files of Chinese Windows). */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  // NUL bytes (outside UTF-16) or many control characters: a binary file, whatever its name says.
  let control = 0;
  const n = Math.min(buf.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 0) fail(REASONS.binary.zh, REASONS.binary.en);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (control > n / 100) fail(REASONS.binary.zh, REASONS.binary.en);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(buf);
    } catch {
      return fail(REASONS.encoding.zh, REASONS.encoding.en);
    }
  }
}

/** A PDF header in the first kilobyte (as readers accept it). */
export function isPdf(buf: Uint8Array): boolean {
  return Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.byteLength, 1024)).includes('%PDF-');
}

/** The PDF worker's text, cleaned and cut like the others; throws Unreadable. */
export function finishPdfText(r: { text?: string; error?: string }): { kind: ReferenceKind; text: string; truncated: boolean } {
  if (r.error === 'encrypted') fail(REASONS.pdfEncrypted.zh, REASONS.pdfEncrypted.en);
  if (r.error || r.text === undefined) fail(REASONS.pdfDamaged.zh, REASONS.pdfDamaged.en);
  if (!r.text!.replace(/\s/g, '')) fail(REASONS.pdfNoText.zh, REASONS.pdfNoText.en);
  return clean('pdf', r.text!);
}

function clean(kind: ReferenceKind, raw: string): { kind: ReferenceKind; text: string; truncated: boolean } {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
  const truncated = text.length > REFERENCE_LIMITS.textChars;
  return { kind, text: truncated ? text.slice(0, REFERENCE_LIMITS.textChars) : text, truncated };
}

/** Reads a file's text; throws Unreadable with the reason in both languages. */
export async function extractReference(buf: Buffer): Promise<{ kind: ReferenceKind; text: string; truncated: boolean }> {
  if (buf.length === 0) fail(REASONS.empty.zh, REASONS.empty.en);
  let kind: ReferenceKind;
  let text: string;
  if (isPdf(buf)) {
    // PDFs are read by pdf-worker.mjs (run.ts decides); never here.
    return fail(REASONS.pdfDamaged.zh, REASONS.pdfDamaged.en);
  } else if (buf.length >= 4 && (buf.readUInt32LE(0) === 0x04034b50 || buf.readUInt32LE(0) === 0xe011cfd0)) {
    kind = buf.readUInt32LE(0) === 0x04034b50 ? 'docx' : 'doc';
    try {
      text = blocksToText((await parseWord(buf)).blocks);
    } catch (e) {
      if (e instanceof RefusedError) fail(e.refusal.zh, e.refusal.en);
      throw e;
    }
  } else {
    kind = 'txt';
    text = decodeText(buf);
  }
  return clean(kind, text);
}
