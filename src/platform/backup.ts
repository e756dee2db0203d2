// Backups of the embedded database (checklist row 31): SQLite's online backup (never a raw file
// copy), a manifest with the file's SHA-256 and the audit chain head, a restore that checks all of
// it, and the daily schedule with an optional second (off-site) copy.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import type { Database } from './db/database.ts';
import { readPurgeAnchor } from './audit/audit.repository.ts';

export interface BackupManifest {
  file: string;
  sha256: string;
  bytes: number;
  createdAt: string;
  /** The newest audit record when the backup was taken: `audit verify --head` finds deleted tail records. */
  auditHead: { seq: number; hash: string } | null;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

export async function backupSqlite(database: Database, target: string, now: Date): Promise<BackupManifest> {
  if (!database.sqlite) throw new Error('PostgreSQL 请使用 pg_dump / pg_basebackup / use pg_dump or pg_basebackup for PostgreSQL');
  const file = path.resolve(target);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  // The head is read before the copy starts, so every record up to it is in the copy.
  const last = await database.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  await database.sqlite.backup(tmp);
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
  const manifest: BackupManifest = {
    file: path.basename(file),
    sha256: sha256File(file),
    bytes: fs.statSync(file).size,
    createdAt: now.toISOString(),
    auditHead: last ?? (await readPurgeAnchor(database.db)),
  };
  fs.writeFileSync(manifestPath(file), JSON.stringify(manifest, null, 2));
  return manifest;
}

export class RestoreError extends Error {}

/** Restores into `targetFile`, which must not exist: checks the manifest hash and SQLite's integrity first. */
export function restoreSqlite(backupFile: string, targetFile: string): BackupManifest {
  const src = path.resolve(backupFile);
  const manifest = JSON.parse(fs.readFileSync(manifestPath(src), 'utf8')) as BackupManifest;
  if (sha256File(src) !== manifest.sha256) throw new RestoreError('备份文件与清单中的哈希不符，拒绝恢复 / the backup does not match its manifest hash');
  if (fs.existsSync(targetFile)) throw new RestoreError(`目标数据库已存在，拒绝覆盖 / ${targetFile} exists; restore into an empty data folder`);
  const check = new SqliteDatabase(src, { readonly: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new RestoreError(`备份文件损坏 / integrity_check: ${String(result)}`);
  } finally {
    check.close();
  }
  fs.mkdirSync(path.dirname(targetFile), { recursive: true });
  const tmp = `${targetFile}.restoring`;
  fs.copyFileSync(src, tmp);
  fsyncFile(tmp);
  fs.renameSync(tmp, targetFile);
  fsyncDir(path.dirname(targetFile));
  return manifest;
}

/** The daily backup: `dir/jindianzi-YYYYMMDD-HHmm.sqlite`, the newest `keep` kept, copied to `copyDir` too. */
export async function scheduledBackup(database: Database, dir: string, now: Date, keep: number, copyDir: string | null) {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '-');
  const file = path.join(dir, `jindianzi-${stamp}.sqlite`);
  const manifest = await backupSqlite(database, file, now);
  if (copyDir) {
    fs.mkdirSync(copyDir, { recursive: true });
    fs.copyFileSync(file, path.join(copyDir, path.basename(file)));
    fs.copyFileSync(manifestPath(file), path.join(copyDir, path.basename(manifestPath(file))));
  }
  const old = fs.readdirSync(dir).filter((f) => /^jindianzi-\d{8}-\d{4}\.sqlite$/.test(f)).sort().reverse().slice(keep);
  for (const f of old) {
    fs.rmSync(path.join(dir, f), { force: true });
    fs.rmSync(path.join(dir, `${f}.manifest.json`), { force: true });
  }
  return manifest;
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
