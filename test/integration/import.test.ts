// Bulk import over HTTP (R1): the sample unit list, files with bad rows (nothing imported, every
// row named), a non-spreadsheet, and accounts with their one-time password sheet.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { requireSharedData } from '../helpers/env.ts';

const shared = requireSharedData();

function upload(content: Buffer | string, filename: string): FormData {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content)]), filename);
  return fd;
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeDialects('bulk import', (_dialect, getDb) => {
  let s: TestServer;
  let admin: Client;
  const unitCount = async () => Number((await s.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    ({ server: s, admin } = await startWithCast(getDb()));
  });
  afterAll(async () => s?.close());

  it.skipIf(!shared.available)('imports the 90 sample units of ../shared/data/units.csv', async () => {
    const before = await unitCount();
    const r = await admin.post('/api/org/import/units', upload(fs.readFileSync(path.join(shared.dir, 'units.csv')), 'units.csv'));
    expect(r.status, r.text).toBe(200);
    expect(r.body.imported).toBe(90);
    expect(await unitCount()).toBe(before + 90);
    const sectors = (await admin.get('/api/org/sectors')).body.items;
    expect(sectors.map((x: { unitCount: number }) => x.unitCount).reduce((a: number, b: number) => a + b, 0)).toBe(before + 90);
    const again = await admin.post('/api/org/import/units', upload(fs.readFileSync(path.join(shared.dir, 'units.csv')), 'units.csv'));
    expect(again.status).toBe(422);
    const rows = again.body.error.details.rows as { row: number; reason: string }[];
    expect(new Set(rows.map((x) => x.row)).size).toBe(90); // every code (and name) already exists
    expect(rows[0].reason).toMatch(/已存在/);
  });

  it('refuses a file with bad rows as a whole, naming each row and reason in Chinese', async () => {
    const before = await unitCount();
    const file = await xlsx([
      ['代码', '名称', '类型', '板块', '乡镇街道'],
      ['B001', '好学校', '小学', '城区板块', '安洲街道'],
      ['B002', '坏类型', '大学', '城区板块', '安洲街道'],
      ['B003', '坏板块', '小学', '北部板块', '安洲街道'],
      ['B001', '重复代码', '小学', '西部板块', '横溪镇'],
    ]);
    const r = await admin.post('/api/org/import/units', upload(file, '单位.xlsx'));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_INVALID');
    expect(r.body.error.message).toContain('未导入任何数据');
    const rows = r.body.error.details.rows as { row: number; reason: string }[];
    expect(rows.map((x) => x.row)).toEqual(expect.arrayContaining([3, 4, 5]));
    expect(rows.find((x) => x.row === 4)!.reason).toContain('北部板块');
    expect(await unitCount()).toBe(before);
  });

  it('refuses an empty sheet and a non-spreadsheet renamed to .xlsx with a clear message', async () => {
    const empty = await admin.post('/api/org/import/units', upload(await xlsx([['代码', '名称', '类型', '板块', '乡镇街道']]), 'empty.xlsx'));
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('FILE_INVALID');
    const fake = await admin.post('/api/org/import/units', upload('MZ\x90\x00 this is an exe', 'units.xlsx'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const none = await admin.post('/api/org/import/units', new FormData());
    expect(none.status).toBeGreaterThanOrEqual(400);
    expect(none.status).toBeLessThan(500);
  });

  it('imports accounts and answers with an .xlsx sheet of one-time passwords that work', async () => {
    const file = await xlsx([
      ['用户名', '姓名', '手机号', '邮箱', '单位代码', '角色'],
      ['zhang.wei', '张伟', '13800009901', '', 'T001', '教职工'],
      ['li.na', '李娜', 13800009902, 'lina@example.cn', 'T001', '单位管理员'],
    ]);
    const r = await admin.post('/api/org/import/users', upload(file, '账号.xlsx'));
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(r.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as never);
    const cells: string[][] = [];
    wb.worksheets[0].eachRow((row) => cells.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const zhang = cells.find((c) => c.includes('zhang.wei'))!;
    expect(zhang).toBeTruthy();
    const password = zhang.find((c) => c.length >= 12 && /[A-Z]/.test(c) && /\d/.test(c))!;
    const login = await new Client(s.url).login('zhang.wei', password);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const bad = await admin.post('/api/org/import/users', upload(await xlsx([['用户名', '姓名', '手机号', '邮箱', '单位代码', '角色'], ['zhang.wei', '重名', '', '', 'T001', '教职工']]), 'dup.xlsx'));
    expect(bad.status).toBe(422);
  });

  it('serves the import templates', async () => {
    const r = await admin.get('/api/org/import/template/units');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as never);
    expect(String(wb.worksheets[0].getRow(1).values)).toMatch(/代码|单位/);
  });
});
