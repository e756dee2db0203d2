// What a file really is, from its bytes (row 39): magic numbers, the ZIP central directory of a
// .docx (entry names only, nothing is inflated except a size-capped [Content_Types].xml) and the
// directory of a CFB (.doc) container. The extension must agree with the content.
import fs from 'node:fs/promises';
import yauzl from 'yauzl';
import type { FileKind } from './names.ts';
import { FileRejected, reject } from './rejection.ts';

export type Detected =
  | { kind: 'image'; format: 'jpeg' | 'png' | 'webp'; contentType: string }
  | { kind: 'pdf'; contentType: 'application/pdf' }
  | { kind: 'docx'; contentType: typeof DOCX_TYPE }
  | { kind: 'doc'; contentType: 'application/msword' };

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const HEAD = 4096;

/** Sniffs the file at `file` and checks it against the kind its extension promised. */
export async function sniffFile(file: string, ext: string, promised: FileKind): Promise<Detected> {
  const fh = await fs.open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(HEAD, size));
    await fh.read(buf, 0, buf.length, 0);
    head = buf;
  } finally {
    await fh.close();
  }
  if (size === 0) throw reject.empty();
  const magic = magicOf(head);
  switch (magic.type) {
    case 'heic':
      throw reject.heic();
    case 'svg':
      throw reject.svg();
    case 'html':
      throw reject.html();
    case 'executable':
      throw reject.executable();
  }
  const found = await classify(file, magic, size);
  if (found.kind === 'reject') throw found.error;
  if (found.detected && found.detected.kind === promised && formatMatches(found.detected, ext)) return found.detected;
  if (!found.detected && found.damagedOf === promised) throw reject.damaged(ext);
  // A .docx that is an .xlsx, a .png that is a JPEG, a .doc that is a ZIP…: say what it really is.
  throw reject.mismatch(ext, found.zh, found.en);
}

function formatMatches(d: Detected, ext: string): boolean {
  if (d.kind !== 'image') return true;
  return (d.format === 'jpeg' && (ext === '.jpg' || ext === '.jpeg')) || `.${d.format}` === ext;
}

type Magic =
  | { type: 'jpeg' | 'png' | 'webp' | 'pdf' | 'zip' | 'cfb'; kindHint: FileKind | null }
  | { type: 'heic' | 'svg' | 'html' | 'executable'; kindHint: null }
  | { type: 'gif' | 'bmp' | 'tiff' | 'avif' | 'rar' | '7z' | 'gzip' | 'rtf' | 'text' | 'unknown'; kindHint: null };

export function magicOf(b: Buffer): Magic {
  const at = (hex: string, off = 0) => b.length >= off + hex.length / 2 && b.subarray(off, off + hex.length / 2).equals(Buffer.from(hex, 'hex'));
  const ascii = (s: string, off = 0) => b.length >= off + s.length && b.toString('latin1', off, off + s.length) === s;
  if (at('ffd8ff')) return { type: 'jpeg', kindHint: 'image' };
  if (at('89504e470d0a1a0a')) return { type: 'png', kindHint: 'image' };
  if (ascii('RIFF') && ascii('WEBP', 8)) return { type: 'webp', kindHint: 'image' };
  if (ascii('%PDF-')) return { type: 'pdf', kindHint: 'pdf' };
  if (at('504b0304') || at('504b0506')) return { type: 'zip', kindHint: 'docx' };
  if (at('d0cf11e0a1b11ae1')) return { type: 'cfb', kindHint: 'doc' };
  if (ascii('ftyp', 4)) {
    const brands = b.toString('latin1', 8, Math.min(b.length, 64));
    if (/heic|heix|hevc|hevx|heim|heis|mif1|msf1/.test(brands)) return { type: 'heic', kindHint: null };
    if (/avif|avis/.test(brands)) return { type: 'avif', kindHint: null };
  }
  if (ascii('MZ') || at('7f454c46') || at('feedface') || at('feedfacf') || at('cefaedfe') || at('cffaedfe') || at('cafebabe') || ascii('#!')) {
    return { type: 'executable', kindHint: null };
  }
  if (ascii('GIF87a') || ascii('GIF89a')) return { type: 'gif', kindHint: null };
  if (ascii('BM')) return { type: 'bmp', kindHint: null };
  if (at('49492a00') || at('4d4d002a')) return { type: 'tiff', kindHint: null };
  if (ascii('Rar!')) return { type: 'rar', kindHint: null };
  if (at('377abcaf271c')) return { type: '7z', kindHint: null };
  if (at('1f8b')) return { type: 'gzip', kindHint: null };
  if (ascii('{\\rtf')) return { type: 'rtf', kindHint: null };
  // Markup: look at the text start (BOMs, white space and comments skipped) and anywhere in the head.
  const text = decodeHead(b).toLowerCase();
  const start = text.replace(/^(\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/, '');
  if (start.startsWith('<svg') || /<svg[\s>]/.test(text.slice(0, 1024))) return { type: 'svg', kindHint: null };
  if (/^<!doctype\s+html|^<(html|head|body|script|iframe|meta|title|div|img)[\s>/]/.test(start) || /<(script|html|iframe)[\s>]/.test(text)) {
    return { type: 'html', kindHint: null };
  }
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(b.toString('latin1')) || isUtf8Text(b)) return { type: 'text', kindHint: null };
  return { type: 'unknown', kindHint: null };
}

function decodeHead(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.toString('utf8').replace(/^\ufeff/, '');
}

function isUtf8Text(b: Buffer): boolean {
  const s = b.toString('utf8');
  return !s.includes('\ufffd') && !/[\x00-\x08\x0e-\x1f]/.test(s);
}

type Classified =
  | { kind: 'ok'; detected: Detected | null; zh: string; en: string; damagedOf?: FileKind }
  | { kind: 'reject'; error: FileRejected };

const ok = (detected: Detected | null, zh: string, en: string, damagedOf?: FileKind): Classified => ({ kind: 'ok', detected, zh, en, damagedOf });

async function classify(file: string, magic: Magic, size: number): Promise<Classified> {
  switch (magic.type) {
    case 'jpeg':
      return ok({ kind: 'image', format: 'jpeg', contentType: 'image/jpeg' }, ' JPEG 图片', 'a JPEG image');
    case 'png':
      return ok({ kind: 'image', format: 'png', contentType: 'image/png' }, ' PNG 图片', 'a PNG image');
    case 'webp':
      return ok({ kind: 'image', format: 'webp', contentType: 'image/webp' }, ' WebP 图片', 'a WebP image');
    case 'pdf':
      return ok({ kind: 'pdf', contentType: 'application/pdf' }, ' PDF 文件', 'a PDF file');
    case 'zip':
      return classifyZip(file, size);
    case 'cfb':
      return classifyCfb(file);
    case 'gif':
      return ok(null, ' GIF 动图（不支持）', 'a GIF image (not supported)');
    case 'bmp':
      return ok(null, ' BMP 图片（不支持）', 'a BMP image (not supported)');
    case 'tiff':
      return ok(null, ' TIFF 图片（不支持）', 'a TIFF image (not supported)');
    case 'avif':
      return ok(null, ' AVIF 图片（不支持）', 'an AVIF image (not supported)');
    case 'rar':
    case '7z':
    case 'gzip':
      return ok(null, '压缩包', 'an archive');
    case 'rtf':
      return ok(null, ' RTF 文档（不支持，请另存为 .docx）', 'an RTF document (not supported; save it as .docx)');
    case 'text':
      return ok(null, '纯文本', 'plain text');
    default:
      return ok(null, '无法识别的格式', 'an unrecognised format');
  }
}

// ---- .docx: the ZIP central directory ----

const MAX_ENTRIES = 10_000;
const MAX_CONTENT_TYPES = 1024 * 1024;

async function classifyZip(file: string, size: number): Promise<Classified> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch {
    return ok(null, '损坏的 ZIP 压缩包', 'a damaged ZIP archive', 'docx');
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) return ok(null, `含有 ${zip.entryCount} 个条目的压缩包`, `an archive with ${zip.entryCount} entries`);
    const names = new Set<string>();
    let contentTypes: yauzl.Entry | null = null;
    for await (const entry of entriesOf(zip)) {
      names.add(entry.fileName);
      if (entry.fileName === '[Content_Types].xml') contentTypes = entry;
    }
    const has = (n: string) => names.has(n);
    const any = (re: RegExp) => [...names].some((n) => re.test(n));
    let types = '';
    if (contentTypes && contentTypes.uncompressedSize <= MAX_CONTENT_TYPES && contentTypes.compressedSize <= size) {
      types = await readEntry(zip, contentTypes);
    }
    if (any(/(^|\/)vbaProject\.bin$/i) || /macroEnabled|vbaProject/i.test(types)) return { kind: 'reject', error: reject.macroContent() };
    if (contentTypes && has('word/document.xml')) return ok({ kind: 'docx', contentType: DOCX_TYPE }, ' Word 文档', 'a Word document');
    if (has('xl/workbook.xml')) return ok(null, ' Excel 表格（.xlsx）', 'an Excel workbook (.xlsx)');
    if (has('ppt/presentation.xml')) return ok(null, ' PowerPoint 演示文稿（.pptx）', 'a PowerPoint presentation (.pptx)');
    if (has('mimetype') && any(/^content\.xml$/)) return ok(null, ' OpenDocument 文件（.odt 等）', 'an OpenDocument file (.odt etc.)');
    return ok(null, ' ZIP 压缩包', 'a ZIP archive');
  } catch {
    return ok(null, '损坏的 ZIP 压缩包', 'a damaged ZIP archive', 'docx');
  } finally {
    zip.close();
  }
}

async function* entriesOf(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => done(null, e);
      const onEnd = () => done(null, null);
      const onError = (err: Error) => done(err, null);
      const done = (err: Error | null, e: yauzl.Entry | null) => {
        zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
        if (err) reject(err);
        else resolve(e);
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > MAX_CONTENT_TYPES) {
      stream.destroy();
      break;
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---- .doc: the Compound File Binary directory ----

/** The names of the entries of a CFB container (MS-CFB §2.6), or null when it is malformed. */
export async function cfbEntryNames(file: string): Promise<string[] | null> {
  const fh = await fs.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const header = Buffer.alloc(512);
    await fh.read(header, 0, 512, 0);
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return null;
    const sectorSize = 1 << shift;
    const sectorAt = (n: number) => (n + 1) * sectorSize;
    const readSector = async (n: number) => {
      const b = Buffer.alloc(sectorSize);
      if (sectorAt(n) + sectorSize > size + sectorSize) throw new Error('sector beyond end');
      await fh.read(b, 0, sectorSize, sectorAt(n));
      return b;
    };
    // FAT sector numbers: 109 in the header, the rest in the DIFAT chain.
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) {
      const s = header.readUInt32LE(0x4c + i * 4);
      if (s < 0xfffffffa) fatSectors.push(s);
    }
    let difat = header.readUInt32LE(0x44);
    let guard = 0;
    while (difat < 0xfffffffa && guard++ < 10_000) {
      const b = await readSector(difat);
      for (let i = 0; i < sectorSize / 4 - 1; i++) {
        const s = b.readUInt32LE(i * 4);
        if (s < 0xfffffffa) fatSectors.push(s);
      }
      difat = b.readUInt32LE(sectorSize - 4);
    }
    if (fatSectors.length > 100_000) return null;
    const fat: number[] = [];
    for (const s of fatSectors) {
      const b = await readSector(s);
      for (let i = 0; i < sectorSize / 4; i++) fat.push(b.readUInt32LE(i * 4));
    }
    const names: string[] = [];
    let dir = header.readUInt32LE(0x30);
    const seen = new Set<number>();
    while (dir < 0xfffffffa) {
      if (seen.has(dir) || seen.size > 10_000) return null; // a loop in the chain
      seen.add(dir);
      const b = await readSector(dir);
      for (let off = 0; off + 128 <= sectorSize; off += 128) {
        const len = b.readUInt16LE(off + 0x40);
        const type = b[off + 0x42];
        if (type === 0 || len < 2 || len > 64) continue;
        names.push(b.toString('utf16le', off, off + len - 2));
      }
      dir = fat[dir] ?? 0xfffffffe;
    }
    return names;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

async function classifyCfb(file: string): Promise<Classified> {
  const names = await cfbEntryNames(file);
  if (!names) return ok(null, '损坏的 Office 97-2003 文件', 'a damaged Office 97-2003 file', 'doc');
  const has = (n: string) => names.some((x) => x.toLowerCase() === n.toLowerCase());
  if (has('WordDocument')) {
    if (has('Macros') || has('_VBA_PROJECT') || has('VBA')) return { kind: 'reject', error: reject.macroContent() };
    return ok({ kind: 'doc', contentType: 'application/msword' }, ' Word 97-2003 文档', 'a Word 97-2003 document');
  }
  if (has('Workbook') || has('Book')) return ok(null, ' Excel 97-2003 表格（.xls）', 'an Excel 97-2003 workbook (.xls)');
  if (has('PowerPoint Document')) return ok(null, ' PowerPoint 97-2003 演示文稿（.ppt）', 'a PowerPoint 97-2003 presentation (.ppt)');
  if (has('EncryptionInfo') || has('EncryptedPackage')) return ok(null, '加密的 Office 文件（请取消密码后再上传）', 'an encrypted Office file (remove the password first)');
  return ok(null, ' Office 97-2003 容器文件（不是 Word 文档）', 'an Office 97-2003 container that is not a Word document');
}
