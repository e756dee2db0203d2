// Originality checks (issue 4, items 2–5): check jobs per idea (claimed by any instance, retried,
// with the report once done), campaign-wide runs with their progress, the bureau's reference
// library, its stock-phrase list (seeded with the engine's defaults) and its thresholds. The index
// of sources and its postings are 0004_originality's.
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { DEFAULT_STOCK_PHRASES } from '../../../modules/originality/engine/stock-phrases.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  const ts = 'varchar(30)';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  await table('originality_runs')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    /** 'indexing' | 'checking' | 'done' | 'failed' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('indexed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('to_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    /** Where the indexing step stands (resumable): the last idea id / reference id indexed. */
    .addColumn('cursor_json', 'text')
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('claimed_at', ts)
    .addColumn('error', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('originality_runs_campaign_idx').on('originality_runs').columns(['campaign_id', 'id']).execute();

  await table('originality_checks')
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
    /** 'send' | 'seal' | 'manual' | 'campaign' */
    .addColumn('reason', 'varchar(20)', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.references('originality_runs.id'))
    /** 'queued' | 'running' | 'done' | 'failed' */
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** Not claimed before this time (back-off between attempts). */
    .addColumn('run_after', ts, (c) => c.notNull())
    /** The instance that runs it, and since when (a claim older than the stale limit is taken over). */
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('claimed_at', ts)
    .addColumn('error', 'varchar(500)')
    /** The idea's version whose text was checked. */
    .addColumn('idea_version', 'integer')
    .addColumn('similarity', real)
    /** Title of the source that contributes most (lists without reading the report). */
    .addColumn('top_source', 'varchar(200)')
    /** The stored report (engine figures, the texts checked and the sources' texts), JSON. */
    .addColumn('report_json', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('originality_checks_idea_idx').on('originality_checks').columns(['idea_id', 'id']).execute();
  await db.schema.createIndex('originality_checks_queue_idx').on('originality_checks').columns(['status', 'run_after']).execute();
  await db.schema.createIndex('originality_checks_run_idx').on('originality_checks').columns(['run_id']).execute();

  await table('originality_references')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('origin', 'varchar(300)', (c) => c.notNull())
    /** 'txt' | 'docx' | 'pdf' | 'paste' */
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('chars', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await table('originality_stock_phrases')
    .addColumn('phrase', 'varchar(200)', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('originality_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('red', real, (c) => c.notNull())
    .addColumn('orange', real, (c) => c.notNull())
    .addColumn('thresholds_updated_at', ts)
    .addColumn('stock_updated_at', ts)
    .execute();

  await db.insertInto('originality_settings').values({ id: 1, red: 0.3, orange: 0.15, thresholds_updated_at: null, stock_updated_at: null }).execute();
  await db
    .insertInto('originality_stock_phrases')
    .values(DEFAULT_STOCK_PHRASES.map((phrase) => ({ phrase })))
    .execute();
}
