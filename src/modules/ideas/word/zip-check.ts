// Row 41/42 pre-check of a .docx, before any Word library sees a byte of it. We read the ZIP
// ourselves (end record → central directory → each local header), refuse anything a genuine Word or
// WPS file never contains, inflate every entry with a hard output cap (the cap is counted by zlib
// while inflating: header sizes are never trusted), check the XML parts, and hand the library a
// package REBUILT from the entries we checked (stored, no compression), so that its own ZIP reader
// cannot read different bytes from the ones we inspected (parser differential).
//
// Entry names are only compared as strings; nothing is ever written to disk.
import zlib from 'node:zlib';
import { refuse } from './refusal.ts';

export const ZIP_LIMITS = {
  maxEntries: 1000,
  maxTotalInflated: 100 * 1024 * 1024,
  /** Apache POI ZipSecureFile.MIN_INFLATE_RATIO: compressed/uncompressed below 0.01 is a bomb … */
  minInflateRatio: 0.01,
  /** … for entries that inflate beyond POI's GRACE_ENTRY_SIZE. */
  graceEntrySize: 100 * 1024,
};

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export interface CheckedDocx {
  entries: ZipEntry[];
  /** Parts we dropped on purpose (embedded OLE objects): told to the user, never parsed. */
  dropped: string[];
}

const SIG_EOCD = 0x06054b50;
const SIG_CD = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

interface CdRecord {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

/** Names a Word package may hold: relative, forward slashes, no "..", no control characters. */
function safeName(name: string): boolean {
  if (name.length === 0 || name.length > 512) return false;
  if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return false;
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return !name.split('/').some((seg) => seg === '..' || seg === '.');
}

function readCentralDirectory(buf: Buffer): CdRecord[] {
  const eocd = findEocd(buf);
  if (eocd < 0) refuse('MALFORMED');
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total > ZIP_LIMITS.maxEntries) refuse('TOO_MANY_ENTRIES', { count: total, max: ZIP_LIMITS.maxEntries });
  // ZIP64 and multi-disk archives: never written by Word/WPS for a document this size.
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total || total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) refuse('INCONSISTENT_ZIP');
  if (cdOffset + cdSize > eocd) refuse('INCONSISTENT_ZIP');
  const records: CdRecord[] = [];
  let p = cdOffset;
  while (p < cdOffset + cdSize) {
    if (records.length >= ZIP_LIMITS.maxEntries) refuse('TOO_MANY_ENTRIES', { count: `${ZIP_LIMITS.maxEntries}+`, max: ZIP_LIMITS.maxEntries });
    if (p + 46 > cdOffset + cdSize || buf.readUInt32LE(p) !== SIG_CD) refuse('INCONSISTENT_ZIP');
    const madeBy = buf.readUInt16LE(p + 4);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cdOffset + cdSize) refuse('INCONSISTENT_ZIP');
    const rawName = buf.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1');
    if (flags & 0x1 || flags & 0x40) refuse('ENTRY_ENCRYPTED');
    const host = madeBy >> 8;
    if (host === 3 && ((external >>> 16) & 0o170000) === 0o120000) refuse('SYMLINK');
    if (!safeName(name)) refuse('UNSAFE_ENTRY_NAME');
    if (method !== 0 && method !== 8) refuse('INCONSISTENT_ZIP');
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) refuse('INCONSISTENT_ZIP');
    records.push({ name, flags, method, crc, compressedSize, size, localOffset });
    p = end;
  }
  if (records.length !== total) refuse('INCONSISTENT_ZIP');
  const names = new Set<string>();
  for (const r of records) {
    const key = r.name.toLowerCase();
    if (names.has(key)) refuse('INCONSISTENT_ZIP'); // two entries of one name: readers disagree on which wins
    names.add(key);
  }
  return records;
}

/** Inflates every entry with the caps applied while inflating; returns the entries' bytes. */
function inflateAll(buf: Buffer, records: CdRecord[]): ZipEntry[] {
  const cdStart = buf.readUInt32LE(findEocd(buf) + 16);
  const spans: Array<[number, number]> = [];
  let budget = ZIP_LIMITS.maxTotalInflated;
  const out: ZipEntry[] = [];
  for (const r of records) {
    const p = r.localOffset;
    if (p + 30 > cdStart || buf.readUInt32LE(p) !== SIG_LOCAL) refuse('INCONSISTENT_ZIP');
    const lflags = buf.readUInt16LE(p + 6);
    const lmethod = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const lname = buf.subarray(p + 30, p + 30 + nameLen);
    if (lmethod !== r.method || (lflags & 0x1) !== (r.flags & 0x1)) refuse('INCONSISTENT_ZIP');
    if (!lname.equals(Buffer.from(r.name, r.flags & 0x800 ? 'utf8' : 'latin1'))) refuse('INCONSISTENT_ZIP');
    if (!(lflags & 0x8)) {
      // Sizes in the local header (when present) must agree with the central directory.
      if (buf.readUInt32LE(p + 14) !== r.crc || buf.readUInt32LE(p + 18) !== r.compressedSize || buf.readUInt32LE(p + 22) !== r.size) refuse('INCONSISTENT_ZIP');
    }
    const start = p + 30 + nameLen + extraLen;
    const end = start + r.compressedSize;
    if (end > cdStart) refuse('INCONSISTENT_ZIP');
    spans.push([p, end]);
    const raw = buf.subarray(start, end);
    let data: Buffer;
    if (r.method === 0) {
      if (r.compressedSize !== r.size) refuse('INCONSISTENT_ZIP');
      if (raw.length > budget) refuse('ZIP_BOMB');
      data = raw;
    } else {
      // POI semantics: an entry may inflate to 100 KB whatever its ratio; beyond that it must keep
      // compressed/uncompressed ≥ 0.01. zlib stops as soon as the output passes maxOutputLength.
      const ratioCap = Math.max(ZIP_LIMITS.graceEntrySize, Math.floor(raw.length / ZIP_LIMITS.minInflateRatio));
      // The declared size is a third cap (one byte over it proves the directory lies), never a
      // reason to allow more.
      const cap = Math.min(ratioCap, budget, r.size + 1);
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
          refuse(cap === r.size + 1 && cap < ratioCap && cap <= budget ? 'INCONSISTENT_ZIP' : 'ZIP_BOMB');
        }
        refuse('MALFORMED');
      }
      data = data!;
    }
    if (data.length !== r.size || zlib.crc32(data) !== r.crc) refuse('INCONSISTENT_ZIP');
    budget -= data.length;
    out.push({ name: r.name, data });
  }
  // Entries must not share or overlap their bytes (the non-recursive "overlapping files" bomb).
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) refuse('INCONSISTENT_ZIP');
  return out;
}

/** Decodes an XML-looking part whatever its encoding; null for a binary part. */
export function decodeXmlish(data: Buffer): string | null {
  const b0 = data[0];
  const b1 = data[1];
  if (data.length >= 4) {
    const u32 = data.readUInt32BE(0);
    // UTF-32 (with or without BOM) and EBCDIC "<?xm": no Word part uses them; treat as hostile.
    if (u32 === 0x0000feff || u32 === 0xfffe0000 || u32 === 0x0000003c || u32 === 0x3c000000 || u32 === 0x4c6fa794) return '<!DOCTYPE unsupported encoding>';
  }
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  if (b0 === 0x3c && b1 === 0x00) return new TextDecoder('utf-16le').decode(data);
  if (b0 === 0x00 && b1 === 0x3c) return new TextDecoder('utf-16be').decode(data);
  let i = 0;
  if (b0 === 0xef && b1 === 0xbb && data[2] === 0xbf) i = 3;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a || data[i] === 0x0d)) i++;
  if (data[i] !== 0x3c) return null;
  return data.toString('utf8');
}

const HYPERLINK = /\/hyperlink$/;
const ALT_CHUNK = /\/aFChunk$/i;
const ACTIVEX = /\/(control|activeXControl(Binary)?)$/i;

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

/** Row 42: DTDs, external relationships, macros, ActiveX, altChunk. Embedded OLE objects are dropped. */
function inspectParts(entries: ZipEntry[]): CheckedDocx {
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) refuse('NOT_WORD');
  const dropped: string[] = [];
  const kept: ZipEntry[] = [];
  for (const e of entries) {
    const lower = e.name.toLowerCase();
    if (/(^|\/)vbaproject\.bin$/.test(lower) || /(^|\/)vbadata\.xml$/.test(lower)) refuse('MACROS');
    if (/(^|\/)activex\//.test(lower)) refuse('ACTIVE_CONTENT');
    const text = decodeXmlish(e.data);
    if (text !== null) {
      if (/<!DOCTYPE|<!ENTITY/i.test(text)) refuse('XML_DTD');
      if (lower === '[content_types].xml' && /macroEnabled/i.test(text)) refuse('MACROS');
      if (lower.endsWith('.rels')) {
        for (const m of text.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
          const type = attr(m[0], 'Type') ?? '';
          const target = attr(m[0], 'Target') ?? '';
          const external = (attr(m[0], 'TargetMode') ?? '').toLowerCase() === 'external';
          if (HYPERLINK.test(type)) continue; // a link in the text: mammoth only copies its address
          if (ALT_CHUNK.test(type)) refuse('ACTIVE_CONTENT');
          if (ACTIVEX.test(type)) refuse('ACTIVE_CONTENT');
          if (/vbaProject/i.test(type)) refuse('MACROS');
          if (external || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('\\\\')) refuse('EXTERNAL_CONTENT');
        }
      }
    }
    if (/(^|\/)embeddings\//.test(lower) || /(^|\/)oleobject\d*\.bin$/.test(lower)) {
      dropped.push(e.name);
      continue;
    }
    kept.push(e);
  }
  if (!names.has('word/document.xml')) refuse('NOT_WORD');
  return { entries: kept, dropped };
}

/** The whole .docx pre-check: throws RefusedError, or returns the checked entries. */
export function checkDocx(buf: Buffer): CheckedDocx {
  const records = readCentralDirectory(buf);
  return inspectParts(inflateAll(buf, records));
}

/** A plain ZIP (stored entries) of already checked entries, for the Word library to read. */
export function rebuildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(SIG_LOCAL, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(SIG_CD, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG_EOCD, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
