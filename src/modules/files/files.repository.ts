// The only SQL of stored files: bytes in the database so that every instance serves the same files,
// each row with the SHA-256 recorded when it was written (row 29). The bytes go in chunks of 1 MB, each
// its own short write, so that storing a 10 MB file never holds the event loop (SQLite) or builds one
// huge parameter (PostgreSQL) (row 40). A file is `pending` until the change that uses it takes it
// (`takeStoredFiles`, in that change's transaction); housekeeping removes pending files left behind.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Database } from '../../platform/db/database.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const CHUNK_BYTES = 1024 * 1024;

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

/**
 * Writes a file's bytes, chunk by chunk, each write on its own (call it outside a transaction: the
 * event loop turns between chunks; on SQLite the chunks are written by the worker connection, whose
 * fsync does not hold the event loop). The file stays pending until `takeStoredFiles`.
 */
export async function writeStoredFile(database: Pick<Database, 'db' | 'blobWriter'>, f: NewStoredFile): Promise<number> {
  const { db, blobWriter } = database;
  const chunks = Math.ceil(f.data.length / CHUNK_BYTES);
  const { id } = await db
    .insertInto('stored_files')
    .values({ ...f, data: Buffer.alloc(0), chunks, pending: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    for (let seq = 0; seq < chunks; seq++) {
      const data = f.data.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES);
      if (blobWriter) await blobWriter.insertChunk(id, seq, data);
      else await db.insertInto('stored_file_chunks').values({ file_id: id, seq, data }).execute();
    }
  } catch (err) {
    await deleteStoredFiles(db, [id]).catch(() => {}); // housekeeping removes it otherwise
    throw err;
  }
  return id;
}

/** The change that uses the files takes them, in its transaction: from now on they are kept. */
export async function takeStoredFiles(trx: Db, ids: number[]): Promise<void> {
  if (ids.length) await trx.updateTable('stored_files').set({ pending: 0 }).where('id', 'in', ids).execute();
}

/** Metadata only (no bytes). */
export async function storedFileInfo(db: Db, id: number) {
  return db.selectFrom('stored_files').select(['id', 'sha256', 'size', 'content_type', 'kind', 'original_name', 'created_at']).where('id', '=', id).where('pending', '=', 0).executeTakeFirst();
}

/** The row with its bytes, for a download. */
export async function storedFileWithData(db: Db, id: number) {
  const row = await db
    .selectFrom('stored_files')
    .select(['id', 'sha256', 'size', 'content_type', 'kind', 'original_name', 'data', 'chunks'])
    .where('id', '=', id)
    .where('pending', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  const { chunks, ...file } = row;
  if (chunks === 0) return { ...file, data: asBuffer(row.data) };
  const parts = await db.selectFrom('stored_file_chunks').select('data').where('file_id', '=', id).orderBy('seq').execute();
  // A missing chunk shows as a short file, which the SHA-256 check on download refuses.
  return { ...file, data: Buffer.concat(parts.map((p) => asBuffer(p.data))) };
}

// better-sqlite3 answers a Buffer, pg a Buffer too; a Uint8Array from anything else is wrapped.
function asBuffer(data: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** Deletes files and their chunks (the chunks go with the file: ON DELETE CASCADE). */
export async function deleteStoredFiles(db: Db, ids: number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('stored_files').where('id', 'in', ids).execute();
}

/** Pending files written before `before` that no change took (housekeeping). Returns how many. */
export async function purgePendingFiles(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('stored_files').where('pending', '=', 1).where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
