// The `jindianzi` command (issue item 8), run as a user runs it: a child process on a real database.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../helpers/app.ts';
import { requireSharedData } from '../helpers/env.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');
const shared = await Promise.resolve(requireSharedData());

describe('jindianzi CLI on SQLite', () => {
  let db: TestDatabase;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, JDZ_DATA_DIR: db.config.dataDir, JDZ_LOG_LEVEL: 'silent', DATABASE_URL: undefined } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterAll(async () => db?.drop());

  it('has --help on every command', () => {
    const top = run('--help');
    expect(top.status).toBe(0);
    for (const cmd of ['start', 'serve', 'migrate', 'seed-demo', 'create-admin', 'import-units', 'backup', 'restore', 'audit', 'originality']) expect(top.stdout).toContain(cmd);
    for (const cmd of [['migrate'], ['backup'], ['audit', 'verify'], ['create-admin'], ['import-units'], ['originality', 'eval']]) {
      const r = run(...cmd, '--help');
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage/);
    }
  });

  it('migrates, creates an admin with a one-time password, and seeds the demo only into an empty database', () => {
    expect(run('migrate').status).toBe(0);
    const admin = run('create-admin', '--username', 'chief', '--name', '局办主任');
    expect(admin.status, admin.stderr).toBe(0);
    expect(admin.stdout).toMatch(/初始密码.*: \S{12,}/);
    const seed = run('seed-demo');
    expect(seed.status).toBe(1);
    expect(seed.stderr).toContain('已有账号');
  });

  it.skipIf(!shared.available)('imports ../shared/data/units.csv, and refuses a file with bad rows as a whole', () => {
    const csv = path.join(shared.dir!, 'units.csv');
    const ok = run('import-units', csv);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已导入 90 个单位');
    const bad = path.join(db.config.dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'code,name,type,sector,town\nZ001,新学校,小学,城区板块,安洲街道\nZ002,坏学校,大学,北部板块,安洲街道\n');
    const r = run('import-units', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 3 行');
    const h = new SqliteDatabase(db.config.sqliteFile, { readonly: true });
    expect(h.prepare("select count(*) n from units where code like 'Z%'").get()).toEqual({ n: 0 });
    h.close();
  });

  it('backs up a consistent copy with the audit chain head, and verify --head detects a deleted tail', () => {
    const file = path.join(db.config.dataDir, 'backup.sqlite');
    const r = run('backup', file);
    expect(r.status, r.stderr).toBe(0);
    const copy = new SqliteDatabase(file, { readonly: true });
    expect((copy.prepare('select count(*) n from users').get() as { n: number }).n).toBeGreaterThan(0);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8'));
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    const head = manifest.auditHead;
    expect(head.seq).toBeGreaterThan(0);
    expect(run('audit', 'verify', '--head', `${file}.manifest.json`).status).toBe(0);
    const h = new SqliteDatabase(db.config.sqliteFile);
    h.exec('DROP TRIGGER audit_log_no_delete');
    h.prepare('DELETE FROM audit_log WHERE seq = ?').run(head.seq);
    h.close();
    const v = run('audit', 'verify', '--head', `${file}.manifest.json`);
    expect(v.status).toBe(1);
    expect(v.stderr).toContain(String(head.seq));
  });

  it('restores a backup into an empty data folder, refuses a tampered one and an occupied target', async () => {
    const file = path.join(db.config.dataDir, 'backup.sqlite');
    const target = await createTestDatabase('sqlite');
    const restore = (f: string) =>
      spawnSync(process.execPath, [BIN, 'restore', f], { env: { ...process.env, JDZ_DATA_DIR: target.config.dataDir, JDZ_LOG_LEVEL: 'silent', DATABASE_URL: undefined } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
    const ok = restore(file);
    expect(ok.status, ok.stderr).toBe(0);
    const h = new SqliteDatabase(target.config.sqliteFile, { readonly: true });
    expect((h.prepare("select count(*) n from users where username = 'chief'").get() as { n: number }).n).toBe(1);
    h.close();
    expect(restore(file).status).toBe(1); // the target now exists
    fs.rmSync(target.config.sqliteFile);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const bad = restore(file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('哈希不符');
    await target.drop();
  });
});
