// Stored files in chunks (checklist row 40): a 10 MB file written as one blob held the event loop for
// the whole commit (SQLite is synchronous) or made a 20 MB hex string (node-postgres' bytea). Its bytes
// now go in 1 MB chunks, each its own short write, before the change that uses the file; the file is
// `pending` until that change's transaction links it, and housekeeping removes pending files that no
// change ever took (the upload failed or its transaction was refused). Files written before keep their
// bytes in stored_files.data (chunks = 0).
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema.alterTable('stored_files').addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('stored_files').addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('stored_file_chunks')
    .addColumn('file_id', 'integer', (c) => c.notNull().references('stored_files.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('stored_file_chunks_pk', ['file_id', 'seq'])
    .execute();
  await db.schema.createIndex('stored_files_pending_idx').on('stored_files').columns(['pending', 'created_at']).execute();
}
