import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cellValueToText, columnLetter, mapColumns, numberToText, parseCsv, readSheetRows, SpreadsheetError, SPREADSHEET_LIMITS } from './spreadsheet.ts';
import { UNIT_COLUMNS } from './units-import.ts';

/** "代码,名称,类型,板块,乡镇" and two rows, saved as GBK by Excel on Chinese Windows (one quoted field with a comma). */
const GBK_CSV_HEX =
  'b4fac2eb2cc3fbb3c62cc0e0d0cd2cb0e5bfe92ccfe7d5f20d0a47423030312ccfc9bed3cfd8b2e2cad4d0a1d1a72cd0a1d1a72cb3c7c7f8b0e5bfe92cb0b2d6debdd6b5c00d0a47423030322c22cfc9bed3cfd8b2e2cad4d3d7b6f9d4b0a3acb6abd4ba222cd3d7b6f9d4b02cb3c7c7f82cb8a3d3a6bdd6b5c00d0a';

async function xlsxOf(rows: ExcelJS.CellValue[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  rows.forEach((r, i) => {
    if (r.length) ws.getRow(i + 1).values = r;
  });
  edit?.(ws);
  wb.addWorksheet('第二个表').addRow(['不应被读取']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function failure(p: Promise<unknown>): Promise<SpreadsheetError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpreadsheetError);
  const e = err as SpreadsheetError;
  expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(e.en).toMatch(/[A-Za-z]/);
  return e;
}

describe('readSheetRows — .xlsx', () => {
  it('reads the first worksheet with plain strings and the sheet’s own row numbers', async () => {
    const buf = await xlsxOf(
      [
        ['代码', '名称', '联系电话', '日期', '备注', '公式'],
        ['  XJ001 ', '仙居县启航小学', 13800001234, new Date(Date.UTC(2017, 9, 20)), { richText: [{ text: '富' }, { text: '文本', font: { bold: true } }] }, { formula: '1+1', result: 2 }],
        [],
        ['XJ002', { text: '链接单位', hyperlink: 'https://example.com' }, 57687771234, 3.5, true, { formula: 'A1', result: undefined }],
      ],
      (ws) => {
        ws.getCell('C2').numFmt = '0'; // a phone typed into a number cell
      },
    );
    const sheet = await readSheetRows(buf, '单位.xlsx');
    expect(sheet.header).toEqual(['代码', '名称', '联系电话', '日期', '备注', '公式']);
    expect(sheet.headerRowNumber).toBe(1);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: ['XJ001', '仙居县启航小学', '13800001234', '2017-10-20', '富文本', '2'] },
      { rowNumber: 4, cells: ['XJ002', '链接单位', '57687771234', '3.5', 'TRUE', ''] },
    ]);
  });

  it('rejects a non-spreadsheet renamed to .xlsx before exceljs sees it', async () => {
    expect((await failure(readSheetRows(Buffer.from('这不是表格，只是一段文字'), 'units.xlsx'))).code).toBe('FILE_UNREADABLE');
    expect((await failure(readSheetRows(Buffer.from('%PDF-1.4\n%âãÏÓ\n'), 'units.xlsx'))).code).toBe('FILE_UNREADABLE');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const e = await failure(readSheetRows(ole, 'units.xlsx'));
    expect(e.code).toBe('FILE_UNREADABLE');
    expect(e.zh).toContain('.xls');
  });

  it('turns a damaged workbook (ZIP magic, broken body) into FILE_UNREADABLE', async () => {
    const good = await xlsxOf([['代码'], ['A']]);
    expect((await failure(readSheetRows(good.subarray(0, 200), 'units.xlsx'))).code).toBe('FILE_UNREADABLE');
  });

  it('reports an empty sheet and a header-only sheet as FILE_EMPTY', async () => {
    const empty = await xlsxOf([]);
    expect((await failure(readSheetRows(empty, 'empty.xlsx'))).code).toBe('FILE_EMPTY');
    const headerOnly = await xlsxOf([['代码', '名称'], [], ['  ', '']]);
    const e = await failure(readSheetRows(headerOnly, 'header.xlsx'));
    expect(e.code).toBe('FILE_EMPTY');
    expect(e.zh).toContain('只有表头');
  });

  it('caps the data rows at 5000', async () => {
    const rows: ExcelJS.CellValue[][] = [['代码']];
    for (let i = 0; i <= SPREADSHEET_LIMITS.maxDataRows; i++) rows.push([`U${i}`]);
    const e = await failure(readSheetRows(await xlsxOf(rows), 'big.xlsx'));
    expect(e.code).toBe('TOO_MANY_ROWS');
    expect(e.zh).toContain('分批');
  });
});

describe('readSheetRows — .csv', () => {
  it('reads UTF-8 with BOM, CRLF and RFC 4180 quoting', async () => {
    const text = '\uFEFF代码,名称,备注\r\nA1,"仙居县启航小学，本部","他说""好""\r\n第二行"\r\n\r\nA2, 仙居县春晖小学 ,\r\n';
    const sheet = await readSheetRows(Buffer.from(text, 'utf8'), 'u.csv');
    expect(sheet.header).toEqual(['代码', '名称', '备注']);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: ['A1', '仙居县启航小学，本部', '他说"好"\r\n第二行'] },
      { rowNumber: 4, cells: ['A2', '仙居县春晖小学', ''] },
    ]);
  });

  it('decodes a GBK CSV as Excel on Chinese Windows saves it', async () => {
    const sheet = await readSheetRows(Buffer.from(GBK_CSV_HEX, 'hex'), '单位.csv');
    expect(sheet.header).toEqual(['代码', '名称', '类型', '板块', '乡镇']);
    expect(sheet.rows[0].cells).toEqual(['GB001', '仙居县测试小学', '小学', '城区板块', '安洲街道']);
    expect(sheet.rows[1].cells[1]).toBe('仙居县测试幼儿园，东院');
  });

  it('reads tab-separated UTF-16 ("Unicode text") too', async () => {
    const body = Buffer.from('代码\t名称\nA1\t仙居县启航小学\n', 'utf16le');
    const sheet = await readSheetRows(Buffer.concat([Buffer.from([0xff, 0xfe]), body]), 'u.csv');
    expect(sheet.rows[0].cells).toEqual(['A1', '仙居县启航小学']);
  });

  it('refuses an unclosed quote, binary content and an empty file', async () => {
    expect((await failure(readSheetRows(Buffer.from('代码,名称\nA1,"未闭合\n'), 'u.csv'))).code).toBe('FILE_UNREADABLE');
    expect((await failure(readSheetRows(Buffer.from([0x00, 0x01, 0x02, 0x41]), 'u.csv'))).code).toBe('FILE_UNREADABLE');
    expect((await failure(readSheetRows(Buffer.alloc(0), 'u.csv'))).code).toBe('FILE_EMPTY');
    expect((await failure(readSheetRows(Buffer.from('\r\n , \r\n'), 'u.csv'))).code).toBe('FILE_EMPTY');
    expect((await failure(readSheetRows(Buffer.from('代码,名称\r\n'), 'u.csv'))).code).toBe('FILE_EMPTY');
  });
});

describe('readSheetRows — file checks', () => {
  it('refuses unsupported extensions, old .xls and files over 10 MB', async () => {
    expect((await failure(readSheetRows(Buffer.from('a'), 'units.docx'))).code).toBe('UNSUPPORTED_FILE_TYPE');
    expect((await failure(readSheetRows(Buffer.from('a'), 'units'))).code).toBe('UNSUPPORTED_FILE_TYPE');
    const xls = await failure(readSheetRows(Buffer.from('a'), '单位.XLS'));
    expect(xls.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(xls.zh).toContain('另存为 .xlsx');
    expect((await failure(readSheetRows(Buffer.alloc(SPREADSHEET_LIMITS.maxBytes + 1), 'big.csv'))).code).toBe('FILE_TOO_LARGE');
  });

  it('reads a workbook even when it was saved with a .csv name', async () => {
    const sheet = await readSheetRows(await xlsxOf([['代码'], ['A1']]), 'units.csv');
    expect(sheet.rows[0].cells).toEqual(['A1']);
  });
});

describe('cell conversion', () => {
  it('writes numbers without exponent or trailing .0', () => {
    expect(numberToText(13800001234)).toBe('13800001234');
    expect(numberToText(13800001234.0)).toBe('13800001234');
    expect(numberToText(1e20)).toBe('100000000000000000000');
    expect(numberToText(0.1 + 0.2)).toBe('0.3');
    expect(numberToText(1e-7)).toBe('0.0000001');
  });

  it('reads date-times and error values', () => {
    expect(cellValueToText(new Date(Date.UTC(2017, 8, 6, 9, 30)))).toBe('2017-09-06 09:30');
    expect(cellValueToText({ error: '#N/A' })).toBe('#N/A');
    expect(cellValueToText({ sharedFormula: 'A1', result: ' x ' })).toBe('x');
  });

  it('parses RFC 4180 records', () => {
    expect(parseCsv('a,b\r\n"x,y","z""w"\rlast')).toEqual([['a', 'b'], ['x,y', 'z"w'], ['last']]);
  });
});

describe('mapColumns', () => {
  it('matches Chinese, English and annotated headers, and names duplicates by column letter', () => {
    const ok = mapColumns({ header: ['Code', '单位名称*', '类型', '板块', '乡镇（街道）'], rows: [] }, UNIT_COLUMNS);
    expect(ok.errors).toEqual([]);
    expect(ok.columns).toMatchObject({ code: 0, name: 1, type: 2, sector: 3, town: 4 });
    const dup = mapColumns({ header: ['代码', '名称', '单位名称', '类型', '板块', '乡镇'], rows: [] }, UNIT_COLUMNS);
    expect(dup.errors).toEqual([expect.objectContaining({ row: 1, reason: expect.stringContaining('B列和C列') })]);
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
});
