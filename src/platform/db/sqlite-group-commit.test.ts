// Group commit on a real SQLite file (synchronous=FULL): transactions that arrive together share one
// COMMIT, each returns only once it is committed (another connection sees it), a failing one rolls
// back alone, and two handles on one file in one process neither deadlock nor lose work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommitSqliteDialect } from './sqlite-group-commit.ts';

interface T {
  items: { id: number; v: string };
}

const dirs: string[] = [];
function open(file?: string) {
  const f = file ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-gc-')), 'db.sqlite');
  dirs.push(path.dirname(f));
  const h = new SqliteDatabase(f);
  h.pragma('journal_mode = WAL');
  h.pragma('synchronous = FULL');
  h.pragma('busy_timeout = 5000');
  return { file: f, handle: h, db: new Kysely<T>({ dialect: new GroupCommitSqliteDialect(h) }) };
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** What another connection sees: only committed rows. */
function committed(file: string): string[] {
  const other = new SqliteDatabase(file, { readonly: true });
  try {
    return (other.prepare('SELECT v FROM items ORDER BY id').all() as { v: string }[]).map((r) => r.v);
  } finally {
    other.close();
  }
}

describe('SQLite group commit', () => {
  it('commits concurrent transactions together, each visible to another connection when it returns; a failure rolls back alone', async () => {
    const { file, handle, db } = open();
    await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`.execute(db);
    const commits: number[] = [];
    const results = await Promise.allSettled(
      ['a', 'b', 'dup', 'c', 'dup'].map((v, i) =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('items').values({ id: 100 + i, v: `${v}-${i}` }).execute();
          if (v === 'dup') await trx.insertInto('items').values({ id: 200 + i, v: 'a-0' }).execute(); // UNIQUE violation
          const seen = committed(file);
          commits.push(seen.length);
          return v;
        }).then((v) => {
          // Returned: on disk, seen by another connection.
          expect(committed(file)).toContain(`${v}-${i}`);
          return v;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(committed(file)).toEqual(['a-0', 'b-1', 'c-3']);
    // Inside the transactions, nothing of the group was committed yet: one shared COMMIT.
    expect(commits.every((n) => n === 0)).toBe(true);
    await db.destroy();
  });

  it('a write outside a transaction while a group is open returns only after the group commits', async () => {
    const { file, db } = open();
    await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`.execute(db);
    const t = db.transaction().execute((trx) => trx.insertInto('items').values({ id: 1, v: 'in-trx' }).execute());
    const plain = db.insertInto('items').values({ id: 2, v: 'plain' }).execute();
    const returning = db.insertInto('items').values({ id: 3, v: 'returning' }).returning('id').executeTakeFirstOrThrow();
    const seenWhenPlainReturned = plain.then(() => committed(file));
    const seenWhenReturningReturned = returning.then(() => committed(file));
    expect(await seenWhenPlainReturned).toContain('plain');
    expect(await seenWhenReturningReturned).toContain('returning'); // INSERT … RETURNING is a write too
    expect((await returning).id).toBe(3);
    await t;
    await db.destroy();
  });

  it('two handles on one file in one process: no deadlock, nothing lost', async () => {
    const a = open();
    await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)`.execute(a.db);
    const b = open(a.file);
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a.db : b.db).transaction().execute((trx) => trx.insertInto('items').values({ id: i + 1, v: `v${i}` }).execute())),
    );
    expect(Date.now() - t0).toBeLessThan(4000); // a busy wait would take busy_timeout (5 s)
    expect(committed(a.file)).toHaveLength(40);
    await a.db.destroy();
    await b.db.destroy();
  });
});
