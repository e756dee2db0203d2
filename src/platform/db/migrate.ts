// One ordered list of migrations for both dialects; names say what each one is for.
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './database.ts';
import * as foundation from './migrations/0001_foundation.ts';
import * as ideas from './migrations/0002_ideas.ts';
import * as wordImport from './migrations/0003_word_import.ts';
import * as originality from './migrations/0004_originality.ts';
import * as originalityChecks from './migrations/0005_originality_checks.ts';
import * as evaluation from './migrations/0006_evaluation.ts';
import * as fileChunks from './migrations/0007_file_chunks.ts';
import * as awards from './migrations/0008_awards.ts';
import * as officialStockPhrases from './migrations/0009_official_stock_phrases.ts';

type DialectMigration = { up(db: Kysely<any>, dialect: Dialect): Promise<void> };

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_foundation': foundation,
  '0002_ideas': ideas,
  '0003_word_import': wordImport,
  '0004_originality': originality,
  '0005_originality_checks': originalityChecks,
  '0006_evaluation': evaluation,
  '0007_file_chunks': fileChunks,
  '0008_awards': awards,
  '0009_official_stock_phrases': officialStockPhrases,
};

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) migrations[name] = { up: (d) => m.up(d, dialect) };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'jdz_migrations',
    migrationLockTableName: 'jdz_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
