// Word import jobs (issue 3 item 6): one job per upload of many files, the files' bytes until they
// are processed and then each file's extraction result, so that every instance can answer the status.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  const ts = 'varchar(30)';
  await table('word_import_jobs')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    /** 'processing' | 'done' | 'imported' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('imported_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await table('word_import_files')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('word_import_jobs.id').onDelete('cascade'))
    .addColumn('file_index', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    /** The uploaded bytes until processed (then null). */
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob')
    /** The FileResult as JSON once processed. */
    .addColumn('result_json', 'text')
    .addUniqueConstraint('word_import_files_job_index', ['job_id', 'file_index'])
    .execute();
}
