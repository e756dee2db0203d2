// The generic files module on real bytes: names, sniffing (magic, ZIP central directory, CFB
// directory), image re-encoding with sharp, the download headers and the clamd verdict parser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as fx from '../../../test/fixtures/files/generate.ts';
import { checkName, contentDisposition, displayName } from './names.ts';
import { cfbEntryNames, sniffFile } from './sniff.ts';
import { reencodeImage } from './images.ts';
import { FileRejected } from './rejection.ts';
import { downloadHeaders } from './download.ts';
import { parseVerdict } from './clamd.ts';
import { Semaphore } from './files.service.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-files-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
function tmp(data: Buffer | string): string {
  const p = path.join(dir, `f${n++}`);
  fs.writeFileSync(p, data);
  return p;
}

async function reason(p: Promise<unknown> | (() => unknown)): Promise<{ reason: string; zh: string; en: string }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof FileRejected) return { reason: e.reason, zh: e.zh, en: e.en };
    throw e;
  }
  throw new Error('not rejected');
}

async function sniffAs(data: Buffer | string, name: string) {
  const { ext, kind } = checkName(name);
  return sniffFile(tmp(data), ext, kind);
}

describe('file names', () => {
  it('keeps the last path component and removes control and bidi characters', () => {
    expect(displayName('../../a.pdf')).toBe('a.pdf');
    expect(displayName('C:\\fakepath\\方案.docx')).toBe('方案.docx');
    expect(displayName('a\u202egpj.exe')).toBe('agpj.exe');
    expect(displayName('<img onerror=x>.docx')).toBe('<img onerror=x>.docx');
    expect(displayName('x'.repeat(300) + '.pdf')).toHaveLength(200);
  });

  it('refuses NUL, double extensions, macro, HEIC, SVG, HTML and programs with their own reasons', async () => {
    expect((await reason(() => checkName('a.jpg\u0000.php'))).reason).toBe('name-nul');
    expect((await reason(() => checkName('a.php%00.jpg'))).reason).toBe('name-nul');
    const dbl = await reason(() => checkName('a.jpg.php'));
    expect(dbl.reason).toBe('double-extension');
    expect(dbl.zh).toContain('双重扩展名');
    expect((await reason(() => checkName('a.php.jpg'))).reason).toBe('double-extension');
    expect((await reason(() => checkName('报告.docm'))).zh).toContain('启用宏');
    expect((await reason(() => checkName('模板.dotm'))).reason).toBe('macro');
    expect((await reason(() => checkName('IMG_0001.HEIC'))).zh).toBe('暂不支持 HEIC 格式的照片，请在手机设置中改为“兼容性最佳”或截图后上传');
    expect((await reason(() => checkName('logo.svg'))).reason).toBe('svg');
    expect((await reason(() => checkName('page.html'))).reason).toBe('html');
    expect((await reason(() => checkName('setup.exe'))).reason).toBe('executable');
    expect((await reason(() => checkName('data.xlsx'))).reason).toBe('extension');
    expect((await reason(() => checkName('noext'))).reason).toBe('extension');
    expect(checkName('第2版.v3.PDF')).toEqual({ name: '第2版.v3.PDF', ext: '.pdf', kind: 'pdf' });
    expect(checkName('照片.JPEG').kind).toBe('image');
  });

  it('builds an attachment Content-Disposition with a UTF-8 name and an ASCII fallback', () => {
    expect(contentDisposition('金点子附页.pdf')).toBe(`attachment; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent('金点子附页.pdf')}`);
    const h = contentDisposition('<img onerror=x>.docx');
    expect(h).toBe(`attachment; filename="_img onerror_x_.docx"; filename*=UTF-8''%3Cimg%20onerror%3Dx%3E.docx`);
    expect(contentDisposition(`a"b';(1).pdf`)).not.toMatch(/filename="[^"]*"[^;]*"/);
  });
});

describe('content sniffing', () => {
  it('accepts real files whose extension matches the content', async () => {
    expect((await sniffAs(await fx.docx(), '方案.docx')).kind).toBe('docx');
    expect((await sniffAs(fx.word97Doc(), '方案.doc')).kind).toBe('doc');
    expect((await sniffAs(fx.pdf(), 'a.pdf')).contentType).toBe('application/pdf');
    expect(await sniffAs(await fx.jpegWithGps(), 'a.jpg')).toMatchObject({ kind: 'image', format: 'jpeg' });
    expect(await sniffAs(await fx.png(), 'a.png')).toMatchObject({ kind: 'image', format: 'png' });
    expect(await sniffAs(await fx.webp(), 'a.webp')).toMatchObject({ kind: 'image', format: 'webp' });
  });

  it('names what a renamed file really is', async () => {
    const cases: [Buffer | string, string, string, RegExp][] = [
      [fx.exe(), 'a.docx', 'executable', /可执行程序/],
      [await fx.xlsx(), 'a.docx', 'mismatch', /Excel 表格（\.xlsx）/],
      [fx.docm(), 'a.docx', 'macro', /含有宏/],
      [fx.html(), 'a.jpg', 'html', /网页文件/],
      [fx.plainZip(), 'a.doc', 'mismatch', /ZIP 压缩包/],
      [await fx.docx(), 'a.doc', 'mismatch', /Word 文档/],
      [fx.svg(), 'a.png', 'svg', /SVG/],
      [fx.heic(), 'IMG_1.jpg', 'heic', /HEIC/],
      [await fx.jpegWithGps(), 'a.png', 'mismatch', /JPEG 图片/],
      [fx.pdf(), 'a.docx', 'mismatch', /PDF/],
      ['plain text', 'a.pdf', 'mismatch', /纯文本/],
      [fx.EICAR, 'a.pdf', 'mismatch', /纯文本/],
      [Buffer.alloc(0), 'a.pdf', 'empty', /空的/],
      [Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(100)]), 'a.docx', 'damaged', /损坏/],
    ];
    for (const [data, name, expected, zh] of cases) {
      const r = await reason(sniffAs(data, name));
      expect(r.reason, name).toBe(expected);
      expect(r.zh, name).toMatch(zh);
      expect(r.en, name).toBeTruthy();
    }
  });

  it('reads the directory of a CFB container; a .doc without a WordDocument stream is refused', async () => {
    const names = await cfbEntryNames(tmp(fx.word97Doc()));
    expect(names).toContain('WordDocument');
    const notWord = Buffer.from(fx.word97Doc());
    const at = notWord.indexOf(Buffer.from('WordDocument', 'utf16le'));
    notWord.write('WordDocumenX', at, 'utf16le');
    expect((await reason(sniffAs(notWord, 'a.doc'))).zh).toMatch(/不是 Word 文档/);
    const macro = Buffer.from(fx.word97Doc());
    // Renaming the "1Table" entry to "Macros" (same length) gives a .doc with a macro storage.
    const t = macro.indexOf(Buffer.from('1Table', 'utf16le'));
    expect(t).toBeGreaterThan(0);
    macro.write('Macros', t, 'utf16le');
    expect((await reason(sniffAs(macro, 'a.doc'))).reason).toBe('macro');
    expect((await reason(sniffAs(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]), 'a.doc'))).reason).toBe('damaged');
  });
});

describe('image re-encoding', () => {
  it('removes EXIF (GPS included) and applies the orientation', async () => {
    const src = await fx.jpegWithGps(64, 32);
    expect((await sharp(src).metadata()).exif).toBeDefined();
    const out = await reencodeImage(tmp(src), 'jpeg');
    const meta = await sharp(out.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([32, 64]); // orientation 6: rotated upright
    expect(out.data.includes(Buffer.from('TestPhone'))).toBe(false);
  });

  it('serves at most 2560 px on the long side', async () => {
    const big = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const out = await reencodeImage(tmp(big), 'jpeg');
    expect([out.width, out.height]).toEqual([2560, 853]);
  });

  it('refuses a 30000×30000 PNG from its header, fast', async () => {
    const t0 = performance.now();
    const r = await reason(reencodeImage(tmp(fx.pngHeaderOnly()), 'png'));
    expect(r.reason).toBe('pixels');
    expect(r.zh).toContain('30000×30000');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('drops whatever a polyglot carries besides the pixels', async () => {
    const poly = await fx.jpegHtmlPolyglot();
    expect(poly.includes(Buffer.from('<script'))).toBe(true);
    const out = await reencodeImage(tmp(poly), 'jpeg');
    expect(out.data.includes(Buffer.from('<script'))).toBe(false);
    expect(out.data.includes(Buffer.from('<html'))).toBe(false);
  });

  it('flattens PNG transparency and re-encodes WebP to JPEG', async () => {
    expect((await sharp((await reencodeImage(tmp(await fx.png(10, 10, true)), 'png')).data).metadata()).format).toBe('jpeg');
    expect((await sharp((await reencodeImage(tmp(await fx.webp()), 'webp')).data).metadata()).format).toBe('jpeg');
    expect((await reason(reencodeImage(tmp(Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(50)])), 'jpeg'))).reason).toBe('image-damaged');
  });
});

describe('serving and scanning helpers', () => {
  it('serves as a sandboxed, non-sniffed download', () => {
    expect(downloadHeaders({ content_type: 'application/pdf', original_name: '附页.pdf', size: 10 })).toMatchObject({
      'Content-Type': 'application/pdf',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Content-Length': '10',
    });
  });

  it('parses clamd verdicts', () => {
    expect(parseVerdict('stream: OK')).toEqual({ clean: true });
    expect(parseVerdict('stream: Eicar-Test-Signature FOUND')).toEqual({ clean: false, signature: 'Eicar-Test-Signature' });
    expect(() => parseVerdict('INSTREAM size limit exceeded. ERROR')).toThrow(/clamd answered/);
  });

  it('bounds concurrency with the semaphore', async () => {
    const s = new Semaphore(() => 2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        s.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
