import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { SECTORS } from '../../../shared/roles.ts';
import { buildAccountSheet, buildImportTemplate, shanghaiDateTime } from './account-sheet.ts';
import { readSheetRows } from './spreadsheet.ts';
import { UNIT_COLUMNS, validateUnitRows } from './units-import.ts';
import { USER_COLUMNS, validateUserRows } from './users-import.ts';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const accounts = [
  { username: 'chensy', name: '陈思远', unitName: '仙居县启航小学', roles: ['单位管理员', '教职工'], initialPassword: 'Xj#0O1lI-2017' },
  { username: 'judge01', name: '王评审', unitName: '', roles: ['评委'], initialPassword: '00123456' },
];

describe('buildAccountSheet', () => {
  it('writes the title, the generation time in Beijing time, a header and one row per account', async () => {
    const now = new Date('2017-09-30T17:05:00Z'); // 2017-10-01 01:05 in Asia/Shanghai
    const ws = (await load(await buildAccountSheet(accounts, 'zh-CN', now))).worksheets[0];
    expect(ws.getCell('A1').value).toBe('初始账号清单（请妥善保管，首次登录须修改密码）');
    expect(ws.getCell('A2').value).toBe('生成时间：2017-10-01 01:05（北京时间）');
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '用户名', '姓名', '单位', '角色', '初始密码']);
    expect(ws.getRow(4).values).toEqual([undefined, 1, 'chensy', '陈思远', '仙居县启航小学', '单位管理员、教职工', 'Xj#0O1lI-2017']);
    expect(ws.getCell('F5').value).toBe('00123456'); // stays text: no leading zeros lost
    expect(ws.getCell('F4').font?.name).toBe('Courier New');
    expect(ws.getColumn(4).width).toBeGreaterThan(20);
    expect(ws.getColumn(6).width).toBeGreaterThanOrEqual(16);
    expect(String(ws.getCell('A7').value)).toContain('安全方式告知本人');
  });

  it('speaks English for en-US', async () => {
    const ws = (await load(await buildAccountSheet(accounts.slice(0, 1), 'en-US', new Date('2017-09-06T02:00:00Z')))).worksheets[0];
    expect(String(ws.getCell('A1').value)).toMatch(/^Initial accounts/);
    expect(ws.getCell('A2').value).toBe('Generated at: 2017-09-06 10:00 (Beijing time, UTC+8)');
    expect(ws.getCell('E4').value).toBe('单位管理员, 教职工');
  });

  it('formats Shanghai time across the date line', () => {
    expect(shanghaiDateTime(new Date('2017-10-20T15:59:59.999Z'))).toBe('2017-10-20 23:59');
  });
});

describe('buildImportTemplate', () => {
  it('gives the units template with Chinese headers and an example row the validator recognises', async () => {
    const buffer = await buildImportTemplate('units');
    const ws = (await load(buffer)).worksheets[0];
    expect(ws.getRow(1).values).toEqual([undefined, ...Object.values(UNIT_COLUMNS).map((c) => c.zh)]);
    expect(ws.getCell('C3').dataValidation?.formulae?.[0]).toContain('九年一贯制学校');
    const sheet = await readSheetRows(buffer, '单位导入模板.xlsx');
    expect(sheet.rows).toHaveLength(1);
    const sectors = SECTORS.map((s, i) => ({ id: i + 1, code: s.code, name: s.name }));
    const result = validateUnitRows(sheet, { sectors, existingUnitCodes: new Set() });
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2, reason: expect.stringContaining('示例行') }] });
    // The same row, with its code changed, is a valid unit: the example is a correct one.
    sheet.rows[0].cells[0] = 'X1';
    expect(validateUnitRows(sheet, { sectors, existingUnitCodes: new Set() }).ok).toBe(true);
  });

  it('gives the accounts template with Chinese headers and an example row', async () => {
    const buffer = await buildImportTemplate('users');
    const wb = await load(buffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, ...Object.values(USER_COLUMNS).map((c) => c.zh)]);
    expect(wb.worksheets[1].name).toBe('填写说明');
    const sheet = await readSheetRows(buffer, '账号导入模板.xlsx');
    sheet.rows[0].cells[0] = 'zhangsan';
    const ctx = { sectors: [], unitsByCode: new Map([['DEMO001', { id: 1, name: '示例' }]]), existingUsernames: new Set<string>(), existingMobiles: new Set<string>() };
    expect(validateUserRows(sheet, ctx)).toMatchObject({ ok: true, users: [{ username: 'zhangsan', unitId: 1, roles: [{ role: 'unit_admin' }, { role: 'member' }] }] });
  });
});
