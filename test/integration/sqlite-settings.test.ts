// SQLite durability settings are applied, read back, and a weaker one is refused (row 45).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  it('refuses to start with synchronous=NORMAL', async () => {
    await expect(openDatabase({ databaseUrl: null, sqliteFile: path.join(dir, 'b.sqlite'), sqliteSynchronous: 'NORMAL' })).rejects.toBeInstanceOf(DatabaseSettingsError);
  });
});
