// A minimal, bounds-checked reader of Compound File Binary (OLE2) containers: enough to tell a Word
// 97–2003 .doc (a WordDocument stream) from a password-protected .docx (EncryptionInfo +
// EncryptedPackage streams, MS-OFFCRYPTO) and to read the FIB's fEncrypted bit, before
// word-extractor sees the bytes. Every chain walk is bounded by the number of sectors in the file.
import { refuse } from './refusal.ts';

export const CFB_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const FREE = 0xffffffff;
const END = 0xfffffffe;

interface DirEntry {
  name: string;
  type: number;
  start: number;
  size: number;
}

class Cfb {
  readonly sectorSize: number;
  private readonly fat: number[] = [];
  readonly entries: DirEntry[] = [];
  private readonly miniFat: number[] = [];
  private readonly miniCutoff: number;
  private readonly sectorCount: number;

  constructor(private readonly buf: Buffer) {
    if (buf.length < 512 || !buf.subarray(0, 8).equals(CFB_MAGIC)) refuse('NOT_WORD');
    const shift = buf.readUInt16LE(0x1e);
    if (buf.readUInt16LE(0x1c) !== 0xfffe || (shift !== 9 && shift !== 12)) refuse('MALFORMED');
    this.sectorSize = 1 << shift;
    this.sectorCount = Math.floor((buf.length - this.sectorSize) / this.sectorSize) + 1;
    this.miniCutoff = buf.readUInt32LE(0x38);
    const fatSectors = buf.readUInt32LE(0x2c);
    if (fatSectors > this.sectorCount) refuse('MALFORMED');
    // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    const difat: number[] = [];
    for (let i = 0; i < 109; i++) difat.push(buf.readUInt32LE(0x4c + 4 * i));
    let next = buf.readUInt32LE(0x44);
    for (let guard = 0; next !== END && next !== FREE && guard <= this.sectorCount; guard++) {
      const off = this.offset(next);
      const per = this.sectorSize / 4 - 1;
      for (let i = 0; i < per; i++) difat.push(buf.readUInt32LE(off + 4 * i));
      next = buf.readUInt32LE(off + 4 * per);
    }
    for (const s of difat.slice(0, fatSectors)) {
      if (s === FREE || s === END) continue;
      const off = this.offset(s);
      for (let i = 0; i < this.sectorSize / 4; i++) this.fat.push(buf.readUInt32LE(off + 4 * i));
    }
    const dir = this.readChain(buf.readUInt32LE(0x30));
    for (let p = 0; p + 128 <= dir.length; p += 128) {
      const nameLen = Math.min(64, dir.readUInt16LE(p + 64));
      const name = dir.subarray(p, p + Math.max(0, nameLen - 2)).toString('utf16le');
      this.entries.push({ name, type: dir[p + 66], start: dir.readUInt32LE(p + 116), size: dir.readUInt32LE(p + 120) });
    }
    const miniFatBytes = this.readChain(buf.readUInt32LE(0x3c), true);
    for (let p = 0; p + 4 <= miniFatBytes.length; p += 4) this.miniFat.push(miniFatBytes.readUInt32LE(p));
  }

  private offset(sector: number): number {
    const off = (sector + 1) * this.sectorSize;
    if (sector >= this.sectorCount || off + this.sectorSize > this.buf.length) refuse('MALFORMED');
    return off;
  }

  /** Follows a FAT chain (at most as many steps as there are sectors). */
  private readChain(start: number, allowEmpty = false, limit = Infinity): Buffer {
    const parts: Buffer[] = [];
    let s = start;
    let total = 0;
    for (let guard = 0; s !== END && s !== FREE; guard++) {
      if (guard > this.sectorCount) refuse('MALFORMED');
      const off = this.offset(s);
      parts.push(this.buf.subarray(off, off + this.sectorSize));
      total += this.sectorSize;
      if (total >= limit) break;
      s = this.fat[s] ?? refuse('MALFORMED');
    }
    if (!allowEmpty && parts.length === 0) refuse('MALFORMED');
    return Buffer.concat(parts);
  }

  /** The first `n` bytes of a stream (regular or mini stream). */
  head(entry: DirEntry, n: number): Buffer {
    const want = Math.min(n, entry.size);
    if (entry.size >= this.miniCutoff) return this.readChain(entry.start, false, want).subarray(0, want);
    const root = this.entries[0];
    if (!root || root.type !== 5) refuse('MALFORMED');
    const ministream = this.readChain(root.start);
    const parts: Buffer[] = [];
    let s = entry.start;
    let got = 0;
    for (let guard = 0; s !== END && s !== FREE && got < want; guard++) {
      if (guard > this.miniFat.length) refuse('MALFORMED');
      const off = s * 64;
      if (off + 64 > ministream.length) refuse('MALFORMED');
      parts.push(ministream.subarray(off, off + 64));
      got += 64;
      s = this.miniFat[s] ?? refuse('MALFORMED');
    }
    return Buffer.concat(parts).subarray(0, want);
  }

  stream(name: string): DirEntry | undefined {
    return this.entries.find((e) => e.type === 2 && e.name === name);
  }
}

/**
 * Checks a CFB file: an encrypted OOXML package or an encrypted .doc → ENCRYPTED; anything but a
 * Word document (an .xls renamed, …) → NOT_WORD. Returns when it is a plain Word 97–2003 document.
 */
export function checkCfb(buf: Buffer): void {
  const cfb = new Cfb(buf);
  if (cfb.stream('EncryptedPackage') || cfb.stream('EncryptionInfo')) refuse('ENCRYPTED');
  const word = cfb.stream('WordDocument');
  if (!word) refuse('NOT_WORD');
  const fib = cfb.head(word!, 32);
  if (fib.length < 32 || fib.readUInt16LE(0) !== 0xa5ec) refuse('MALFORMED');
  const flags = fib.readUInt16LE(0x0a);
  if (flags & 0x0100) refuse('ENCRYPTED'); // fEncrypted (RC4 or XOR obfuscation, fObfuscated 0x8000 implies it)
  if (cfb.entries.some((e) => /^(Macros|VBA|_VBA_PROJECT)$/i.test(e.name))) refuse('MACROS');
}
