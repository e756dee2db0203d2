// The bureau's .xlsx list of ideas (issue 3, item 7; checklist row 37): one row per idea with the
// form's fields, sector, unit type, 字数, status, receipt numbers and times (Asia/Shanghai). Personal
// data (the contact phone) only when the caller says so (the route decides by role and purpose). Who
// exported it and when is written three times: in a first info row, in the printed page header, and in
// the workbook's properties. Every text cell that a spreadsheet could take for a formula (= + - @, a
// tab or a CR first) is prefixed with ' (formula injection, row 37).
import ExcelJS from 'exceljs';
import { authorshipLine, shanghaiTime } from '../print/types.ts';
import { statusLabel, type ExportIdea } from './types.ts';

export interface XlsxOptions {
  includePersonalData: boolean;
  exportedBy: string;
  /** ISO instant. */
  exportedAt: string;
  /** The filters in words, e.g. "板块：城区板块；状态：已报送" (empty: all). */
  filters?: string;
}

export interface XlsxResult {
  buffer: Buffer;
  /** Keys of the columns written (for the audit record). */
  columns: string[];
  rows: number;
}

/** Prefixes ' to a string a spreadsheet would evaluate (OWASP CSV injection). */
export function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A cell holds at most 32,767 characters (Excel's limit). */
const CELL_MAX = 32_767;

interface Column {
  key: string;
  header: string;
  width: number;
  personal?: boolean;
  value: (i: ExportIdea, n: number) => string | number;
}

const yes = (b: boolean) => (b ? '是' : '否');

export const XLSX_COLUMNS: Column[] = [
  { key: 'no', header: '序号', width: 6, value: (_i, n) => n },
  { key: 'receiptNo', header: '回执号', width: 22, value: (i) => i.receiptNo ?? '' },
  { key: 'batchReceiptNo', header: '批次回执号', width: 20, value: (i) => i.batchReceiptNo ?? '' },
  { key: 'sector', header: '板块', width: 10, value: (i) => i.sectorName },
  { key: 'unit', header: '填写单位', width: 26, value: (i) => i.unitName },
  { key: 'unitType', header: '单位类型', width: 12, value: (i) => i.unitType },
  { key: 'contactName', header: '联系人', width: 10, value: (i) => i.contactName },
  { key: 'contactPhone', header: '联系电话', width: 15, personal: true, value: (i) => i.contactPhone },
  { key: 'authorship', header: '作者', width: 22, value: (i) => authorshipLine(i.authorship, i.authors, i.unitName) },
  { key: 'topic', header: '议题', width: 16, value: (i) => i.topic },
  { key: 'title', header: '题目', width: 36, value: (i) => i.title },
  { key: 'body', header: '建议内容', width: 60, value: (i) => (i.body.length > CELL_MAX ? `${i.body.slice(0, CELL_MAX - 12)}…（全文见汇编）` : i.body) },
  { key: 'charCount', header: '字数', width: 7, value: (i) => i.charCount },
  { key: 'status', header: '状态', width: 9, value: (i) => statusLabel(i.status) },
  { key: 'late', header: '逾期', width: 6, value: (i) => yes(i.late) },
  { key: 'imported', header: 'Word导入', width: 9, value: (i) => yes(i.imported) },
  { key: 'createdAt', header: '创建时间', width: 17, value: (i) => shanghaiTime(i.createdAt) },
  { key: 'sentAt', header: '送审时间', width: 17, value: (i) => shanghaiTime(i.sentAt) },
  { key: 'approvedAt', header: '审核时间', width: 17, value: (i) => shanghaiTime(i.approvedAt) },
  { key: 'submittedAt', header: '报送时间', width: 17, value: (i) => shanghaiTime(i.submittedAt) },
  { key: 'receivedAt', header: '接收时间', width: 17, value: (i) => shanghaiTime(i.receivedAt) },
];

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** The export line, with characters that mean something in a header/footer code (&) doubled. */
export function exportLine(by: string, atIso: string): string {
  return `导出人：${by}　导出时间：${shanghaiTime(atIso, true)}（北京时间）`;
}

export async function renderIdeasXlsx(ideas: ExportIdea[], opts: XlsxOptions): Promise<XlsxResult> {
  const columns = XLSX_COLUMNS.filter((c) => opts.includePersonalData || !c.personal);
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.exportedBy;
  wb.lastModifiedBy = opts.exportedBy;
  wb.created = new Date(opts.exportedAt);
  wb.modified = new Date(opts.exportedAt);
  wb.title = '金点子清单';
  wb.description = exportLine(opts.exportedBy, opts.exportedAt);

  const ws = wb.addWorksheet('金点子清单', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
    headerFooter: {
      oddHeader: `&L${exportLine(opts.exportedBy, opts.exportedAt).replace(/&/g, '&&')}&R金点子清单`,
      oddFooter: '&C第 &P 页，共 &N 页',
    },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));

  // Row 1: who and when (and what was filtered), across the sheet.
  const info = `${exportLine(opts.exportedBy, opts.exportedAt)}　共 ${ideas.length} 条${opts.filters ? `　筛选条件：${opts.filters}` : ''}${opts.includePersonalData ? '　含个人信息（联系电话），请妥善保管' : ''}`;
  const last = colName(columns.length);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = neutralize(info);
  ws.getCell('A1').font = { size: 10, color: { argb: 'FF555555' } };
  ws.getRow(1).height = 20;

  // Row 2: the header.
  const header = ws.getRow(2);
  columns.forEach((c, k) => {
    const cell = header.getCell(k + 1);
    cell.value = neutralize(c.header);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { bottom: { style: 'thin' } };
  });
  header.height = 22;

  ideas.forEach((idea, n) => {
    const row = ws.getRow(n + 3);
    columns.forEach((c, k) => {
      const v = c.value(idea, n + 1);
      row.getCell(k + 1).value = typeof v === 'string' ? neutralize(v) : v;
    });
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, ideas.length + 2), column: columns.length } };

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, columns: columns.map((c) => c.key), rows: ideas.length };
}
