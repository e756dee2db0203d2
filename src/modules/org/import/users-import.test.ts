import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { SECTORS } from '../../../shared/roles.ts';
import { readSheetRows, type SheetRows } from './spreadsheet.ts';
import { parseRole, splitRoles, validateUserRows, type UserImportContext } from './users-import.ts';

const sectors = SECTORS.map((s, i) => ({ id: i + 1, code: s.code, name: s.name }));
const ctx = (over: Partial<UserImportContext> = {}): UserImportContext => ({
  sectors,
  unitsByCode: new Map([
    ['XJ001', { id: 11, name: '仙居县启航小学', sectorId: 1 }],
    ['XJ002', { id: 12, name: '仙居县春晖小学', sectorId: 1 }],
  ]),
  existingUsernames: new Set(['admin']),
  existingMobiles: new Set(['13800000001']),
  ...over,
});
const HEADER = ['用户名', '姓名', '手机号', '邮箱', '单位代码', '角色', '板块'];
const sheetOf = (rows: string[][], header = HEADER): SheetRows => ({ header, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) });

describe('validateUserRows', () => {
  it('accepts valid accounts with several roles, normalising usernames and full-width mobiles', () => {
    const result = validateUserRows(
      sheetOf([
        ['ChenSY', '陈思远', '１３８０００１２３４５', 'chen@example.com', 'xj001', '单位管理员、教职工', ''],
        ['li.song', '李松', '', '', '', '领导小组；板块负责人', '城区'],
        ['judge_01', '王评审', '138-0000-5678', '', '', 'judge', ''],
      ]),
      ctx(),
    );
    expect(result).toEqual({
      ok: true,
      users: [
        { row: 2, username: 'chensy', name: '陈思远', mobile: '13800012345', email: 'chen@example.com', unitId: 11, unitCode: 'XJ001', roles: [{ role: 'unit_admin', sectorId: null }, { role: 'member', sectorId: null }] },
        { row: 3, username: 'li.song', name: '李松', mobile: null, email: null, unitId: null, unitCode: null, roles: [{ role: 'leader', sectorId: null }, { role: 'sector_leader', sectorId: 1 }] },
        { row: 4, username: 'judge_01', name: '王评审', mobile: '13800005678', email: null, unitId: null, unitCode: null, roles: [{ role: 'judge', sectorId: null }] },
      ],
    });
  });

  it('reports every problem of every row', () => {
    const result = validateUserRows(
      sheetOf([
        ['ab', '', '1380000123', 'not-an-email', 'XJ999', '校长', ''],
        ['teacher1', '赵老师', '13800002222', '', '', '教职工', ''],
        ['sector9', '钱主任', '', '', '', '板块负责人', ''],
        ['sector8', '孙主任', '', '', '', '板块负责人', '北部板块'],
        ['nobody', '周老师', '', '', '', '', ''],
      ]),
      ctx(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reasons = (row: number) => result.errors.filter((e) => e.row === row).map((e) => e.reason);
    expect(reasons(2)).toEqual([
      '用户名“ab”格式不正确（3～32位，只能由字母、数字、点、下划线或短横线组成）',
      '姓名为空',
      '手机号“1380000123”格式不正确（应为11位大陆手机号）',
      '邮箱“not-an-email”格式不正确',
      '单位代码“XJ999”不存在，请先导入单位',
      '角色“校长”无效（可选：局办公室管理员、领导小组、板块负责人、教育督导室、单位管理员、教职工、评委；多个角色用“、”分隔）',
    ]);
    expect(reasons(3)).toEqual(['角色“教职工”必须填写单位代码']);
    expect(reasons(4)).toEqual(['角色“板块负责人”必须填写负责的板块（可选：城区板块、西部板块、中部板块、东部板块）']);
    expect(reasons(5)).toEqual(['板块“北部板块”不存在（可选：城区板块、西部板块、中部板块、东部板块）']);
    expect(reasons(6)).toEqual(['角色为空（可选：局办公室管理员、领导小组、板块负责人、教育督导室、单位管理员、教职工、评委）']);
    for (const e of result.errors) expect(e.reasonEn).toMatch(/[A-Za-z]{3}/);
  });

  it('finds duplicate usernames and mobiles within the file and against existing accounts', () => {
    const result = validateUserRows(
      sheetOf([
        ['zhang.wei', '张伟', '13800003333', '', 'XJ001', '教职工', ''],
        ['ＺＨＡＮＧ.WEI', '张伟', '１３８００００３３３３', '', 'XJ002', '教职工', ''],
        ['Admin', '管理员', '13800000001', '', '', '评委', ''],
      ]),
      ctx(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.reason])).toEqual([
      [3, '用户名“zhang.wei”重复：第2行和第3行使用了同一用户名'],
      [3, '手机号“13800003333”重复：第2行和第3行使用了同一手机号'],
      [4, '用户名“admin”已被使用'],
      [4, '手机号“13800000001”已被其他账号使用'],
    ]);
  });

  it('answers missing columns on row 1 and stops the template’s example row', () => {
    expect(validateUserRows(sheetOf([['a', 'b']], ['用户名', '姓名']), ctx())).toMatchObject({ ok: false, errors: [{ row: 1, reason: expect.stringContaining('“角色”') }] });
    expect(validateUserRows(sheetOf([['example01', '张三', '', '', '', '评委', '']]), ctx())).toMatchObject({ ok: false, errors: [{ row: 2, reason: expect.stringContaining('示例行') }] });
  });

  it('reads an .xlsx with English headers and a mobile stored as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('accounts');
    ws.addRow(['username', 'name', 'mobile', 'email', 'unit_code', 'role', 'sector']);
    ws.addRow(['wang.teacher', '王老师', 13800004444, '', 'XJ001', 'member', '']);
    const sheet = await readSheetRows(Buffer.from(await wb.xlsx.writeBuffer()), 'accounts.xlsx');
    expect(validateUserRows(sheet, ctx())).toMatchObject({ ok: true, users: [{ username: 'wang.teacher', mobile: '13800004444', unitId: 11 }] });
  });
});

describe('role parsing', () => {
  it('splits on 、 , ; ； and reads labels, ids and everyday words', () => {
    expect(splitRoles('单位管理员、教职工; judge，评委；member')).toEqual(['单位管理员', '教职工', 'judge', '评委', 'member']);
    expect(parseRole('Sector leader')).toBe('sector_leader');
    expect(parseRole('教育督导室')).toBe('inspector');
    expect(parseRole('教师')).toBe('member');
    expect(parseRole('校长')).toBeNull();
  });
});
