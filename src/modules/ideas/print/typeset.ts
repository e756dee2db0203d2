// A small typesetter over pdfkit for Chinese documents: our own line breaking (any CJK character may
// break, Latin words stay whole, 禁则: closing punctuation never starts a line and opening punctuation
// never ends one), per-character font fallback (fonts.ts), and drawing at absolute positions only, so
// that pdfkit never adds pages behind our back.
import PDFDocument from 'pdfkit';
import { GlyphResolver, PRIMARY_FONTS, fontBytes, type FontChoice, type FontSlot } from './fonts.ts';

export const A4 = { width: 595.28, height: 841.89 };

/** Characters that may not start a line (they stick to the character before). */
const NO_START = new Set([...'，。、；：？！）》」』】〕〉”’…—·%‰℃,.;:?!)]}>、～｝']);
/** Characters that may not end a line (they stick to the character after). */
const NO_END = new Set([...'（《「『【〔〈“‘([{<｛']);

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
}

export type PdfDoc = InstanceType<typeof PDFDocument>;

export class Typesetter {
  readonly doc: PdfDoc;
  readonly glyphs: GlyphResolver;
  private readonly widths = new Map<string, number>();
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(meta: { title: string; subject?: string; author?: string }, fonts: FontChoice = {}) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: false,
      bufferPages: true,
      info: { Title: meta.title, Subject: meta.subject ?? '', Author: meta.author ?? '', Creator: 'Jindianzi 金点子', Producer: 'Jindianzi 金点子' },
      lang: 'zh-CN',
      displayTitle: true,
    } as PDFKit.PDFDocumentOptions);
    this.glyphs = new GlyphResolver(fonts);
    this.doc.registerFont('R', fontBytes(PRIMARY_FONTS.regular));
    this.doc.registerFont('B', fontBytes(PRIMARY_FONTS.bold));
    if (this.glyphs.fallback) this.doc.registerFont('F', fontBytes(this.glyphs.fallback.path), this.glyphs.fallback.family as string);
    this.doc.font('R');
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  private fontName(slot: FontSlot, bold?: boolean): string {
    return slot === 'fallback' ? 'F' : bold ? 'B' : 'R';
  }

  /** Width of one (already resolved) character. */
  private charWidth(ch: string, style: TextStyle): number {
    const key = `${style.bold ? 'B' : 'R'}${style.size}|${ch}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = 0;
      for (const run of this.glyphs.runs(ch)) w += this.doc.font(this.fontName(run.slot, style.bold)).fontSize(style.size).widthOfString(run.text);
      this.widths.set(key, w);
    }
    return w;
  }

  width(text: string, style: TextStyle): number {
    let w = 0;
    for (const ch of text) w += this.charWidth(ch, style);
    return w;
  }

  /** Draws one line (no wrapping) with its top-left corner at (x, y). */
  text(text: string, x: number, y: number, style: TextStyle): void {
    const { doc } = this;
    doc.fillColor(style.color ?? '#000000');
    let cx = x;
    for (const run of this.glyphs.runs(text)) {
      doc.font(this.fontName(run.slot, style.bold)).fontSize(style.size);
      doc.text(run.text, cx, y, { lineBreak: false });
      cx += doc.widthOfString(run.text);
    }
  }

  textCentered(text: string, x: number, width: number, y: number, style: TextStyle): void {
    this.text(text, x + Math.max(0, (width - this.width(text, style)) / 2), y, style);
  }

  textRight(text: string, right: number, y: number, style: TextStyle): void {
    this.text(text, right - this.width(text, style), y, style);
  }

  /** Wraps `text` (one paragraph) into lines of at most `width`; `indent` applies to the first line. */
  wrap(text: string, width: number, style: TextStyle, indent = 0): string[] {
    const flow = new ParagraphFlow(this, text, style);
    const lines: string[] = [];
    let first = true;
    while (!flow.done) {
      lines.push(flow.takeLine(width - (first ? indent : 0)));
      first = false;
    }
    return lines;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
  }

  pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** Visits every page (0-based index) to add page numbers and other things known only at the end. */
  eachPage(fn: (index: number, count: number) => void): void {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      fn(i - start, count);
    }
  }

  async finish(): Promise<Buffer> {
    this.doc.flushPages();
    this.doc.end();
    return this.done;
  }
}

/**
 * Lets the event loop run (other requests, health checks) between pieces of a long document: pdfkit
 * works synchronously, and a 450-idea volume takes seconds.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Splits a paragraph into unbreakable tokens: a CJK character, a Latin word, a space; 禁则 applied. */
export function tokenize(text: string): string[] {
  const raw = text.match(/[A-Za-z0-9\u00C0-\u024F@#&_.'/-]+|\s|[\s\S]/gu) ?? [];
  const out: string[] = [];
  let pendingOpen = '';
  for (const t of raw) {
    const chars = [...t];
    if (chars.length === 1 && NO_END.has(t)) {
      pendingOpen += t;
      continue;
    }
    if (chars.length === 1 && NO_START.has(t) && out.length > 0 && !pendingOpen && !/^\s$/.test(out[out.length - 1])) {
      out[out.length - 1] += t;
      continue;
    }
    out.push(pendingOpen + t);
    pendingOpen = '';
  }
  if (pendingOpen) out.push(pendingOpen);
  return out;
}

/** Consumes a paragraph line by line at whatever width each line has (boxes of different widths). */
export class ParagraphFlow {
  private readonly tokens: string[];
  private i = 0;
  constructor(
    private readonly ts: Typesetter,
    text: string,
    readonly style: TextStyle,
  ) {
    this.tokens = tokenize(text);
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  get started(): boolean {
    return this.i > 0;
  }

  takeLine(width: number): string {
    while (this.i < this.tokens.length && /^\s$/.test(this.tokens[this.i]) && this.i > 0) this.i++; // no space at a line start
    let line = '';
    let w = 0;
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i];
      const tw = this.ts.width(t, this.style);
      if (w + tw <= width + 0.01) {
        line += t;
        w += tw;
        this.i++;
        continue;
      }
      if (line === '') {
        // A token wider than the line (a long URL): split it by characters.
        let part = '';
        let pw = 0;
        const chars = [...t];
        let k = 0;
        for (; k < chars.length; k++) {
          const cw = this.ts.width(chars[k], this.style);
          if (pw + cw > width && part) break;
          part += chars[k];
          pw += cw;
        }
        this.tokens[this.i] = chars.slice(k).join('');
        if (!this.tokens[this.i]) this.i++;
        return part;
      }
      break;
    }
    return line.replace(/\s+$/u, '');
  }
}

/** Paragraphs of a text as typed: each line one paragraph, blank lines dropped, leading spaces (　　) removed. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, ''))
    .filter((p) => p.length > 0);
}

/** SHA-256 hex in groups of eight, for reading aloud and comparing by eye. */
export function groupDigest(hex: string, group = 8): string {
  return (hex.match(new RegExp(`.{1,${group}}`, 'g')) ?? []).join(' ');
}
