// Start-up: open the database, migrate, make sure the four sectors exist, check durability, and
// (for `start`) seed the demo on first start.
import type { Config } from './config.ts';
import { checkPostgresDurability, openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { SECTORS } from '../shared/roles.ts';

export async function openMigrated(config: Config): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db, database.dialect);
    await ensureSectors(database);
    if (database.dialect === 'postgres' && config.env === 'production') {
      const problems = await checkPostgresDurability(database.db);
      if (problems.length) {
        throw new Error(`PostgreSQL 持久化设置不安全，拒绝以生产模式启动 / unsafe PostgreSQL durability settings: ${problems.join(', ')}`);
      }
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** The four sectors of the notice exist in every installation; their leaders are set in the app. */
export async function ensureSectors(database: Database) {
  const { db } = database;
  const have = new Set((await db.selectFrom('sectors').select('code').execute()).map((s) => s.code));
  const missing = SECTORS.filter((s) => !have.has(s.code));
  if (missing.length) {
    await db
      .insertInto('sectors')
      .values(missing.map((s) => ({ code: s.code, name: s.name, name_en: s.nameEn, leader_user_id: null })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}
