// Golden ideas (issue 3): the campaign's collection rules, extensions, the 征集表 as a record with its
// workflow history, sealed batches and their immutable snapshots, stored files and idempotency keys.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  const ts = 'varchar(30)';
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';

  // Collection rules of a campaign (R2): 2–5 ideas per unit, at least 500 字, who may author.
  await db.schema.alterTable('campaigns').addColumn('ideas_min', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable('campaigns').addColumn('ideas_max', 'integer', (c) => c.notNull().defaultTo(5)).execute();
  await db.schema.alterTable('campaigns').addColumn('min_chars', 'integer', (c) => c.notNull().defaultTo(500)).execute();
  await db.schema.alterTable('campaigns').addColumn('authorship', 'varchar(20)', (c) => c.notNull().defaultTo('both')).execute();
  await db.schema.alterTable('campaigns').addColumn('form_title', 'varchar(200)', (c) => c.notNull().defaultTo('金点子征集表')).execute();
  await db.schema.alterTable('campaigns').addColumn('updated_at', ts).execute();

  await table('campaign_extensions')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('until', ts, (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('granted_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_extensions_unit_idx').on('campaign_extensions').columns(['campaign_id', 'unit_id']).execute();

  await table('idea_batches')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('receipt_no', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('idea_count', 'integer', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sealed_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('sealed_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('return_reason', 'varchar(1000)')
    .addUniqueConstraint('idea_batches_unit_seq', ['campaign_id', 'unit_id', 'seq'])
    .execute();

  await table('ideas')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('client_id', 'varchar(64)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(50)', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'varchar(20)', (c) => c.notNull().defaultTo(''))
    .addColumn('authorship', 'varchar(20)', (c) => c.notNull().defaultTo('individual'))
    .addColumn('authors_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('topic', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('char_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pledge', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('receipt_no', 'varchar(40)', (c) => c.unique())
    .addColumn('batch_id', 'integer', (c) => c.references('idea_batches.id'))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_comment', 'varchar(1000)')
    .addColumn('sent_at', ts)
    .addColumn('approved_at', ts)
    .addColumn('submitted_at', ts)
    .addColumn('received_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('ideas_client_id', ['created_by', 'client_id'])
    .execute();
  await db.schema.createIndex('ideas_unit_status_idx').on('ideas').columns(['campaign_id', 'unit_id', 'status']).execute();
  await db.schema.createIndex('ideas_created_by_idx').on('ideas').column('created_by').execute();
  await db.schema.createIndex('ideas_batch_idx').on('ideas').column('batch_id').execute();

  await table('idea_events')
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('comment', 'varchar(1000)')
    .execute();
  await db.schema.createIndex('idea_events_idea_idx').on('idea_events').column('idea_id').execute();

  // What was sealed, exactly: the canonical JSON of each idea at sealing and its SHA-256 (rows 16, 29).
  await table('idea_versions')
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('idea_batches.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('digest', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idea_versions_idea_idx').on('idea_versions').column('idea_id').execute();
  await db.schema.createIndex('idea_versions_batch_idx').on('idea_versions').column('batch_id').execute();
  if (dialect === 'sqlite') {
    await sql`CREATE TRIGGER idea_versions_no_update BEFORE UPDATE ON idea_versions BEGIN SELECT RAISE(ABORT, 'sealed versions are immutable'); END`.execute(db);
    await sql`CREATE TRIGGER idea_versions_no_delete BEFORE DELETE ON idea_versions BEGIN SELECT RAISE(ABORT, 'sealed versions are immutable'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION idea_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'sealed versions are immutable'; END $$`.execute(db);
    await sql`CREATE TRIGGER idea_versions_no_change BEFORE UPDATE OR DELETE ON idea_versions FOR EACH ROW EXECUTE FUNCTION idea_versions_immutable()`.execute(db);
  }

  // Stored files live in the database so that every instance serves the same bytes (issue 3, item 3).
  await table('stored_files')
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await table('idea_attachments')
    .addColumn('idea_id', 'integer', (c) => c.notNull().references('ideas.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('stored_files.id'))
    .addColumn('original_file_id', 'integer', (c) => c.references('stored_files.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idea_attachments_idea_idx').on('idea_attachments').column('idea_id').execute();

  // A retried submit or seal with the same Idempotency-Key answers what the first one answered (row 16).
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
}
