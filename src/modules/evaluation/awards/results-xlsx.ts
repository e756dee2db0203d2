// The bureau's results list of a round (.xlsx): rank, tier, title, unit, authors, topic, sector, raw
// and normalised score, number of reviews, the spread flag, the hand adjustment's reason and the
// 推荐发布 mark. 导出人 / 导出时间 in an info row, the printed header and the workbook's properties, as
// the ideas list does; every text cell a spreadsheet could take for a formula is quoted (neutralize).
import ExcelJS from 'exceljs';
import { exportLine, neutralize } from '../../ideas/export/xlsx.ts';

export interface ResultRow {
  rank: number;
  tierLabel: string;
  computedTierLabel: string;
  reason: string | null;
  title: string;
  unitName: string;
  authors: string[];
  topic: string;
  sectorName: string;
  rawScore: number;
  normalizedScore: number | null;
  sheets: number;
  spread: number;
  flagged: boolean;
  excellent: boolean;
}

export interface ResultsXlsxOptions {
  roundTitle: string;
  /** 拟定 / 公示中 / 已确定, and the ranking mode, in words. */
  state: string;
  exportedBy: string;
  exportedAt: string;
}

const round2 = (x: number | null) => (x == null ? '' : Math.round(x * 100) / 100);

const COLUMNS: { header: string; width: number; value: (r: ResultRow) => string | number }[] = [
  { header: '名次', width: 6, value: (r) => r.rank },
  { header: '奖项', width: 9, value: (r) => r.tierLabel || '—' },
  { header: '题目', width: 36, value: (r) => r.title },
  { header: '单位', width: 24, value: (r) => r.unitName },
  { header: '作者', width: 18, value: (r) => r.authors.join('、') },
  { header: '议题', width: 16, value: (r) => r.topic },
  { header: '板块', width: 10, value: (r) => r.sectorName },
  { header: '原始分', width: 9, value: (r) => round2(r.rawScore) },
  { header: '标准化分', width: 9, value: (r) => round2(r.normalizedScore) },
  { header: '评审份数', width: 9, value: (r) => r.sheets },
  { header: '分差', width: 7, value: (r) => round2(r.spread) },
  { header: '分歧较大', width: 9, value: (r) => (r.flagged ? '是' : '否') },
  { header: '按规则奖项', width: 11, value: (r) => r.computedTierLabel || '—' },
  { header: '人工调整理由', width: 30, value: (r) => r.reason ?? '' },
  { header: '推荐发布', width: 9, value: (r) => (r.excellent ? '是' : '否') },
];

export const RESULT_HEADERS = COLUMNS.map((c) => c.header);

export async function renderResultsXlsx(rows: ResultRow[], opts: ResultsXlsxOptions): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.exportedBy;
  wb.lastModifiedBy = opts.exportedBy;
  wb.created = new Date(opts.exportedAt);
  wb.modified = new Date(opts.exportedAt);
  wb.title = `${opts.roundTitle} 评比结果`;
  wb.description = exportLine(opts.exportedBy, opts.exportedAt);
  const ws = wb.addWorksheet('评比结果', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
    headerFooter: { oddHeader: `&L${exportLine(opts.exportedBy, opts.exportedAt).replace(/&/g, '&&')}&R评比结果`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getCell('A1').value = neutralize(`${opts.roundTitle}　${opts.state}　${exportLine(opts.exportedBy, opts.exportedAt)}　共 ${rows.length} 条`);
  ws.getCell('A1').font = { size: 10, color: { argb: 'FF555555' } };
  const header = ws.getRow(2);
  COLUMNS.forEach((c, k) => {
    const cell = header.getCell(k + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  rows.forEach((r, n) => {
    const row = ws.getRow(n + 3);
    COLUMNS.forEach((c, k) => {
      const v = c.value(r);
      row.getCell(k + 1).value = typeof v === 'string' ? neutralize(v) : v;
    });
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: Math.max(2, rows.length + 2), column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
