// The fonts of every PDF we print (issue 3, item 5): Noto Sans Hans (Simplified Chinese, OpenType/CFF)
// from the npm package @embedpdf/fonts-sc, so a plain `npm ci` brings everything needed; pdfkit embeds
// it as a subset with a ToUnicode map, so `pdftotext` gets the Chinese back.
//
// Coverage (checked by print-fonts tests): every GB2312 character; of GBK only the 18 CJK
// compatibility ideographs (U+F92C 郎, U+F979 凉, U+FA0E–U+FA29 …) are missing; no CJK extension B+
// characters (𠮷) and no emoji. For a character the primary font lacks we use, in this order:
//   1. Debian's Noto Sans CJK SC (package fonts-noto-cjk) when it is installed: covers the GBK rest
//      and the extensions the server has (𠮷);
//   2. the NFKC form when it is one character the primary font has (a compatibility ideograph becomes
//      its unified twin: 郎 → 郎);
//   3. the marker □ (U+25A1), and the character is reported in `missing`, so that the caller can say
//      which characters the paper could not show (the digest covers the stored text, not the paper).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export const MISSING_MARKER = '□';

/** Folder of the OTF files of @embedpdf/fonts-sc (its package.json is not exported: go from its main). */
function packageFontDir(): string {
  const main = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.resolve(path.dirname(main), '..', 'fonts');
}

export const PRIMARY_FONTS = {
  regular: path.join(packageFontDir(), 'NotoSansHans-Regular.otf'),
  bold: path.join(packageFontDir(), 'NotoSansHans-Bold.otf'),
};

/** Debian fonts-noto-cjk: a TrueType collection; pdfkit picks the face by its PostScript name. */
export const DEBIAN_FALLBACK = {
  path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  family: 'NotoSansCJKsc-Regular',
};

export interface FontChoice {
  /** Path of a font file for the fallback (a .ttc with `family`), or null for none. Default: Debian's when present. */
  fallback?: { path: string; family?: string } | null;
}

interface GlyphChecker {
  hasGlyphForCodePoint(cp: number): boolean;
}

const fileCache = new Map<string, Buffer>();
const checkerCache = new Map<string, GlyphChecker>();

/** Font bytes, read once per process (8 MB each; pdfkit subsets what a document uses). */
export function fontBytes(file: string): Buffer {
  let b = fileCache.get(file);
  if (!b) {
    b = fs.readFileSync(file);
    fileCache.set(file, b);
  }
  return b;
}

function checker(file: string, family?: string): GlyphChecker {
  const key = `${file}#${family ?? ''}`;
  let c = checkerCache.get(key);
  if (!c) {
    // pdfkit's embedded font wraps a fontkit font (pdfkit's own dependency); we ask it, rather than
    // importing fontkit ourselves, so that the glyph check and the drawing use the same parser.
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont('probe', fontBytes(file), family as string);
    doc.font('probe');
    const f = (doc as unknown as { _font?: { font?: Partial<GlyphChecker> } })._font?.font;
    if (typeof f?.hasGlyphForCodePoint !== 'function') throw new Error(`font ${file} ${family ?? ''}: no glyph table`);
    c = f as GlyphChecker;
    checkerCache.set(key, c);
  }
  return c;
}

export function defaultFallback(): { path: string; family: string } | null {
  return fs.existsSync(DEBIAN_FALLBACK.path) ? DEBIAN_FALLBACK : null;
}

export type FontSlot = 'primary' | 'fallback';

/** Decides, per character, which font draws it and what is drawn. */
export class GlyphResolver {
  readonly fallback: { path: string; family?: string } | null;
  readonly missing = new Set<string>();
  private readonly primary: GlyphChecker;
  private readonly fb: GlyphChecker | null;
  private readonly cache = new Map<string, { slot: FontSlot; text: string }>();

  constructor(choice: FontChoice = {}) {
    this.fallback = choice.fallback === undefined ? defaultFallback() : choice.fallback;
    this.primary = checker(PRIMARY_FONTS.regular);
    this.fb = this.fallback ? checker(this.fallback.path, this.fallback.family) : null;
  }

  resolve(ch: string): { slot: FontSlot; text: string } {
    let r = this.cache.get(ch);
    if (r) return r;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || this.primary.hasGlyphForCodePoint(cp)) r = { slot: 'primary', text: ch };
    else if (/^\p{White_Space}$/u.test(ch)) r = { slot: 'primary', text: ' ' };
    else if (this.fb?.hasGlyphForCodePoint(cp)) r = { slot: 'fallback', text: ch };
    else {
      const n = ch.normalize('NFKC');
      if (n !== ch && [...n].length === 1 && this.primary.hasGlyphForCodePoint(n.codePointAt(0) ?? 0)) r = { slot: 'primary', text: n };
      else if (/^[\u200B-\u200F\u2060\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u.test(ch)) r = { slot: 'primary', text: '' }; // invisible: zero-width, variation selectors
      else {
        this.missing.add(ch);
        r = { slot: 'primary', text: MISSING_MARKER };
      }
    }
    this.cache.set(ch, r);
    return r;
  }

  /** Splits `text` into runs of one font, with substitutions applied. */
  runs(text: string): { slot: FontSlot; text: string }[] {
    const out: { slot: FontSlot; text: string }[] = [];
    for (const ch of text) {
      const r = this.resolve(ch);
      if (!r.text) continue;
      const last = out[out.length - 1];
      if (last && last.slot === r.slot) last.text += r.text;
      else out.push({ slot: r.slot, text: r.text });
    }
    return out;
  }
}
