// The printed forms over HTTP (issue 3, item 5; row 29) on SQLite and PostgreSQL: a sealed batch's
// forms.pdf for its unit's admin and the bureau admin only, read back with pdftotext; the public
// verify endpoint (match, mismatch, unknown; never a phone or a name); a batch changed behind the
// application's back answers 409 INTEGRITY_ERROR with an audit record and an alert in the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';
import { assertAvailable, requirePdftotext, requireSharedData, SHARED_DATA_DIR } from '../helpers/env.ts';

const poppler = requirePdftotext();
const shared = requireSharedData();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-print-http-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function text(pdf: Buffer, ...args: string[]): string {
  const f = path.join(tmp, `p${++n}.pdf`);
  fs.writeFileSync(f, pdf);
  return execFileSync('pdftotext', [...args, f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

interface Sample {
  title: string;
  text: string;
  topic: string;
}

describeDialects('printed forms and the public verify page', (dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  let unitadmin: Client;
  let unitadminB: Client;
  let member: Client;
  let leader: Client;
  let batch: { id: number; receiptNo: string; digest: string; unitName: string };
  let samples: Sample[];

  beforeAll(async () => {
    assertAvailable(poppler);
    assertAvailable(shared);
    samples = fs
      .readFileSync(path.join(SHARED_DATA_DIR, 'ideas/sample-ideas.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Sample)
      .filter((x) => x.title && x.text.length > 500);
    ({ server: s, admin } = await startWithCast(getDb(), { config: { publicUrl: 'https://jdz.example.cn' } }));
    await startCampaign2017(admin);
    member = new Client(s.url);
    unitadmin = new Client(s.url);
    unitadminB = new Client(s.url);
    leader = new Client(s.url);
    await member.login('member', PASSWORD);
    await unitadmin.login('unitadmin', PASSWORD);
    await unitadminB.login('unitadminb', PASSWORD);
    await leader.login('leader', PASSWORD);
    const ids = [];
    for (const x of samples.slice(0, 2)) ids.push(await approvedIdea(member, unitadmin, { title: x.title, body: x.text, topic: '教学质量提升', contactPhone: '13812345678', contactName: '王建国', authors: ['王建国', '李秀英'] }));
    const r = await unitadmin.post('/api/batches', { ideaIds: ids }, { 'Idempotency-Key': `print-${dialect}` });
    expect(r.status, r.text).toBe(201);
    batch = r.body;
  });
  afterAll(async () => s?.close());

  it('gives the unit admin the filled forms as a PDF with the sealed text, receipt, digest and verify address', async () => {
    const r = await unitadmin.get(`/api/batches/${batch.id}/forms.pdf`);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('金点子征集表_')}`);
    expect(r.headers.get('content-disposition')).toContain(`filename="jindianzi-forms-${batch.receiptNo}.pdf"`);
    const t = text(r.body);
    expect(t).toContain('仙居县教育“解放思想赶超发展”金点子征集表');
    expect(t).toContain(batch.unitName.replace(/\s+/g, ''));
    expect(t).toContain('王建国');
    expect(t).toContain('13812345678');
    expect(t).toContain('作者：个人（王建国、李秀英）');
    for (const x of samples.slice(0, 2)) {
      expect(t).toContain(`题目：${x.title}`.replace(/\s+/g, ''));
      expect(t).toContain(x.text.split('\n')[0].replace(/\s+/g, '').slice(0, 40));
    }
    expect(t).toContain(`批次回执号：${batch.receiptNo}`);
    expect(t).toContain(batch.digest.slice(0, 8));
    expect(t).toContain(`https://jdz.example.cn/verify?r=${batch.receiptNo}&d=${batch.digest}`);
    // The notes follow the campaign's rules (2–5 ideas, 500 字, the deadline day).
    expect(t).toContain('提供2——5个金点子');
    expect(t).toContain('不少于500字');
    expect(t).toContain('于10月20日前纸质报送局办公室');
    const audit = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE action = 'batches.forms-pdf' AND outcome = 'success' AND target_id = ${String(batch.id)}`.execute(s.database.db);
    expect(Number(audit.rows[0].n)).toBe(1);
  });

  it('gives it to the bureau admin too, and to no one else (another unit\'s admin: not found)', async () => {
    expect((await admin.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(200);
    expect((await unitadminB.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(404);
    expect((await leader.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(403);
    expect((await member.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(403);
    expect((await new Client(s.url).get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(401);
    expect((await admin.get('/api/batches/999999/forms.pdf')).status).toBe(404);
  });

  it('verify (public): the sealed receipt and digest match, with unit, time and titles but no phone or name', async () => {
    const anon = new Client(s.url);
    const spaced = batch.digest.match(/.{8}/g)!.join(' ').toUpperCase();
    const r = await anon.get(`/api/verify?r=${encodeURIComponent(batch.receiptNo)}&d=${encodeURIComponent(spaced)}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.result).toBe('match');
    expect(r.body.batch).toMatchObject({ receiptNo: batch.receiptNo, unitName: batch.unitName, ideaCount: 2, status: 'submitted' });
    expect(r.body.batch.ideas.map((i: { title: string }) => i.title)).toEqual(expect.arrayContaining(samples.slice(0, 2).map((x) => x.title)));
    expect(r.text).not.toContain('13812345678');
    expect(r.text).not.toContain('王建国');
    expect(r.text).not.toContain('李秀英');
  });

  it('verify: another digest does not match and reveals nothing; an unknown receipt is not found; malformed input is a 400', async () => {
    const anon = new Client(s.url);
    const other = (batch.digest[0] === 'a' ? 'b' : 'a') + batch.digest.slice(1);
    const mism = await anon.get(`/api/verify?r=${batch.receiptNo}&d=${other}`);
    expect(mism.status).toBe(200);
    expect(mism.body).toEqual({ result: 'mismatch' });
    const unknown = await anon.get(`/api/verify?r=2017-9-NOPE-B1&d=${batch.digest}`);
    expect(unknown.body).toEqual({ result: 'not-found' });
    const bad = await anon.get(`/api/verify?r=${batch.receiptNo}&d=xyz`, { 'accept-language': 'zh-CN' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await anon.get(`/api/verify?r=${batch.receiptNo}`)).status).toBe(400);
  });

  it('the public page /verify is served without signing in', async () => {
    const r = await new Client(s.url).get(`/verify?r=${batch.receiptNo}&d=${batch.digest}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
  });

  it('row 29: a batch digest changed with SQL → 409 INTEGRITY_ERROR for print and verify, audit record and alert', async () => {
    const good = batch.digest;
    const forged = 'f'.repeat(64);
    await s.database.db.updateTable('idea_batches').set({ digest: forged }).where('id', '=', batch.id).execute();
    try {
      const r = await unitadmin.get(`/api/batches/${batch.id}/forms.pdf`, { 'accept-language': 'zh-CN' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('INTEGRITY_ERROR');
      expect(r.body.error.message).toContain('数据校验值不符');
      const v = await new Client(s.url).get(`/api/verify?r=${batch.receiptNo}&d=${forged}`);
      expect(v.status).toBe(409);
      expect(v.body.error.code).toBe('INTEGRITY_ERROR');
      // The old paper no longer matches what the database now says (it is the database that is wrong).
      expect((await new Client(s.url).get(`/api/verify?r=${batch.receiptNo}&d=${good}`)).body).toEqual({ result: 'mismatch' });
      const audit = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE error_code = 'INTEGRITY_ERROR' AND target_type = 'idea_batch' AND target_id = ${String(batch.id)}`.execute(s.database.db);
      expect(Number(audit.rows[0].n)).toBeGreaterThanOrEqual(2);
      expect(s.logs.some((l) => l.includes('"alert":"integrity"') && l.includes(`"batchId":${batch.id}`))).toBe(true);
    } finally {
      await s.database.db.updateTable('idea_batches').set({ digest: good }).where('id', '=', batch.id).execute();
    }
    expect((await unitadmin.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(200);
  });

  it('row 29: a sealed snapshot changed with SQL (its trigger switched off) → 409 INTEGRITY_ERROR', async () => {
    const db = s.database.db;
    const [v] = await db.selectFrom('idea_versions').select(['id', 'snapshot']).where('batch_id', '=', batch.id).orderBy('id').limit(1).execute();
    const forged = v.snapshot.replace('王建国', '张冒名');
    expect(forged).not.toBe(v.snapshot);
    const swap = async (snapshot: string) => {
      if (dialect === 'postgres') {
        await sql`ALTER TABLE idea_versions DISABLE TRIGGER idea_versions_no_change`.execute(db);
        await sql`UPDATE idea_versions SET snapshot = ${snapshot} WHERE id = ${v.id}`.execute(db);
        await sql`ALTER TABLE idea_versions ENABLE TRIGGER idea_versions_no_change`.execute(db);
      } else {
        await sql`DROP TRIGGER idea_versions_no_update`.execute(db);
        await sql`UPDATE idea_versions SET snapshot = ${snapshot} WHERE id = ${v.id}`.execute(db);
        await sql`CREATE TRIGGER idea_versions_no_update BEFORE UPDATE ON idea_versions BEGIN SELECT RAISE(ABORT, 'sealed versions are immutable'); END`.execute(db);
      }
    };
    for (const bad of [forged, '{"not json']) {
      await swap(bad);
      try {
        const r = await admin.get(`/api/batches/${batch.id}/forms.pdf`);
        expect(r.status, bad).toBe(409);
        expect(r.body.error.code).toBe('INTEGRITY_ERROR');
        const v2 = await new Client(s.url).get(`/api/verify?r=${batch.receiptNo}&d=${batch.digest}`);
        expect(v2.status, bad).toBe(409);
      } finally {
        await swap(v.snapshot);
      }
    }
    expect((await admin.get(`/api/batches/${batch.id}/forms.pdf`)).status).toBe(200);
  });

  it('a batch the bureau returned still prints (for the archive) with a warning on every sheet, and verify says returned', async () => {
    const ret = await admin.post(`/api/batches/${batch.id}/return`, { reason: '请补充调研数据后重新报送' });
    expect(ret.status, ret.text).toBe(200);
    const r = await unitadmin.get(`/api/batches/${batch.id}/forms.pdf`);
    expect(r.status).toBe(200);
    const pages = text(r.body).split('本批次已被局办公室退回修改，此表仅供存档，不作报送。').length - 1;
    expect(pages).toBeGreaterThanOrEqual(2);
    const v = await new Client(s.url).get(`/api/verify?r=${batch.receiptNo}&d=${batch.digest}`);
    expect(v.body).toMatchObject({ result: 'match', batch: { status: 'returned' } });
  });
});
