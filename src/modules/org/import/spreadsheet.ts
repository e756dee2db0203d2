// Reads the first worksheet of an uploaded .xlsx or .csv into plain trimmed strings, for the bulk
// imports of R1. Pure: no database, no HTTP. Anything that is not a readable spreadsheet ends in a
// SpreadsheetError with a stable code and a message in both languages, never in a raw library error.
import path from 'node:path';
import ExcelJS from 'exceljs';

export const SPREADSHEET_LIMITS = {
  /** Upload size cap: a county's unit or staff list is far below this. */
  maxBytes: 10 * 1024 * 1024,
  /** Data rows (header excluded) in one import; larger lists are imported in batches. */
  maxDataRows: 5000,
} as const;

export type SpreadsheetErrorCode = 'FILE_TOO_LARGE' | 'FILE_EMPTY' | 'FILE_UNREADABLE' | 'UNSUPPORTED_FILE_TYPE' | 'TOO_MANY_ROWS';

export class SpreadsheetError extends Error {
  readonly code: SpreadsheetErrorCode;
  /** Message for zh-CN users. */
  readonly zh: string;
  /** Message for en-US users. */
  readonly en: string;
  constructor(code: SpreadsheetErrorCode, zh: string, en: string) {
    super(en);
    this.name = 'SpreadsheetError';
    this.code = code;
    this.zh = zh;
    this.en = en;
  }
}

export interface SheetRow {
  /** The row number the spreadsheet program shows (the header is normally row 1). */
  rowNumber: number;
  cells: string[];
}

export interface SheetRows {
  header: string[];
  rows: SheetRow[];
  /** Row number of the header (the first non-blank row); 1 when omitted. */
  headerRowNumber?: number;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]); // legacy .xls / .et (compound file)

const unreadableXlsx = () =>
  new SpreadsheetError(
    'FILE_UNREADABLE',
    '文件无法读取：不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。',
    'The file cannot be read: it is not a valid Excel (.xlsx) workbook; it may be damaged or merely renamed. Open it in Excel or WPS, save it as .xlsx and upload it again.',
  );

export async function readSheetRows(buffer: Buffer, filename: string): Promise<SheetRows> {
  if (buffer.length > SPREADSHEET_LIMITS.maxBytes) {
    const mb = (buffer.length / 1024 / 1024).toFixed(1);
    throw new SpreadsheetError('FILE_TOO_LARGE', `文件过大（${mb} MB），上限为 10 MB。`, `The file is too large (${mb} MB); the limit is 10 MB.`);
  }
  const ext = path.extname(filename ?? '').toLowerCase();
  if (ext === '.xls' || ext === '.et') {
    throw new SpreadsheetError(
      'UNSUPPORTED_FILE_TYPE',
      `不支持旧版 ${ext} 格式，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。`,
      `The old ${ext} format is not supported. Save the file as .xlsx in Excel or WPS and upload it again.`,
    );
  }
  if (ext !== '.xlsx' && ext !== '.csv') {
    throw new SpreadsheetError(
      'UNSUPPORTED_FILE_TYPE',
      `不支持的文件类型“${ext || '无扩展名'}”，请上传 .xlsx 或 .csv 文件（可下载导入模板填写）。`,
      `Unsupported file type "${ext || 'no extension'}". Upload an .xlsx or .csv file (the import template can be downloaded).`,
    );
  }
  if (buffer.length === 0) throw emptyFile();
  // Content decides, not the name: a workbook saved with a .csv name is still read as a workbook.
  const isZip = buffer.subarray(0, 4).equals(ZIP_MAGIC);
  const raw = isZip ? await readXlsxRows(buffer) : ext === '.xlsx' ? rejectNonZip(buffer) : readCsvRows(buffer);
  return toSheetRows(raw);
}

function rejectNonZip(buffer: Buffer): never {
  if (buffer.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new SpreadsheetError(
      'FILE_UNREADABLE',
      '这是旧版 .xls 格式的文件（只是扩展名为 .xlsx），请在 Excel 或 WPS 中另存为 .xlsx 后再上传。',
      'This is an old-format .xls file with an .xlsx name. Save it as .xlsx in Excel or WPS and upload it again.',
    );
  }
  throw unreadableXlsx();
}

const emptyFile = () =>
  new SpreadsheetError('FILE_EMPTY', '文件是空的：第一个工作表中没有任何内容。', 'The file is empty: the first worksheet has no content.');

/** Keeps non-blank rows, takes the first as the header and enforces the row cap. */
function toSheetRows(raw: SheetRow[]): SheetRows {
  const nonBlank = raw.filter((r) => r.cells.some((c) => c !== ''));
  if (nonBlank.length === 0) throw emptyFile();
  const [head, ...rows] = nonBlank;
  if (rows.length === 0) {
    throw new SpreadsheetError('FILE_EMPTY', '文件只有表头，没有数据行。请在表头下方逐行填写后再上传。', 'The file has a header but no data rows. Fill in one row per record below the header and upload it again.');
  }
  if (rows.length > SPREADSHEET_LIMITS.maxDataRows) {
    throw new SpreadsheetError(
      'TOO_MANY_ROWS',
      `数据行过多（${rows.length} 行），一次最多导入 ${SPREADSHEET_LIMITS.maxDataRows} 行，请分批导入。`,
      `Too many data rows (${rows.length}); at most ${SPREADSHEET_LIMITS.maxDataRows} can be imported at once. Split the file into batches.`,
    );
  }
  const header = [...head.cells];
  while (header.length && header[header.length - 1] === '') header.pop();
  const width = Math.max(header.length, ...rows.map((r) => r.cells.length));
  const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  return { header, rows: rows.map((r) => ({ rowNumber: r.rowNumber, cells: pad(r.cells) })), headerRowNumber: head.rowNumber };
}

// ---- .xlsx ----

async function readXlsxRows(buffer: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw unreadableXlsx();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw emptyFile();
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellValueToText(row.getCell(c).value));
    rows.push({ rowNumber, cells });
  });
  return rows;
}

/** Plain text of a cell as the user sees it, without number formatting artefacts. */
export function cellValueToText(value: ExcelJS.CellValue | { richText: ExcelJS.RichText[] } | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return numberToText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateToText(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
  if ('hyperlink' in value) return cellValueToText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellValueToText(value.result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

/** A phone number stored as a number comes back as "13800001234", never "1.38e10" or "…​.0". */
export function numberToText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const clean = Number(n.toPrecision(15)); // drops binary noise such as 0.30000000000000004
  return clean.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** exceljs reads date cells as UTC instants of the wall-clock value shown in the sheet. */
function dateToText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (time === '00:00:00') return date;
  return `${date} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

// ---- .csv ----

function readCsvRows(buffer: Buffer): SheetRow[] {
  const text = decodeCsv(buffer);
  if (text.includes('\u0000')) {
    throw new SpreadsheetError('FILE_UNREADABLE', '文件无法读取：不是文本格式的 CSV 文件。', 'The file cannot be read: it is not a text CSV file.');
  }
  const records = parseCsv(text, detectDelimiter(text));
  return records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) }));
}

/**
 * UTF-8 (with or without BOM) first; UTF-16 when it has a BOM (Excel's "Unicode text"); otherwise
 * GB18030, a superset of GBK, which Excel on Chinese Windows uses for "CSV (逗号分隔)".
 */
export function decodeCsv(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return new TextDecoder('utf-8').decode(buffer.subarray(3));
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** Comma unless the header line clearly uses tabs or semicolons (European Excel, "Unicode text"). */
function detectDelimiter(text: string): string {
  const newline = text.search(/\r|\n/);
  const firstLine = (newline === -1 ? text : text.slice(0, newline)).replace(/"[^"]*"/g, '');
  const count = (d: string) => firstLine.split(d).length - 1;
  const best = [',', '\t', ';'].map((d) => ({ d, n: count(d) })).sort((a, b) => b.n - a.n)[0];
  return best.n > count(',') ? best.d : ',';
}

/** RFC 4180: quoted fields may hold delimiters, line breaks and "" for a quote; CRLF, LF or CR end a record. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteOpenedAt = 0;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      field = '';
      inQuotes = true;
      quoteOpenedAt = records.length + 1;
    } else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (inQuotes) {
    throw new SpreadsheetError(
      'FILE_UNREADABLE',
      `CSV 文件格式有误：第 ${quoteOpenedAt} 行的英文双引号没有成对出现。`,
      `The CSV file is malformed: a double quote opened in row ${quoteOpenedAt} is never closed.`,
    );
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

// ---- columns ----

/** One problem of one row, for the row-by-row error report (row 1 = the header). */
export interface ImportRowError {
  row: number;
  /** zh-CN reason without the "第N行" prefix, so the UI can show it in a table. */
  reason: string;
  reasonEn: string;
}

export interface ColumnSpec {
  /** Header names accepted, Chinese or English; compared after NFKC, case- and space-insensitively. */
  aliases: readonly string[];
  required: boolean;
  zh: string;
  en: string;
}

/** Header text as compared: NFKC, no spaces or "*" marks, lower case. */
function headerKey(h: string): string {
  return h.normalize('NFKC').replace(/[\s*＊]/g, '').toLowerCase();
}

/** Column letter as Excel and WPS show it: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Finds each field's column by its header. A header may carry a note in brackets ("乡镇（街道）",
 * "手机号(选填)"); it is matched with and without it. Unknown columns are ignored.
 */
export function mapColumns<F extends string>(sheet: SheetRows, spec: Record<F, ColumnSpec>): { columns: Partial<Record<F, number>>; errors: ImportRowError[] } {
  const row = sheet.headerRowNumber ?? 1;
  const byKey = new Map<string, F>();
  for (const field of Object.keys(spec) as F[]) for (const a of spec[field].aliases) byKey.set(headerKey(a), field);
  const columns: Partial<Record<F, number>> = {};
  const errors: ImportRowError[] = [];
  sheet.header.forEach((h, i) => {
    const key = headerKey(h);
    const field = byKey.get(key) ?? byKey.get(key.replace(/\([^)]*\)$/, '')) ?? byKey.get(key.replace(/\(.*$/, ''));
    if (!field) return;
    const first = columns[field];
    if (first !== undefined) {
      errors.push({
        row,
        reason: `表头“${spec[field].zh}”出现了两次（${columnLetter(first)}列和${columnLetter(i)}列），请只保留一列`,
        reasonEn: `The column "${spec[field].en}" appears twice (columns ${columnLetter(first)} and ${columnLetter(i)}); keep only one`,
      });
    } else columns[field] = i;
  });
  const missing = (Object.keys(spec) as F[]).filter((f) => spec[f].required && columns[f] === undefined);
  if (missing.length) {
    errors.push({
      row,
      reason: `缺少必填列：${missing.map((f) => `“${spec[f].zh}”`).join('、')}。请使用导入模板，表头可用中文或英文（如“${spec[missing[0]].zh}”或“${spec[missing[0]].aliases.find((a) => /^[a-z_]+$/.test(a)) ?? spec[missing[0]].zh}”）`,
      reasonEn: `Required column(s) missing: ${missing.map((f) => `"${spec[f].en}"`).join(', ')}. Use the import template; headers may be in Chinese or English`,
    });
  }
  return { columns, errors };
}

/** The trimmed cell of a field, '' when the column is absent. */
export function cellOf<F extends string>(row: SheetRow, columns: Partial<Record<F, number>>, field: F): string {
  const i = columns[field];
  return i === undefined ? '' : (row.cells[i] ?? '').trim();
}

/** Length in characters as a reader counts them (a supplementary-plane Han character is one). */
export function charLength(s: string): number {
  return [...s].length;
}
