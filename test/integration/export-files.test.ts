// The bureau's exports as files (issue 3, item 7; row 37): the .xlsx list read back with exceljs, the
// compiled volume as .docx read back with mammoth (and its XML for the TOC field) and as PDF read back
// with pdftotext, contents page numbers included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import yauzl from 'yauzl';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutralize, renderIdeasXlsx } from '../../src/modules/ideas/export/xlsx.ts';
import { renderVolumeDocx } from '../../src/modules/ideas/export/volume-docx.ts';
import { renderVolumePdf } from '../../src/modules/ideas/export/volume-pdf.ts';
import { groupVolume, type ExportIdea, type Volume } from '../../src/modules/ideas/export/types.ts';
import { assertAvailable, requirePdftotext, requireSharedData, skipReason, SHARED_DATA_DIR } from '../helpers/env.ts';

const poppler = requirePdftotext();
/** LibreOffice (Debian libreoffice-writer-nogui), optional: a second, stricter reader of the .docx. */
const SOFFICE = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => fs.existsSync(p));
if (!SOFFICE) console.warn('LibreOffice (soffice) not found: skipping the test that opens the .docx volume in Writer');
const shared = requireSharedData();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const squash = (s: string) => s.replace(/\s+/g, '');

const SECTORS = [
  ['01', '城区板块'],
  ['02', '西部板块'],
  ['03', '中部板块'],
  ['04', '东部板块'],
] as const;
// Unit names chosen so that Chinese collation (pinyin) and code order differ.
const UNITS = ['下各镇中心小学', '安洲中学', '白塔镇中心小学', '仙居县实验小学', '横溪镇中学'];

function idea(n: number, over: Partial<ExportIdea> = {}): ExportIdea {
  const s = SECTORS[n % 4];
  const u = UNITS[(n * 3) % UNITS.length];
  return {
    id: n,
    receiptNo: `JDZ2017-U${(n * 3) % UNITS.length}-${String(n).padStart(2, '0')}`,
    batchReceiptNo: `JDZ2017-U${(n * 3) % UNITS.length}-P1`,
    sectorCode: s[0],
    sectorName: s[1],
    unitCode: `U${s[0]}${(n * 3) % UNITS.length}`,
    unitName: `${s[1].slice(0, 2)}${u}`,
    unitType: '小学',
    contactName: `联系人${n}`,
    contactPhone: `1380000${String(1000 + n)}`,
    authorship: n % 2 ? 'individual' : 'collective',
    authors: n % 2 ? [`作者${n}`] : [],
    topic: '课堂教学改革',
    title: `第${n}号建议：推进课堂教学改革`,
    body: `第一段，编号${n}。\n第二段，编号${n}。`,
    charCount: 520 + n,
    status: n % 3 ? 'submitted' : 'received',
    late: n === 4,
    imported: n === 5,
    createdAt: '2017-10-01T01:00:00.000Z',
    sentAt: '2017-10-02T02:00:00.000Z',
    approvedAt: '2017-10-03T03:00:00.000Z',
    submittedAt: '2017-10-20T15:59:59.000Z',
    receivedAt: n % 3 ? null : '2017-10-21T01:30:00.000Z',
    ...over,
  };
}

async function readXlsx(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('金点子清单');
  if (!ws) throw new Error('no sheet 金点子清单');
  return ws;
}
function headers(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(2).values as (string | undefined)[]).slice(1).map(String);
}
function cell(ws: ExcelJS.Worksheet, row: number, header: string): unknown {
  return ws.getRow(row).getCell(headers(ws).indexOf(header) + 1).value;
}

describe('.xlsx list of ideas', () => {
  const ideas = Array.from({ length: 12 }, (_, k) => idea(k + 1));
  const at = '2017-10-25T02:03:04.000Z';

  it('has one row per idea with the form fields, sector, unit type, 字数, status, receipts and Beijing times', async () => {
    const r = await renderIdeasXlsx(ideas, { includePersonalData: false, exportedBy: '局办公室（admin）', exportedAt: at });
    expect(r.rows).toBe(12);
    const ws = await readXlsx(r.buffer);
    expect(headers(ws)).toEqual(['序号', '回执号', '批次回执号', '板块', '填写单位', '单位类型', '联系人', '作者', '议题', '题目', '建议内容', '字数', '状态', '逾期', 'Word导入', '创建时间', '送审时间', '审核时间', '报送时间', '接收时间']);
    expect(ws.rowCount).toBe(14);
    expect(cell(ws, 3, '回执号')).toBe(ideas[0].receiptNo);
    expect(cell(ws, 3, '板块')).toBe('西部板块');
    expect(cell(ws, 3, '作者')).toBe('个人（作者1）');
    expect(cell(ws, 4, '作者')).toBe(`集体（${ideas[1].unitName}）`);
    expect(cell(ws, 3, '建议内容')).toBe('第一段，编号1。\n第二段，编号1。');
    expect(cell(ws, 3, '字数')).toBe(521);
    expect(cell(ws, 3, '状态')).toBe('已报送');
    expect(cell(ws, 5, '状态')).toBe('已接收');
    expect(cell(ws, 6, '逾期')).toBe('是');
    expect(cell(ws, 3, '报送时间')).toBe('2017-10-20 23:59');
    expect(cell(ws, 5, '接收时间')).toBe('2017-10-21 09:30');
    expect(cell(ws, 3, '接收时间')).toBe('');
  });

  it('leaves out the contact phone unless personal data is allowed, and says so when it is in', async () => {
    const without = await renderIdeasXlsx(ideas, { includePersonalData: false, exportedBy: 'leader', exportedAt: at });
    expect(without.columns).not.toContain('contactPhone');
    const ws1 = await readXlsx(without.buffer);
    expect(headers(ws1)).not.toContain('联系电话');
    ws1.eachRow((row) => row.eachCell((c) => expect(String(c.value)).not.toMatch(/1380000\d{4}/)));

    const withPd = await renderIdeasXlsx(ideas, { includePersonalData: true, exportedBy: 'admin', exportedAt: at });
    expect(withPd.columns).toContain('contactPhone');
    const ws2 = await readXlsx(withPd.buffer);
    expect(cell(ws2, 3, '联系电话')).toBe('13800001001');
    expect(String(ws2.getCell('A1').value)).toContain('含个人信息（联系电话）');
  });

  it('writes 导出人 / 导出时间 in the first row and in the printed page header; frozen header, autofilter, widths', async () => {
    const r = await renderIdeasXlsx(ideas, { includePersonalData: false, exportedBy: '局办公室（admin）', exportedAt: at, filters: '板块：城区板块' });
    const ws = await readXlsx(r.buffer);
    const info = String(ws.getCell('A1').value);
    expect(info).toContain('导出人：局办公室（admin）');
    expect(info).toContain('导出时间：2017-10-25 10:03:04（北京时间）');
    expect(info).toContain('共 12 条');
    expect(info).toContain('筛选条件：板块：城区板块');
    expect(ws.headerFooter.oddHeader).toContain('导出人：局办公室（admin）');
    expect(ws.headerFooter.oddHeader).toContain('导出时间：2017-10-25 10:03:04');
    expect(ws.headerFooter.oddFooter).toContain('&P');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect(JSON.stringify(ws.autoFilter)).toMatch(/A2|"row":2/);
    expect(ws.getColumn(headers(ws).indexOf('题目') + 1).width).toBeGreaterThanOrEqual(30);
  });

  it.each([
    "=cmd|' /C calc'!A0",
    '+1+1',
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
    '=HYPERLINK("http://evil.example","点我")',
  ])('neutralizes the formula %j in every text column (row 37)', async (evil) => {
    const seeded = idea(1, { title: evil, topic: evil, contactName: evil, unitName: evil, body: evil, authors: [evil], contactPhone: evil, receiptNo: evil });
    const r = await renderIdeasXlsx([seeded, idea(2)], { includePersonalData: true, exportedBy: evil, exportedAt: at });
    const ws = await readXlsx(r.buffer);
    // (XML turns a lone CR into LF on reading: the quote in front is what matters.)
    const asRead = evil.replace(/\r/g, '\n');
    for (const h of ['题目', '议题', '联系人', '填写单位', '建议内容', '联系电话', '回执号']) {
      expect(cell(ws, 3, h), h).toBe(`'${asRead}`);
    }
    expect(cell(ws, 3, '作者')).toBe(`个人（${asRead}）`); // starts with 个, harmless
    ws.eachRow((row) =>
      row.eachCell((c) => {
        expect(typeof c.value === 'object' && c.value !== null && 'formula' in c.value).toBe(false);
        if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    expect(cell(ws, 4, '题目')).toBe(idea(2).title); // ordinary text untouched
  });

  it('an empty selection still makes a valid file of each kind (header only, or a cover and an empty contents)', async () => {
    const x = await readXlsx((await renderIdeasXlsx([], { includePersonalData: false, exportedBy: 'a', exportedAt: at })).buffer);
    expect(x.rowCount).toBe(2);
    const v = { campaignTitle: '空', date: at, ideas: [] };
    const docx = await renderVolumeDocx(v);
    expect((await mammoth.extractRawText({ buffer: docx })).value).toContain('共 0 条');
    const pdf = await renderVolumePdf(v);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('neutralize: no output starts with = + - @ tab or CR, and the input is kept after the quote', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = neutralize(s);
        expect(n).not.toMatch(/^[=+\-@\t\r]/);
        expect(n === s || n === `'${s}`).toBe(true);
      }),
    );
  });
});

function volumeIdeas(): ExportIdea[] {
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
  const rows = fs
    .readFileSync(path.join(SHARED_DATA_DIR, 'ideas/sample-ideas.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Sample);
  // Shuffled on purpose: the volume must sort by sector, then unit.
  return rows.map((r, k) => {
    const base = idea(k + 1);
    return {
      ...base,
      unitName: `${base.sectorName.slice(0, 2)}${UNITS[k % UNITS.length]}`,
      unitCode: `${base.sectorCode}-${k % UNITS.length}`,
      authorship: r.authorship,
      authors: r.authorship === 'individual' ? [r.author] : [],
      contactName: r.contact,
      contactPhone: r.phone,
      topic: r.topic,
      title: r.title || '',
      body: r.text,
    };
  });
}

function expectedOrder(ideas: ExportIdea[]): string[] {
  const out: string[] = [];
  for (const s of groupVolume(ideas)) {
    out.push(s.sectorName);
    for (const u of s.units) {
      out.push(u.unitName);
      for (const i of u.ideas) out.push(i.title || '（无题目）');
    }
  }
  return out;
}

/** Finds `seq` in `text` in order, starting at `from`; returns the position after the last one. */
function expectInOrder(text: string, seq: string[], from = 0): number {
  let at = from;
  for (const s of seq) {
    const i = text.indexOf(squash(s), at);
    expect(i, `"${s}" after position ${at}`).toBeGreaterThanOrEqual(0);
    at = i + squash(s).length;
  }
  return at;
}

function zipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the zip`)));
      zip.readEntry();
    });
  });
}

describe.skipIf(skipReason(shared))('compiled volume (.docx)', () => {
  let ideas: ExportIdea[];
  let volume: Volume;
  let buf: Buffer;
  beforeAll(async () => {
    assertAvailable(shared);
    ideas = volumeIdeas();
    volume = { campaignTitle: '仙居县教育“解放思想 赶超发展”大讨论', date: '2017-10-25T02:00:00.000Z', ideas, exportedBy: '局办公室', exportedAt: '2017-10-25T02:00:00.000Z' };
    buf = await renderVolumeDocx(volume);
  });

  it('reads back (mammoth): cover, contents, then every idea grouped by sector then unit, with its details and text', async () => {
    const { value } = await mammoth.extractRawText({ buffer: buf });
    const text = squash(value);
    expect(text.startsWith(squash('仙居县教育“解放思想 赶超发展”大讨论金点子汇编'))).toBe(true);
    expect(text).toContain('2017年10月25日');
    expect(text).toContain('导出人：局办公室');
    const toc = text.indexOf('目录');
    expect(toc).toBeGreaterThan(0);
    const order = expectedOrder(ideas);
    // Once in the contents (written out, so it is not empty before Word updates the field) and once in the body.
    const afterToc = expectInOrder(text, order, toc);
    expectInOrder(text, order, afterToc);
    for (const i of ideas) {
      expect(text).toContain(squash(i.body.split('\n')[0]));
      expect(text).toContain(`字数：${i.charCount}`);
      expect(text).toContain(`回执号：${i.receiptNo}`);
    }
    expect(text).not.toMatch(/1380000\d{4}/); // no phones in the volume
  });

  it.skipIf(!SOFFICE || !poppler.available)('opens in LibreOffice Writer (converted to PDF there): cover, contents entries, the text', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'lo-'));
    const file = path.join(dir, 'volume.docx');
    fs.writeFileSync(file, buf);
    // A profile of its own, so that other LibreOffice runs on the machine do not lock it.
    execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
    const text = squash(execFileSync('pdftotext', [path.join(dir, 'volume.pdf'), '-'], { encoding: 'utf8' }));
    expect(text).toContain('金点子汇编');
    expect(text).toContain('—1—');
    const toc = text.indexOf('目录');
    expect(toc).toBeGreaterThan(0);
    expectInOrder(text, expectedOrder(ideas), toc);
    // Page footers (— 6 —) land in the middle of paragraphs that cross a page.
    const body = text.replace(/—\d+—/g, '');
    for (const i of ideas) expect(body).toContain(squash(i.body.split('\n')[0]));
  }, 150_000);

  it('has a real TOC field over headings 1–3 and the headings Word builds it from', async () => {
    const xml = await zipEntry(buf, 'word/document.xml');
    expect(xml).toMatch(/<w:instrText[^>]*>\s*TOC \\h \\o &quot;1-3&quot;/);
    // Its entries point at the headings' bookmarks, so Word fills in the page numbers on update.
    expect((xml.match(/PAGEREF _Toc\d+/g) ?? []).length).toBe(expectedOrder(ideas).length);
    expect(xml).toContain('w:val="Heading1"');
    expect((xml.match(/w:val="Heading3"/g) ?? []).length).toBe(ideas.length);
    const settings = await zipEntry(buf, 'word/settings.xml');
    expect(settings).toContain('updateFields');
  });
});

describe.skipIf(skipReason(poppler) || skipReason(shared))('compiled volume (PDF)', () => {
  let ideas: ExportIdea[];
  let file: string;
  beforeAll(async () => {
    assertAvailable(poppler);
    assertAvailable(shared);
    ideas = volumeIdeas();
    file = path.join(tmp, 'volume.pdf');
    fs.writeFileSync(file, await renderVolumePdf({ campaignTitle: '仙居县教育“解放思想 赶超发展”大讨论', date: '2017-10-25T02:00:00.000Z', ideas, exportedBy: '局办公室' }));
  });
  const page = (n: number) => squash(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }));

  it('reads back (pdftotext): cover, contents, ideas grouped by sector then unit', () => {
    const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
    expect(page(1)).toContain('金点子汇编');
    expect(page(1)).toContain('2017年10月25日');
    expect(page(2)).toContain('目录');
    const order = expectedOrder(ideas);
    const afterToc = expectInOrder(text, order, text.indexOf('目录'));
    expectInOrder(text, order, afterToc);
    for (const i of ideas) expect(text).toContain(squash(i.body.split('\n')[0]));
  });

  it('lets the event loop run while a whole campaign (450 ideas) is typeset', async () => {
    const many = Array.from({ length: 450 }, (_, k) => ({ ...ideas[k % ideas.length], id: 1000 + k, unitCode: `U${k % 90}`, unitName: `单位${k % 90}` }));
    let last = performance.now();
    let longest = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const pdf = await renderVolumePdf({ campaignTitle: '大', date: '2017-10-25T02:00:00.000Z', ideas: many });
    const total = performance.now() - t0;
    clearInterval(tick);
    expect(pdf.length).toBeGreaterThan(100_000);
    // Only the final write (font subset, page streams) is one piece; the typesetting yields per idea.
    expect(longest, `longest block ${longest.toFixed(0)} ms of ${total.toFixed(0)} ms`).toBeLessThan(total * 0.4);
  });

  it('gives each contents entry the page it is on', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    const toc = execFileSync('pdftotext', ['-layout', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    let checked = 0;
    for (const i of ideas) {
      const title = i.title || '（无题目）';
      const line = toc.split('\n').find((l) => squash(l).startsWith(squash(title)));
      if (!line) continue; // shortened with … in the contents: checked by the others
      const n = Number(/(\d+)\s*$/.exec(line)?.[1]);
      expect(n, title).toBeGreaterThan(2);
      expect(n).toBeLessThanOrEqual(pages);
      expect(page(n), `${title} on page ${n}`).toContain(squash(title).slice(0, 12));
      expect(page(n)).toContain(`—${n}/${pages}—`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(ideas.length - 2);
  });
});
