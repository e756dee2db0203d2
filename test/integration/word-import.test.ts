// The bureau's Word import over real HTTP on SQLite and PostgreSQL (issue 3 item 6): many files in
// one upload → a job processed in the background (worker threads), progress from the database,
// unit matches, refused files with their reason, confirmation → submitted ideas marked imported.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client, type Res } from '../helpers/http.ts';
import { buildUnit, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { startCampaign2017 } from '../helpers/ideas.ts';
import * as repo from '../../src/modules/ideas/import/import.repository.ts';

const DIR = path.resolve(import.meta.dirname, '../fixtures/word');
const texts = JSON.parse(fs.readFileSync(path.join(DIR, 'src/texts.json'), 'utf8')) as Record<string, { title: string; paras: string[] }>;

async function uploadWord(c: Client, names: string[]): Promise<Res> {
  const boundary = `----jdz${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const n of names) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${n}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'utf8'));
    parts.push(fs.readFileSync(path.join(DIR, n)), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await fetch(`${c.base}/api/ideas/import/word`, {
    method: 'POST',
    headers: { ...c.defaults, 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf ?? '' },
    body: Buffer.concat(parts),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, text };
}

describeDialects('Word import', (dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  let units: Record<string, number>;
  const count = async (q: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ideas WHERE imported = 1 AND title = ${q}`.execute(s.database.db)).rows[0].n);

  async function waitDone(jobId: number) {
    const seen: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await admin.get(`/api/ideas/import/jobs/${jobId}`);
      expect(r.status, r.text).toBe(200);
      seen.push(r.body.done);
      if (r.body.status !== 'processing') return { job: r.body, seen };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('import job did not finish');
  }

  beforeAll(async () => {
    ({ server: s, admin } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    await startCampaign2017(admin);
    units = {
      chengguan: await buildUnit(s.database, { code: 'W001', name: '仙居县城关第二小学' }),
      baita: await buildUnit(s.database, { code: 'W002', name: '白塔镇中心小学' }),
      hengxi1: await buildUnit(s.database, { code: 'W003', name: '仙居县横溪镇中学' }),
      hengxi2: await buildUnit(s.database, { code: 'W004', name: '仙居县横溪镇中学分校' }),
    };
  });
  afterAll(async () => s?.close());

  it('processes many files in the background with progress, matches units, refuses hostile files; confirmation imports only the chosen ideas', async () => {
    const files = ['form-table.docx', 'free-text.docx', 'two-ideas.docx', 'form-table.doc', 'encrypted.docx', 'zip-bomb.docx', 'xxe.docx'];
    const up = await uploadWord(admin, files);
    expect(up.status, up.text).toBe(202);
    expect(up.body.total).toBe(files.length);
    const { job, seen } = await waitDone(up.body.jobId);
    expect(seen[seen.length - 1]).toBe(files.length);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1])).toBe(true);
    expect(job).toMatchObject({ status: 'done', total: 7, done: 7, importedCount: 0 });
    const byName = Object.fromEntries(job.files.map((f: { name: string }) => [f.name, f]));
    // Unit matches: exact, likely (county prefix), none with two candidates (the bureau chooses).
    expect(byName['form-table.docx'].ideas[0]).toMatchObject({ unitAsWritten: '仙居县城关第二小学', phone: '13800000101', title: texts.A.title, match: { confidence: 'exact', unit: { id: units.chengguan } } });
    expect(byName['free-text.docx'].ideas[0].match).toMatchObject({ confidence: 'likely', unit: { id: units.baita } });
    expect(byName['two-ideas.docx'].ideas).toHaveLength(2);
    expect(byName['two-ideas.docx'].ideas[0].match).toMatchObject({ confidence: 'exact', unit: { id: units.hengxi1 } });
    expect(byName['encrypted.docx']).toMatchObject({ processed: true, ok: false, error: { code: 'ENCRYPTED', zh: '文件已加密，请去掉密码后重新上传。' }, ideas: [] });
    expect(byName['zip-bomb.docx'].error.code).toBe('ZIP_BOMB');
    expect(byName['xxe.docx'].error.code).toBe('XML_DTD');
    expect(JSON.stringify(job)).not.toContain('root:');

    // Nothing imported before confirmation.
    expect(await count(texts.A.title)).toBe(0);
    const index = (n: string) => files.indexOf(n);
    // A refused file cannot be imported.
    const bad = await admin.post(`/api/ideas/import/jobs/${job.id}/confirm`, { items: [{ fileIndex: index('encrypted.docx'), ideaIndex: 0, unitId: units.chengguan, include: true }] });
    expect(bad.status).toBe(400);
    const r = await admin.post(`/api/ideas/import/jobs/${job.id}/confirm`, {
      items: [
        { fileIndex: index('form-table.docx'), ideaIndex: 0, unitId: units.chengguan, include: true },
        { fileIndex: index('free-text.docx'), ideaIndex: 0, unitId: units.baita, include: true },
        { fileIndex: index('two-ideas.docx'), ideaIndex: 0, unitId: units.hengxi1, include: true },
        { fileIndex: index('two-ideas.docx'), ideaIndex: 1, unitId: units.hengxi1, include: false },
        { fileIndex: index('form-table.doc'), ideaIndex: 0, include: false },
      ],
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.imported).toBe(3);
    const rows = await s.database.db.selectFrom('ideas').select(['id', 'status', 'imported', 'unit_id', 'title', 'body', 'contact_phone', 'receipt_no']).where('id', 'in', r.body.ideaIds).orderBy('id').execute();
    expect(rows.map((x) => [x.status, x.imported, x.unit_id, x.title])).toEqual([
      ['submitted', 1, units.chengguan, texts.A.title],
      ['submitted', 1, units.baita, texts.B.title],
      ['submitted', 1, units.hengxi1, texts.C.title],
    ]);
    expect(rows[0].body).toBe(texts.A.paras.join('\n'));
    expect(rows[1].contact_phone).toBe('0576-87770101');
    expect(rows.every((x) => x.receipt_no)).toBe(true);
    // Once only.
    const again = await admin.post(`/api/ideas/import/jobs/${job.id}/confirm`, { items: [{ fileIndex: index('form-table.doc'), ideaIndex: 0, unitId: units.chengguan, include: true }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IMPORT_NOT_READY');
    expect((await admin.get(`/api/ideas/import/jobs/${job.id}`)).body).toMatchObject({ status: 'imported', importedCount: 3 });
    // Audited: the upload and the confirmation.
    const audit = await s.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('target_type', '=', 'word_import_job').where('target_id', '=', String(job.id)).execute();
    expect(audit.filter((a) => a.outcome === 'success').map((a) => a.action).sort()).toEqual(['ideas.import.confirm', 'ideas.import.upload']);
  });

  it('an unknown unit must be chosen; the file bytes are dropped once processed', async () => {
    const up = await uploadWord(admin, ['form-table.docx']);
    const { job } = await waitDone(up.body.jobId);
    const noUnit = await admin.post(`/api/ideas/import/jobs/${job.id}/confirm`, { items: [{ fileIndex: 0, ideaIndex: 0, include: true }] });
    expect(noUnit.status).toBe(400);
    expect(noUnit.text).toContain('请为');
    const left = await s.database.db.selectFrom('word_import_files').select('data').where('job_id', '=', job.id).execute();
    expect(left.every((f) => f.data === null)).toBe(true);
  });

  it('a job whose instance went away is resumed by the next status request, from the bytes kept in the database', async () => {
    const admin1 = (await s.database.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    const long = '2000-01-01T00:00:00.000Z'; // before the test clock's now, by far
    const jobId = await repo.insertJob(s.database.db, admin1, [{ name: 'orphan.docx', data: fs.readFileSync(path.join(DIR, 'free-text.docx')) }], long);
    const { job } = await waitDone(jobId);
    expect(job.files[0]).toMatchObject({ name: 'orphan.docx', ok: true });
    expect(job.files[0].ideas[0].title).toBe(texts.B.title);
  });

  it('row 41: while hostile files are refused in the workers, GET /api/health keeps answering under 200 ms', async () => {
    const up = await uploadWord(admin, ['zip-bomb.docx', 'many-entries.docx', 'lying-sizes.docx', 'zip-bomb.docx', 'billion-laughs.docx', 'many-entries.docx']);
    expect(up.status).toBe(202);
    const times: number[] = [];
    for (;;) {
      const t0 = performance.now();
      const h = await fetch(`${s.url}/api/health`);
      await h.arrayBuffer();
      times.push(performance.now() - t0);
      const st = await admin.get(`/api/ideas/import/jobs/${up.body.jobId}`);
      if (st.body.status !== 'processing') {
        expect(st.body.files.map((f: { error?: { code: string } }) => f.error?.code)).toEqual(['ZIP_BOMB', 'TOO_MANY_ENTRIES', 'INCONSISTENT_ZIP', 'ZIP_BOMB', 'XML_DTD', 'TOO_MANY_ENTRIES']);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(times.length).toBeGreaterThan(3);
    expect(Math.max(...times), times.map((t) => t.toFixed(0)).join(' ')).toBeLessThan(200);
  });

  it('only the bureau admin may import; no file → a clear refusal', async () => {
    const unitadmin = new Client(s.url);
    expect((await unitadmin.login('unitadmin', PASSWORD)).status).toBe(200);
    expect((await uploadWord(unitadmin, ['form-table.docx'])).status).toBe(403);
    expect((await unitadmin.get('/api/ideas/import/jobs/1')).status).toBe(403);
    const empty = await uploadWord(admin, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('FILE_REQUIRED');
    expect((await admin.get('/api/ideas/import/jobs/999999')).status).toBe(404);
  });
});
