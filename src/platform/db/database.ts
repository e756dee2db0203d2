// Opens the database: embedded SQLite by default, PostgreSQL when DATABASE_URL is set.
// SQLite durability settings are applied and read back (checklist row 45); a setting that did
// not take refuses the start rather than running with weaker guarantees.
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import { startBlobWriter, type BlobWriter } from './sqlite-blob-writer.ts';
import { GroupCommitSqliteDialect } from './sqlite-group-commit.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The raw SQLite handle (backup); null on PostgreSQL. */
  sqlite: SqliteDatabase.Database | null;
  /** SQLite: writes stored files' chunks from a worker thread (sqlite-blob-writer.ts); null on PostgreSQL. */
  blobWriter: BlobWriter | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  sqliteFile: string;
  /** Only for the start-up check's own test: apply a weaker setting to prove it is refused. */
  sqliteSynchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
  poolSize?: number;
}

export class DatabaseSettingsError extends Error {}

export const REQUIRED_SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: an acknowledged commit survives power loss
  foreign_keys: 1,
  secure_delete: 1,
} as const;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openSqlite(opts.sqliteFile, opts.sqliteSynchronous ?? 'FULL');
}

function openSqlite(file: string, synchronous: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SqliteDatabase(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma(`synchronous = ${synchronous}`);
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  handle.pragma('secure_delete = ON');
  // Reads through a memory map (up to 2 GiB of the file) instead of a copy per page: an originality check's ~500 bucket lookups cost ~15 % less CPU.
  handle.pragma('mmap_size = 2147483648');
  checkSqlitePragmas(handle);
  // Checkpoints in a worker thread, not inside a request's COMMIT (sqlite-checkpointer.ts); the WAL
  // file is cut back to 64 MB when it restarts after a checkpoint.
  handle.pragma('wal_autocheckpoint = 0');
  handle.pragma('journal_size_limit = 67108864');
  const checkpointer = startCheckpointer(handle.name, (message) => console.error(`SQLite checkpoint failed: ${message}`));
  const blobWriter = startBlobWriter(handle.name);
  // Group commit: requests that arrive together share one durable COMMIT (sqlite-group-commit.ts).
  const db = new Kysely<DB>({ dialect: new GroupCommitSqliteDialect(handle) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: handle,
    blobWriter,
    close: async () => {
      await blobWriter.stop();
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

export function checkSqlitePragmas(handle: SqliteDatabase.Database): void {
  const read = (name: string) => handle.pragma(name, { simple: true }) as string | number;
  const problems: string[] = [];
  for (const [name, want] of Object.entries(REQUIRED_SQLITE_PRAGMAS)) {
    const got = read(name);
    const ok = name === 'synchronous' ? Number(got) >= Number(want) : String(got).toLowerCase() === String(want);
    if (!ok) problems.push(`${name}=${got} (need ${want})`);
  }
  if (Number(read('busy_timeout')) < 5000) problems.push(`busy_timeout=${read('busy_timeout')} (need ≥ 5000)`);
  if (problems.length) {
    handle.close();
    throw new DatabaseSettingsError(
      `SQLite 持久化设置未生效，拒绝启动 / SQLite durability settings did not apply: ${problems.join(', ')}`,
    );
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // A dropped connection must not crash the process; the next query reports the failure.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    blobWriter: null,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Row 47: PostgreSQL settings that make an acknowledged commit durable. */
export async function checkPostgresDurability(db: Kysely<DB>): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, bad] of [
    ['fsync', ['off']],
    ['synchronous_commit', ['off', 'local']],
    ['full_page_writes', ['off']],
  ] as const) {
    const r = await sql<Record<string, string>>`SHOW ${sql.raw(name)}`.execute(db);
    const value = Object.values(r.rows[0] ?? {})[0];
    if ((bad as readonly string[]).includes(String(value))) problems.push(`${name}=${value}`);
  }
  return problems;
}

export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
