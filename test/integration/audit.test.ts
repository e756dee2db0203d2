// The audit log (rows 17–20): written with the change, hash-chained, append-only in the database,
// verified by the CLI, failing closed, purged only past retention.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer, type TestDatabase } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { verifyAuditChain, purgeExpiredAudit } from '../../src/platform/audit/audit.service.ts';
import { appendAuditRecord } from '../../src/platform/audit/audit.repository.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');

function cli(db: TestDatabase, ...args: string[]) {
  const env = { ...process.env, JDZ_DATA_DIR: db.config.dataDir, DATABASE_URL: db.url ?? '', JDZ_LOG_LEVEL: 'silent' };
  if (!db.url) delete (env as Record<string, string | undefined>).DATABASE_URL;
  return spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

describeDialects('audit log', (dialect, getDb) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    ({ server: s, admin } = await startWithCast(getDb()));
  });
  afterAll(async () => s?.close());

  it('records who did what, with the change, and without personal values', async () => {
    const r = await admin.post('/api/org/units', { code: 'A100', name: '审计测试小学', type: '小学', sectorId: 1, town: '安洲街道', contactPhone: '13812345678' });
    expect(r.status).toBe(201);
    const rec = await s.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.units.create').executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ outcome: 'success', target_type: 'unit', target_id: String(r.body.id), actor_role: 'bureau_admin', ip: '127.0.0.1' });
    expect(rec.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rec.request_id).toBeTruthy();
    const all = JSON.stringify(await s.database.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain('13812345678');
    expect(all).not.toContain(PASSWORD);
    const page = await admin.get('/api/audit?action=org.units');
    expect(page.status).toBe(200);
    expect(page.body.items[0].action).toBe('org.units.create');
    // Viewing the audit log is itself recorded.
    const viewed = await s.database.db.selectFrom('audit_log').select(['action', 'actor_role']).where('action', '=', 'audit.list').execute();
    expect(viewed).toEqual([{ action: 'audit.list', actor_role: 'bureau_admin' }]);
  });

  it('rejects UPDATE and DELETE on the audit table in the database itself', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(s.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(s.database.db)).rejects.toThrow(/append-only/);
  });

  it('verifies the chain, and `audit verify` names a tampered row when the trigger is bypassed', async () => {
    const ok = cli(getDb(), 'audit', 'verify');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('审计链完整');
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
    const target = await s.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'org.units.create').executeTakeFirstOrThrow();
    if (dialect === 'sqlite') {
      await sql`DROP TRIGGER audit_log_no_update`.execute(s.database.db);
      await sql`UPDATE audit_log SET target_id = '1' WHERE seq = ${target.seq}`.execute(s.database.db);
    } else {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(s.database.db);
      await sql`UPDATE audit_log SET target_id = '1' WHERE seq = ${target.seq}`.execute(s.database.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(s.database.db);
    }
    const bad = cli(getDb(), 'audit', 'verify');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`seq ${target.seq}`);
    expect((await verifyAuditChain(s.database.db)).brokenAtSeq).toBe(target.seq);
  });

  it('fails closed: if the audit record cannot be written, the change is rolled back with 503', async () => {
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(s.database.db);
    } else {
      await sql`CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(s.database.db);
      await sql`CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fail()`.execute(s.database.db);
    }
    const r = await admin.post('/api/org/units', { code: 'A101', name: '不应保存的学校', type: '小学', sectorId: 1, town: '安洲街道' });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('AUDIT_UNAVAILABLE');
    expect(await s.database.db.selectFrom('units').select('id').where('code', '=', 'A101').executeTakeFirst()).toBeUndefined();
    await sql`DROP TRIGGER audit_log_fail${dialect === 'postgres' ? sql` ON audit_log` : sql``}`.execute(s.database.db);
  });
});

describeDialects('audit retention', (dialect, getDb) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(getDb());
  });
  afterAll(async () => s?.close());

  it('keeps a 183-day-old record, removes a 366-day-old one at 365 days, and the chain still verifies', async () => {
    const now = new Date('2018-10-01T00:00:00.000Z');
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await s.database.db.transaction().execute(async (trx) => {
      for (const days of [400, 366, 183, 1]) {
        await appendAuditRecord(trx, s.database.dialect, { at: at(days), actor_id: null, actor_role: null, unit_id: null, action: `test.d${days}`, target_type: null, target_id: null, outcome: 'success', error_code: null, ip: null, request_id: null });
      }
    });
    expect(await purgeExpiredAudit(s.database.db, dialect, now, 365)).toBe(2);
    const left = (await s.database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(left).toEqual(['test.d183', 'test.d1']);
    expect((await verifyAuditChain(s.database.db)).ok).toBe(true);
    await expect(purgeExpiredAudit(s.database.db, dialect, now, 90)).rejects.toThrow();
    // the chain goes on from the anchor
    await s.database.db.transaction().execute((trx) => appendAuditRecord(trx, s.database.dialect, { at: now.toISOString(), actor_id: null, actor_role: null, unit_id: null, action: 'test.after', target_type: null, target_id: null, outcome: 'success', error_code: null, ip: null, request_id: null }));
    expect((await verifyAuditChain(s.database.db)).ok).toBe(true);
  });
});
