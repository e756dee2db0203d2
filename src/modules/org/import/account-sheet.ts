// The spreadsheets the bureau office downloads for R1: the one-time list of initial accounts and
// passwords (初始账号清单) and the import templates. Pure: they return the bytes of an .xlsx.
import ExcelJS from 'exceljs';
import { ROLES, ROLE_LABELS, SECTORS, UNIT_TYPES, type Locale } from '../../../shared/roles.ts';
import { UNIT_COLUMNS, UNIT_TEMPLATE_EXAMPLE } from './units-import.ts';
import { USER_COLUMNS, USER_TEMPLATE_EXAMPLE } from './users-import.ts';

export interface AccountSheetEntry {
  username: string;
  name: string;
  unitName: string;
  /** Role labels in the sheet's language. */
  roles: string[];
  initialPassword: string;
}

/** A font every office PC has in which 0/O and 1/l/I differ, for passwords read off paper. */
const MONOSPACE_FONT = 'Courier New';
const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

const ACCOUNT_SHEET_TEXT = {
  'zh-CN': {
    sheet: '初始账号',
    title: '初始账号清单（请妥善保管，首次登录须修改密码）',
    generatedAt: (t: string) => `生成时间：${t}（北京时间）`,
    headers: ['序号', '用户名', '姓名', '单位', '角色', '初始密码'],
    roleSeparator: '、',
    note: '说明：初始密码仅在此清单中出现一次，请通过当面或其他安全方式告知本人；本清单用毕请销毁，不得转发或公开。',
  },
  'en-US': {
    sheet: 'Initial accounts',
    title: 'Initial accounts (keep this list safe; each password must be changed at first sign-in)',
    generatedAt: (t: string) => `Generated at: ${t} (Beijing time, UTC+8)`,
    headers: ['No.', 'Username', 'Name', 'Unit', 'Roles', 'Initial password'],
    roleSeparator: ', ',
    note: 'Note: the initial passwords appear only in this list. Hand each one to its owner in person or by another secure channel, then destroy the list; do not forward or publish it.',
  },
} as const;

/** Wall-clock time in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991). */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function buildAccountSheet(accounts: AccountSheetEntry[], locale: Locale, now: Date = new Date()): Promise<Buffer> {
  const text = ACCOUNT_SHEET_TEXT[locale] ?? ACCOUNT_SHEET_TEXT['zh-CN'];
  const workbook = newWorkbook(now);
  const ws = workbook.addWorksheet(text.sheet, {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  ws.columns = [{ width: 6 }, { width: 18 }, { width: 12 }, { width: 34 }, { width: 24 }, { width: 20 }];
  const lastCol = text.headers.length;

  ws.mergeCells(1, 1, 1, lastCol);
  const title = ws.getCell(1, 1);
  title.value = text.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;

  ws.mergeCells(2, 1, 2, lastCol);
  ws.getCell(2, 1).value = text.generatedAt(shanghaiDateTime(now));
  ws.getCell(2, 1).font = { size: 10, color: { argb: 'FF666666' } };

  const header = ws.getRow(3);
  header.values = [...text.headers];
  styleHeaderRow(header);

  accounts.forEach((a, i) => {
    const row = ws.addRow([i + 1, a.username, a.name, a.unitName, a.roles.join(text.roleSeparator), a.initialPassword]);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    const pw = row.getCell(6);
    pw.numFmt = '@';
    pw.font = { name: MONOSPACE_FONT, size: 12, bold: true };
  });

  const noteRow = ws.rowCount + 2;
  ws.mergeCells(noteRow, 1, noteRow, lastCol);
  const note = ws.getCell(noteRow, 1);
  note.value = text.note;
  note.font = { size: 10, color: { argb: 'FFC00000' } };
  note.alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(noteRow).height = 32;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function newWorkbook(now: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '金点子';
  workbook.created = now;
  workbook.modified = now;
  return workbook;
}

function styleHeaderRow(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.height = 22;
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  });
}

// ---- import templates ----

interface TemplateColumn {
  header: string;
  example: string;
  width: number;
  note: string;
  /** Kept as text so Excel does not turn codes and phone numbers into numbers. */
  text?: boolean;
  choices?: readonly string[];
}

const UNIT_TEMPLATE: TemplateColumn[] = [
  { header: UNIT_COLUMNS.code.zh, example: UNIT_TEMPLATE_EXAMPLE.code, width: 14, text: true, note: '必填。字母、数字、下划线或短横线，最长32位，不能与已有单位重复。' },
  { header: UNIT_COLUMNS.name.zh, example: UNIT_TEMPLATE_EXAMPLE.name, width: 36, note: '必填。单位全称，最多100个字，不能重复。' },
  { header: UNIT_COLUMNS.type.zh, example: UNIT_TEMPLATE_EXAMPLE.type, width: 16, choices: UNIT_TYPES, note: `必填。可选：${UNIT_TYPES.join('、')}。` },
  { header: UNIT_COLUMNS.sector.zh, example: UNIT_TEMPLATE_EXAMPLE.sector, width: 12, choices: SECTORS.map((s) => s.name), note: `必填。可选：${SECTORS.map((s) => s.name).join('、')}。` },
  { header: UNIT_COLUMNS.town.zh, example: UNIT_TEMPLATE_EXAMPLE.town, width: 14, note: '必填。单位所在的乡镇或街道。' },
  { header: UNIT_COLUMNS.contact.zh, example: UNIT_TEMPLATE_EXAMPLE.contact, width: 12, note: '选填。' },
  { header: UNIT_COLUMNS.phone.zh, example: UNIT_TEMPLATE_EXAMPLE.phone, width: 16, text: true, note: '选填。11位手机号，或带区号的固定电话，如0576-87771234。' },
];

const USER_TEMPLATE: TemplateColumn[] = [
  { header: USER_COLUMNS.username.zh, example: USER_TEMPLATE_EXAMPLE.username, width: 16, text: true, note: '必填。3～32位字母、数字、点、下划线或短横线，不区分大小写，不能重复。' },
  { header: USER_COLUMNS.name.zh, example: USER_TEMPLATE_EXAMPLE.name, width: 24, note: '必填。' },
  { header: USER_COLUMNS.mobile.zh, example: USER_TEMPLATE_EXAMPLE.mobile, width: 15, text: true, note: '选填。11位手机号，不能与其他账号重复。' },
  { header: USER_COLUMNS.email.zh, example: USER_TEMPLATE_EXAMPLE.email, width: 24, note: '选填。用于接收通知。' },
  { header: USER_COLUMNS.unitCode.zh, example: USER_TEMPLATE_EXAMPLE.unitCode, width: 12, text: true, note: '单位管理员、教职工必填，须为已导入单位的代码。' },
  { header: USER_COLUMNS.roles.zh, example: USER_TEMPLATE_EXAMPLE.roles, width: 22, note: `必填。可选：${ROLES.map((r) => ROLE_LABELS[r]['zh-CN']).join('、')}；多个角色用“、”分隔。` },
  { header: USER_COLUMNS.sector.zh, example: USER_TEMPLATE_EXAMPLE.sector, width: 12, choices: SECTORS.map((s) => s.name), note: '板块负责人必填。' },
];

const TEMPLATE_ROWS_WITH_CHOICES = 1000;

export async function buildImportTemplate(kind: 'units' | 'users'): Promise<Buffer> {
  const columns = kind === 'units' ? UNIT_TEMPLATE : USER_TEMPLATE;
  const workbook = newWorkbook(new Date());
  const ws = workbook.addWorksheet(kind === 'units' ? '单位导入' : '账号导入', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ width: c.width, style: c.text ? { numFmt: '@' } : {} }));
  const header = ws.getRow(1);
  header.values = columns.map((c) => c.header);
  styleHeaderRow(header);
  columns.forEach((c, i) => {
    header.getCell(i + 1).note = c.note;
  });
  const example = ws.addRow(columns.map((c) => c.example));
  example.font = { color: { argb: 'FF808080' }, italic: true };
  columns.forEach((c, i) => {
    if (!c.choices) return;
    for (let r = 2; r <= TEMPLATE_ROWS_WITH_CHOICES + 1; r++) {
      ws.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
        errorTitle: '输入有误',
        error: `请从下拉列表中选择：${c.choices.join('、')}`,
      };
    }
  });

  const guide = workbook.addWorksheet('填写说明');
  guide.getColumn(1).width = 100;
  const lines = [
    kind === 'units' ? '单位导入填写说明' : '账号导入填写说明',
    '1. 只导入第一个工作表；第1行为表头，请勿修改或删除表头。',
    '2. 第2行为灰色示例行，导入前请删除。',
    '3. 每行填写一条记录；标注“必填”的列不能为空（将鼠标移到表头可查看要求）。',
    '4. 文件中任何一行有误时，整个文件都不会导入，系统会逐行列出错误原因，修改后重新上传即可。',
    `5. 一次最多导入5000行，文件不超过10 MB；支持 .xlsx 和 .csv 格式。`,
    ...(kind === 'users' ? ['6. 导入成功后系统生成初始密码清单（仅可下载一次），首次登录须修改密码。'] : []),
  ];
  lines.forEach((line, i) => {
    const cell = guide.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
