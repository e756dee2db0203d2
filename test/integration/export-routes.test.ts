// The bureau's exports over HTTP (issue 3, item 7; row 37) on SQLite and PostgreSQL: who may export,
// phones only for the bureau admin with a purpose, an audit row with row count and columns, the
// formula-injection quote in the real file, the filters of GET /api/ideas, and the compiled volume
// (.docx read back with mammoth, .pdf with pdftotext) in sector-then-unit order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';
import { assertAvailable, requirePdftotext } from '../helpers/env.ts';

const poppler = requirePdftotext();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-export-http-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const squash = (s: string) => s.replace(/\s+/g, '');
const EVIL = "=cmd|' /C calc'!A0";

async function sheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('金点子清单')!;
  const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let r = 3; r <= ws.rowCount; r++) rows.push(Object.fromEntries(headers.map((h, k) => [h, ws.getRow(r).getCell(k + 1).value])));
  return { ws, headers, rows, info: String(ws.getCell('A1').value) };
}

describeDialects('exports: .xlsx list and compiled volume', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  const c: Record<string, Client> = {};

  beforeAll(async () => {
    assertAvailable(poppler);
    let admin: Client;
    ({ server: s, admin } = await startWithCast(getDb()));
    c.admin = admin;
    await startCampaign2017(admin);
    for (const u of ['leader', 'inspector', 'sector', 'unitadmin', 'member', 'memberb', 'unitadminb']) {
      c[u] = new Client(s.url);
      await c[u].login(u, PASSWORD);
    }
    // Unit B (西部, 横溪中学) seals first: the volume must still put 城区 (unit A) first.
    const b = [
      await approvedIdea(c.memberb, c.unitadminb, { title: '乙校建议一：加强山区学校音体美教学', contactPhone: '13900000002', contactName: '乙联系人' }),
      await approvedIdea(c.memberb, c.unitadminb, { title: '乙校建议二：建设乡村少年宫', contactPhone: '13900000002', contactName: '乙联系人' }),
    ];
    expect((await c.unitadminb.post('/api/batches', { ideaIds: b }, { 'Idempotency-Key': 'export-test-batch-b' })).status).toBe(201);
    const a = [
      await approvedIdea(c.member, c.unitadmin, { title: EVIL, contactPhone: '13800000777', contactName: '甲联系人', topic: '课堂教学改革' }),
      await approvedIdea(c.member, c.unitadmin, { title: '甲校建议二：推行小班化教学', contactPhone: '13800000777', contactName: '甲联系人' }),
    ];
    expect((await c.unitadmin.post('/api/batches', { ideaIds: a }, { 'Idempotency-Key': 'export-test-batch-a' })).status).toBe(201);
    // A draft never reaches an export.
    expect((await c.member.post('/api/ideas', { title: '未送审的草稿' })).status).toBe(201);
  });
  afterAll(async () => s?.close());

  it('lets the bureau admin, leader and inspector export; refuses the others', async () => {
    for (const u of ['admin', 'leader', 'inspector']) {
      for (const p of ['/api/ideas/export.xlsx', '/api/ideas/volume.docx', '/api/ideas/volume.pdf']) expect((await c[u].get(p)).status, `${u} ${p}`).toBe(200);
    }
    for (const u of ['sector', 'unitadmin', 'member']) {
      for (const p of ['/api/ideas/export.xlsx', '/api/ideas/volume.docx', '/api/ideas/volume.pdf']) expect((await c[u].get(p)).status, `${u} ${p}`).toBe(403);
    }
    expect((await new Client(s.url).get('/api/ideas/export.xlsx')).status).toBe(401);
  });

  it('.xlsx: one row per submitted idea with the form fields; no phones without a purpose; audit row with rows and columns', async () => {
    const r = await c.admin.get('/api/ideas/export.xlsx');
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="jindianzi-ideas-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''%E9%87%91%E7%82%B9%E5%AD%90%E6%B8%85%E5%8D%95_/);
    const x = await sheet(r.body);
    expect(x.rows).toHaveLength(4);
    expect(x.headers).not.toContain('联系电话');
    expect(x.rows.map((row) => row['题目'])).not.toContain('未送审的草稿');
    expect(x.rows.find((row) => row['题目'] === '乙校建议二：建设乡村少年宫')).toMatchObject({ 板块: expect.any(String), 填写单位: '横溪中学', 单位类型: '初中', 联系人: '乙联系人', 状态: '已报送', 字数: 520 });
    expect(String(x.rows[0]['回执号'])).toMatch(/^2017-\d+-T00\d-\d\d$/);
    expect(String(x.rows[0]['批次回执号'])).toMatch(/^2017-\d+-T00\d-B1$/);
    expect(String(x.rows[0]['报送时间'])).toBe('2017-09-20 10:00');
    expect(r.text).not.toContain('13900000002');
    expect(x.info).toContain('导出人：用户admin（admin）');
    expect(x.info).toContain('导出时间：2017-09-20 10:00:00（北京时间）');
    expect(x.ws.headerFooter.oddHeader).toContain('导出人：用户admin（admin）');
    const audit = await sql<{ target_type: string; target_id: string }>`SELECT target_type, target_id FROM audit_log WHERE action = 'ideas.export.xlsx' AND outcome = 'success' ORDER BY seq DESC`.execute(s.database.db);
    expect(audit.rows[0]).toEqual({ target_type: 'ideas_export', target_id: `rows=4;cols=${x.headers.length};pd=0` });
  });

  it('.xlsx: phones for the bureau admin who states a purpose (audited with it); never for the leader', async () => {
    const r = await c.admin.get(`/api/ideas/export.xlsx?purpose=${encodeURIComponent('通知获奖单位联系人')}`);
    const x = await sheet(r.body);
    expect(x.headers).toContain('联系电话');
    expect(x.rows.map((row) => row['联系电话']).sort()).toEqual(['13800000777', '13800000777', '13900000002', '13900000002']);
    const audit = await sql<{ target_type: string; target_id: string }>`SELECT target_type, target_id FROM audit_log WHERE action = 'ideas.export.xlsx' AND outcome = 'success' ORDER BY seq DESC`.execute(s.database.db);
    expect(audit.rows[0]).toEqual({ target_type: 'ideas_export_pd', target_id: `rows=4;cols=${x.headers.length};pd=1;purpose=通知获奖单位联系人` });

    const leader = await sheet((await c.leader.get(`/api/ideas/export.xlsx?purpose=${encodeURIComponent('想看电话')}`)).body);
    expect(leader.headers).not.toContain('联系电话');
    expect(JSON.stringify(leader.rows)).not.toMatch(/13[89]000007?\d+/);
    expect((await c.admin.get('/api/ideas/export.xlsx?purpose=x')).status).toBe(400); // a purpose is a sentence, not a letter
  });

  it('.xlsx: the idea titled =cmd|\' /C calc\'!A0 comes out as text with a leading quote (row 37)', async () => {
    const x = await sheet((await c.inspector.get('/api/ideas/export.xlsx')).body);
    expect(x.rows.map((row) => row['题目'])).toContain(`'${EVIL}`);
    x.ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(typeof cell.value === 'object' && cell.value !== null && 'formula' in cell.value).toBe(false);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('.xlsx: takes the filters of GET /api/ideas (unit, text search, 字数), and says so in the info row', async () => {
    const list = await c.admin.get('/api/ideas?pageSize=50');
    const unitB = list.body.items.find((i: { unit: { name: string } }) => i.unit.name === '横溪中学').unit;
    const byUnit = await sheet((await c.admin.get(`/api/ideas/export.xlsx?unitId=${unitB.id}`)).body);
    expect(byUnit.rows.map((row) => row['填写单位'])).toEqual(['横溪中学', '横溪中学']);
    expect(byUnit.info).toContain('单位：横溪中学');
    const bySector = await sheet((await c.admin.get(`/api/ideas/export.xlsx?sectorId=${unitB.sectorId}`)).body);
    expect(bySector.rows).toHaveLength(2);
    const byText = await sheet((await c.admin.get(`/api/ideas/export.xlsx?q=${encodeURIComponent('少年宫')}`)).body);
    expect(byText.rows.map((row) => row['题目'])).toEqual(['乙校建议二：建设乡村少年宫']);
    expect(byText.info).toContain('关键词：少年宫');
    const none = await sheet((await c.admin.get('/api/ideas/export.xlsx?minChars=100000')).body);
    expect(none.rows).toHaveLength(0);
    expect((await c.admin.get('/api/ideas/export.xlsx?bogus=1')).status).toBe(400);
  });

  it('volume.docx: cover, contents, ideas grouped by sector then unit; no phones; audited', async () => {
    const r = await c.leader.get('/api/ideas/volume.docx');
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('金点子汇编_')}`);
    const { value } = await mammoth.extractRawText({ buffer: r.body });
    const t = squash(value);
    expect(t).toContain('金点子汇编');
    expect(t).toContain('目录');
    // In this order twice: in the contents, then in the body.
    const order = ['城区板块', '城关第一小学', squash(EVIL), '甲校建议二', '西部板块', '横溪中学', '乙校建议一', '乙校建议二'];
    let at = t.indexOf('目录');
    for (const o of [...order, ...order]) {
      const i = t.indexOf(o, at + 1);
      expect(i, o).toBeGreaterThan(at);
      at = i;
    }
    expect(t).not.toMatch(/13[89]000007?\d+/);
    const audit = await sql<{ target_id: string }>`SELECT target_id FROM audit_log WHERE action = 'ideas.export.volume' AND outcome = 'success' ORDER BY seq DESC`.execute(s.database.db);
    expect(audit.rows[0].target_id).toBe('rows=4;format=docx');
  });

  it('volume.pdf: the same order, a contents page with page numbers, Chinese text extracting back', async () => {
    const r = await c.admin.get(`/api/ideas/volume.pdf?sectorId=`);
    expect(r.status).toBe(400); // an empty id is not "all"
    const ok = await c.admin.get('/api/ideas/volume.pdf');
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    const f = path.join(tmp, 'v.pdf');
    fs.writeFileSync(f, ok.body);
    const t = squash(execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }));
    const start = t.indexOf('目录');
    let at = start;
    for (const o of ['城区板块', '城关第一小学', '甲校建议二', '西部板块', '横溪中学', '乙校建议一', '乙校建议二']) {
      const i = t.indexOf(o, at);
      expect(i, o).toBeGreaterThan(at);
      at = i;
    }
    // The contents' page number for 横溪中学 is the page that has its heading.
    const toc = execFileSync('pdftotext', ['-layout', '-f', '2', '-l', '2', f, '-'], { encoding: 'utf8' });
    const pageNo = Number(/横溪中学\s*\.*\s*(\d+)\s*$/m.exec(toc)?.[1]);
    expect(pageNo).toBeGreaterThan(2);
    expect(squash(execFileSync('pdftotext', ['-f', String(pageNo), '-l', String(pageNo), f, '-'], { encoding: 'utf8' }))).toContain('横溪中学');
  });
});
