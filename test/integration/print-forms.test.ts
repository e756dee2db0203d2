// The printed 金点子征集表 (issue 3, item 5): real PDFs read back with poppler's pdftotext/pdftoppm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { QR_BOX, renderIdeaForms } from '../../src/modules/ideas/print/forms.ts';
import { DEBIAN_FALLBACK, GlyphResolver, MISSING_MARKER } from '../../src/modules/ideas/print/fonts.ts';
import { groupDigest, paragraphs } from '../../src/modules/ideas/print/typeset.ts';
import type { FormIdea, FormsOptions } from '../../src/modules/ideas/print/types.ts';
import { assertAvailable, requirePdftotext, requireSharedData, skipReason, SHARED_DATA_DIR } from '../helpers/env.ts';

const poppler = requirePdftotext();
const shared = requireSharedData();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-print-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
function pdfFile(buf: Buffer): string {
  const f = path.join(tmp, `f${++seq}.pdf`);
  fs.writeFileSync(f, buf);
  return f;
}
function pdftotext(buf: Buffer, ...args: string[]): string {
  return execFileSync('pdftotext', [...args, pdfFile(buf), '-'], { encoding: 'utf8' });
}
function pageCount(buf: Buffer): number {
  const info = execFileSync('pdfinfo', [pdfFile(buf)], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}
const squash = (s: string) => s.replace(/\s+/g, '');

interface Sample {
  unit_code: string;
  contact: string;
  phone: string;
  authorship: 'collective' | 'individual';
  author: string;
  topic: string;
  title: string;
  text: string;
}
function samples(): Sample[] {
  return fs
    .readFileSync(path.join(SHARED_DATA_DIR, 'ideas/sample-ideas.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Sample);
}

const DIGEST = '3f5a9c0e7b2d41f8a6c3e9b1d0f4a7c25e8b3d6f9a0c1e4b7d2f5a8c3e6b9d0f';
const OPTIONS: FormsOptions = {
  formTitle: '仙居县教育“解放思想 赶超发展”金点子征集表',
  adviceLabel: '仙居教育赶超发展建议',
  batchReceiptNo: 'JDZ2017-XJ012-P1',
  digest: DIGEST,
  sealedAt: '2017-10-18T08:05:00.000Z',
  verifyUrl: 'https://jdz.example.cn/verify?r=JDZ2017-XJ012-P1&d=3f5a9c0e7b2d41f8',
};

function form(s: Sample, receiptNo: string, body = s.text): FormIdea {
  return {
    receiptNo,
    unitName: '仙居县职业技术教育中心',
    contactName: s.contact,
    contactPhone: s.phone,
    authorship: s.authorship,
    authors: s.authorship === 'individual' ? [s.author, '李小明'] : [],
    topic: s.topic,
    title: s.title,
    body,
    charCount: 1234,
  };
}

describe('font coverage (npm font @embedpdf/fonts-sc, Debian fonts-noto-cjk as fallback)', () => {
  const gbk = new TextDecoder('gbk');
  function chars(rows: [number, number], cols: [number, number]): string[] {
    const out: string[] = [];
    for (let r = rows[0]; r <= rows[1]; r++)
      for (let c = cols[0]; c <= cols[1]; c++) {
        if (c === 0x7f) continue;
        const s = gbk.decode(Buffer.from([r, c]));
        const cp = s.codePointAt(0) ?? 0;
        if ([...s].length === 1 && s !== '\ufffd' && !(cp >= 0xe000 && cp <= 0xf8ff)) out.push(s);
      }
    return out;
  }

  it('draws every GB2312 character (6,763 hanzi and the symbol rows) with the npm font alone', () => {
    const g = new GlyphResolver({ fallback: null });
    const all = [...chars([0xa1, 0xa9], [0xa1, 0xfe]), ...chars([0xb0, 0xf7], [0xa1, 0xfe])];
    expect(all.length).toBeGreaterThan(7400);
    for (const ch of all) g.resolve(ch);
    expect([...g.missing]).toEqual([]);
  });

  it('of GBK lacks only CJK compatibility ideographs, which become their unified twins without a fallback font', () => {
    const g = new GlyphResolver({ fallback: null });
    const all = chars([0x81, 0xfe], [0x40, 0xfe]);
    expect(all.length).toBeGreaterThan(21000);
    const substituted = all.filter((ch) => g.resolve(ch).text !== ch);
    expect(substituted.length).toBeLessThan(30);
    for (const ch of substituted) expect(ch.codePointAt(0)).toBeGreaterThanOrEqual(0xf900);
    // 郎 (U+F92C) prints as 郎 (U+90CE); the dozen with no unified twin in the font are marked.
    expect(g.resolve('\uF92C').text).toBe('\u90CE');
    for (const ch of g.missing) expect(ch.codePointAt(0)).toBeGreaterThanOrEqual(0xfa0e);
  });

  it.skipIf(!fs.existsSync(DEBIAN_FALLBACK.path))('with Debian fonts-noto-cjk draws all of GBK and CJK extension B exactly', () => {
    const g = new GlyphResolver({ fallback: DEBIAN_FALLBACK });
    for (const ch of [...chars([0x81, 0xfe], [0x40, 0xfe]), '𠮷']) expect(g.resolve(ch).text, ch).toBe(ch);
    expect(g.resolve('𠮷').slot).toBe('fallback');
    expect([...g.missing]).toEqual([]);
  });
  if (!fs.existsSync(DEBIAN_FALLBACK.path)) console.warn(`${DEBIAN_FALLBACK.path} absent (Debian fonts-noto-cjk): the exact-GBK fallback test is skipped; the marker path below still runs`);
});

describe.skipIf(skipReason(poppler) || skipReason(shared))('金点子征集表 PDF', () => {
  let data: Sample[] = [];
  let pdf: Buffer;
  let long: FormIdea;
  let short: FormIdea;
  beforeAll(async () => {
    assertAvailable(poppler);
    assertAvailable(shared);
    data = samples().filter((s) => s.title && s.text.length > 400);
    short = form(data[0], 'JDZ2017-XJ012-P1-01');
    // Four texts in one: far more than the big cell holds, so it continues on 附页.
    long = form(data[1], 'JDZ2017-XJ012-P1-02', [data[1].text, data[2].text, data[3].text, data[4].text].join('\n'));
    pdf = await renderIdeaForms([short, long], OPTIONS);
  });

  it('is an A4 PDF whose text extracts back: heading, the table, the notes, unit, contact, phone, title', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [pdfFile(pdf)], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const page1 = squash(pdftotext(pdf, '-f', '1', '-l', '1'));
    for (const s of [
      '仙居县教育“解放思想赶超发展”金点子征集表',
      '填写单位（公章）',
      '（盖章处）',
      '联系人',
      '联系电话',
      short.contactName,
      short.contactPhone,
      short.unitName,
      `题目：${short.title}`,
      `议题：${short.topic}`,
      '字数：1234',
      '说明：1.各学校、直属单位向教育局提供2——5个金点子',
      '3.于10月20日前纸质报送局办公室',
    ])
      expect(page1, s).toContain(squash(s));
    // The vertical label: one character a line, top to bottom.
    expect(pdftotext(pdf, '-f', '1', '-l', '1')).toMatch(/仙\s*\n\s*居\s*\n\s*教\s*\n\s*育/);
  });

  it('keeps every paragraph of the text, in order, across the form and its 附页', () => {
    // The text as read from the big cell of each form page and the box of each 附页 (crop in points).
    const n = pageCount(pdf);
    let all = '';
    for (let p = 1; p <= n; p++) {
      const first = squash(pdftotext(pdf, '-f', String(p), '-l', String(p))).includes('填写单位（公章）');
      const crop = first ? ['-x', '103', '-y', '255', '-W', '430', '-H', '390'] : ['-x', '62', '-y', '99', '-W', '471', '-H', '595'];
      all += squash(pdftotext(pdf, '-f', String(p), '-l', String(p), ...crop));
    }
    let at = 0;
    for (const p of paragraphs(long.body)) {
      const i = all.indexOf(squash(p), at);
      expect(i, p.slice(0, 20)).toBeGreaterThan(-1);
      at = i;
    }
    expect(all).toContain(squash(short.body));
  });

  it('marks continuation sheets 附页 1, 附页 2 … with the idea they continue, and numbers every page', () => {
    const n = pageCount(pdf);
    expect(n).toBeGreaterThanOrEqual(4);
    const pages = Array.from({ length: n }, (_, k) => squash(pdftotext(pdf, '-f', String(k + 1), '-l', String(k + 1))));
    const formPage = pages.findIndex((t) => t.includes(squash(`题目：${long.title}`)));
    expect(formPage).toBeGreaterThan(0);
    expect(pages[formPage + 1]).toContain(squash(`附页 1（续《${long.title}》`));
    expect(pages[formPage + 2]).toContain(squash(`附页 2（续《${long.title}》`));
    for (let p = 1; p <= n; p++) expect(squash(pdftotext(pdf, '-f', String(p), '-l', String(p))), `page ${p}`).toContain(`第${p}页共${n}页`);
    // Per form: 本表第 i 页／共 k 页 with the form's receipt number.
    expect(pages[0]).toContain(`回执号：JDZ2017-XJ012-P1-01本表第1页／共${formPage}页`);
    expect(pages[formPage]).toContain(`回执号：JDZ2017-XJ012-P1-02本表第1页／共${n - formPage}页`);
    expect(pages[n - 1]).toContain(`回执号：JDZ2017-XJ012-P1-02本表第${n - formPage}页／共${n - formPage}页`);
  });

  it('prints on every sheet the receipt number, the batch, the sealed time (Beijing), the digest in groups and the verify address', () => {
    const n = pageCount(pdf);
    for (let p = 1; p <= n; p++) {
      const t = squash(pdftotext(pdf, '-f', String(p), '-l', String(p)));
      expect(t).toContain('批次回执号：JDZ2017-XJ012-P1');
      expect(t).toContain('封存时间：2017-10-1816:05');
      expect(t).toContain(squash(groupDigest(DIGEST)));
      expect(t).toContain(OPTIONS.verifyUrl);
    }
    expect(groupDigest(DIGEST).split(' ')).toHaveLength(8);
  });

  it('names the authorship: 个人 with the names, or 集体 in the unit\'s name', async () => {
    expect(squash(pdftotext(pdf, '-f', '1', '-l', '1'))).toContain(squash(`作者：个人（${data[0].author}、李小明）`));
    const collective = await renderIdeaForms([{ ...short, authorship: 'collective', authors: [] }], OPTIONS);
    expect(squash(pdftotext(collective))).toContain(squash(`作者：集体（${short.unitName}）`));
  });

  it('embeds the font as a subset (a few hundred kB, not the 8 MB font file)', async () => {
    expect(pdf.length).toBeLessThan(1_500_000);
    const fonts = execFileSync('pdffonts', [pdfFile(pdf)], { encoding: 'utf8' });
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans-Bold/);
  });

  it('draws on every sheet a QR code whose modules, read from the rendered page, encode the verify URL', () => {
    const want = QRCode.create(OPTIONS.verifyUrl, { errorCorrectionLevel: 'M' }).modules;
    const n = want.size;
    const dpi = 300;
    const k = dpi / 72;
    for (const page of [1, pageCount(pdf)]) {
      // The QR box of that page, in grey, as a binary PGM (P5).
      const out = path.join(tmp, `qr${page}`);
      const crop = ['-x', String(Math.floor(QR_BOX.x * k)), '-y', String(Math.floor(QR_BOX.y * k)), '-W', String(Math.ceil(QR_BOX.size * k)), '-H', String(Math.ceil(QR_BOX.size * k))];
      execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', ...crop, pdfFile(pdf), out]);
      const pgm = fs.readFileSync(`${out}.pgm`);
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
      expect(header).not.toBeNull();
      const [w] = [Number(header![1]), Number(header![2])];
      const data = pgm.subarray(header![0].length);
      const cell = (QR_BOX.size * k) / (n + 2);
      const px = (x: number, y: number) => data[Math.round(y) * w + Math.round(x)];
      let wrong = 0;
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          const dark = px((c + 1.5) * cell, (r + 1.5) * cell) < 128;
          if (dark !== Boolean(want.get(r, c))) wrong++;
        }
      expect(wrong, `page ${page}`).toBe(0);
    }
  });

  it('renders to images (pdftoppm) without errors, one per page', () => {
    const out = path.join(tmp, 'png');
    execFileSync('pdftoppm', ['-png', '-r', '30', pdfFile(pdf), out]);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('png-') && f.endsWith('.png'))).toHaveLength(pageCount(pdf));
  });

  it('prints a character no font has as □ and reports it; with Debian\'s font, 𠮷 prints and extracts as itself', async () => {
    const odd = { ...short, title: '𠮷野家的建议😀', body: `${short.body}\n含扩展字𠮷与表情😀。` };
    let reported: string[] = [];
    const bare = await renderIdeaForms([odd], { ...OPTIONS, fonts: { fallback: null }, onMissingGlyphs: (c) => (reported = c) });
    expect(reported.sort()).toEqual(['😀', '𠮷'].sort());
    expect(squash(pdftotext(bare))).toContain(`题目：${MISSING_MARKER}野家的建议${MISSING_MARKER}`);
    if (fs.existsSync(DEBIAN_FALLBACK.path)) {
      reported = [];
      const withFallback = await renderIdeaForms([odd], { ...OPTIONS, onMissingGlyphs: (c) => (reported = c) });
      expect(reported).toEqual(['😀']);
      const t = squash(pdftotext(withFallback));
      expect(t).toContain('题目：𠮷野家的建议□');
      expect(t).toContain('含扩展字𠮷与表情□');
    }
  });

  it('lists the files sealed with the idea (附件) with the start of their SHA-256', async () => {
    const files = [
      { name: '调研数据汇总.pdf', sha256: 'a1b2c3d4e5f60718'.repeat(4) },
      { name: '现场照片.jpg', sha256: '0f1e2d3c4b5a6978'.repeat(4) },
    ];
    const t = squash(pdftotext(await renderIdeaForms([{ ...short, attachments: files }], OPTIONS)));
    expect(t).toContain('附件：1.调研数据汇总.pdf（SHA-256a1b2c3d4e5f60718…）');
    expect(t).toContain('2.现场照片.jpg（SHA-2560f1e2d3c4b5a6978…）');
  });

  it('prints an untitled idea as （无题目） and a campaign\'s own label and notes', async () => {
    const b = await renderIdeaForms([{ ...short, title: '' }], { ...OPTIONS, adviceLabel: '教育发展建议', notes: ['本表由平台生成。'] });
    const t = squash(pdftotext(b));
    expect(t).toContain('题目：（无题目）');
    expect(t).toContain('说明：1.本表由平台生成。');
    expect(pdftotext(b)).toMatch(/教\s*\n\s*育\s*\n\s*发\s*\n\s*展/);
  });
});
