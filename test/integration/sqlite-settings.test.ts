// SQLite durability settings are applied, read back, and a weaker one is refused (row 45); WAL
// checkpoints run in a worker thread, not in a request's COMMIT (row 40).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, DatabaseSettingsError } from '../../src/platform/db/database.ts';

describe('SQLite durability settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-pragma-'));
  it('opens with WAL, synchronous=FULL, foreign keys, busy timeout and secure delete', async () => {
    const d = await openDatabase({ databaseUrl: null, sqliteFile: path.join(dir, 'a.sqlite') });
    const p = (n: string) => d.sqlite!.pragma(n, { simple: true });
    expect(p('journal_mode')).toBe('wal');
    expect(p('synchronous')).toBe(2);
    expect(p('foreign_keys')).toBe(1);
    expect(Number(p('busy_timeout'))).toBeGreaterThanOrEqual(5000);
    expect(p('secure_delete')).toBe(1);
    await d.close();
  });
  it('never checkpoints inside a commit; the worker copies committed pages into the database file', async () => {
    const file = path.join(dir, 'c.sqlite');
    const d = await openDatabase({ databaseUrl: null, sqliteFile: file });
    expect(d.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await sql`CREATE TABLE t (b BLOB)`.execute(d.db);
    const before = fs.statSync(file).size;
    for (let i = 0; i < 4; i++) await sql`INSERT INTO t VALUES (${Buffer.alloc(1024 * 1024, i)})`.execute(d.db);
    // Committed: in the WAL; the worker moves it into the file within a second or so.
    const deadline = Date.now() + 10_000;
    while (fs.statSync(file).size < before + 4 * 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(before + 4 * 1024 * 1024);
    await d.close();
    // Everything is there for a reader that opens the file afterwards.
    const other = new SqliteDatabase(file, { readonly: true });
    expect((other.prepare('SELECT count(*) AS n, sum(length(b)) AS bytes FROM t').get() as { n: number; bytes: number })).toEqual({ n: 4, bytes: 4 * 1024 * 1024 });
    other.close();
  });
  it('refuses to start with synchronous=NORMAL', async () => {
    await expect(openDatabase({ databaseUrl: null, sqliteFile: path.join(dir, 'b.sqlite'), sqliteSynchronous: 'NORMAL' })).rejects.toBeInstanceOf(DatabaseSettingsError);
  });
});
