// Foundation: organisation, accounts, sessions, login counters, the audit chain, campaigns.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  /** A table with an integer surrogate key, in each dialect's own way. */
  const table = (name: string) => {
    const t = db.schema.createTable(name);
    return dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  };
  const ts = 'varchar(30)';

  await table('sectors')
    .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(50)', (c) => c.notNull().unique())
    .addColumn('name_en', 'varchar(50)', (c) => c.notNull())
    .addColumn('leader_user_id', 'integer')
    .execute();

  await table('units')
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('sector_id', 'integer', (c) => c.notNull().references('sectors.id'))
    .addColumn('town', 'varchar(50)', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(50)')
    .addColumn('contact_phone', 'varchar(20)')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_sector_idx').on('units').column('sector_id').execute();

  await table('users')
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('mobile', 'varchar(20)', (c) => c.unique())
    .addColumn('email', 'varchar(254)')
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .addColumn('password_expires_at', ts)
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', ts)
    .addColumn('last_login_at', ts)
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_unit_idx').on('users').column('unit_id').execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('sector_id', 'integer', (c) => c.references('sectors.id'))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute();

  await table('password_history')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user_idx').on('password_history').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('public_id', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await table('login_failures')
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_ip_at_idx').on('login_failures').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('window_start', ts, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_counters_pk', ['key', 'window_start'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_role', 'varchar(20)')
    .addColumn('unit_id', 'integer')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'varchar(64)')
    .addColumn('outcome', 'varchar(10)', (c) => c.notNull())
    .addColumn('error_code', 'varchar(40)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  // After a retention purge the chain starts from the last purged record: its seq and hash live here.
  await db.schema
    .createTable('audit_anchor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('purged_before', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_id').execute();

  // The audit table is append-only at the database level (row 19): updates and deletes abort.
  // Retention purges go through a dedicated, audited path that disables nothing: see audit.retention.ts.
  if (dialect === 'sqlite') {
    // SQLite has no session settings: the retention purge flips this one-row guard inside its transaction.
    await db.schema.createTable('audit_purge_guard').addColumn('value', 'integer', (c) => c.notNull()).execute();
    await sql`INSERT INTO audit_purge_guard (value) VALUES (0)`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN (SELECT value FROM audit_purge_guard) = 0 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('jindianzi.audit_purge', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  }

  await table('campaigns')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('theme', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('topics_json', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await table('campaign_phases')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .execute();
  await table('campaign_deadlines')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('due_at', ts, (c) => c.notNull())
    .execute();
}
