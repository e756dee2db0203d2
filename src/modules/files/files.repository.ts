// The only SQL of stored files: bytes in the database (blob / bytea) so that every instance serves
// the same files, each row with the SHA-256 recorded when it was written (row 29).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface NewStoredFile {
  sha256: string;
  size: number;
  content_type: string;
  kind: string;
  original_name: string;
  data: Buffer;
  created_by: number | null;
  created_at: string;
}

export async function insertStoredFile(db: Db, f: NewStoredFile): Promise<number> {
  const { id } = await db.insertInto('stored_files').values(f).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Metadata only (no bytes). */
export async function storedFileInfo(db: Db, id: number) {
  return db.selectFrom('stored_files').select(['id', 'sha256', 'size', 'content_type', 'kind', 'original_name', 'created_at']).where('id', '=', id).executeTakeFirst();
}

/** The row with its bytes, for a download. */
export async function storedFileWithData(db: Db, id: number) {
  const row = await db
    .selectFrom('stored_files')
    .select(['id', 'sha256', 'size', 'content_type', 'kind', 'original_name', 'data'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  // better-sqlite3 answers a Buffer, pg a Buffer too; a Uint8Array from anything else is wrapped.
  return { ...row, data: Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data) };
}

export async function deleteStoredFiles(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('stored_files').where('id', 'in', ids).execute();
}
