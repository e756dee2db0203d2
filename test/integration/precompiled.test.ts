// Precompiled queries (src/platform/db/precompiled.ts) on both databases: the same rows as the query
// built each time, new values on every run (also inside a transaction), constants kept, and a clear
// error for a missing value or a parameter Kysely would write into the SQL instead of binding it.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { param, precompiled } from '../../src/platform/db/precompiled.ts';

const sectorsNamed = precompiled((db) => db.selectFrom('sectors').select(['id', 'name', 'code']).where('name_en', '=', param<string>('name')).where('code', '!=', 'never-a-code').orderBy('id'));
const insertSector = precompiled((db) => db.insertInto('sectors').values({ name: param('code'), code: param('code'), name_en: param('name') }));

describeDialects('precompiled queries', (_dialect, testDb) => {
  let database: Database;
  beforeAll(async () => {
    const { config } = testDb();
    database = await openDatabase({ sqliteFile: config.sqliteFile, databaseUrl: config.databaseUrl, poolSize: 2 });
    await migrateToLatest(database.db, database.dialect);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('binds new values on every run and returns what the built query returns', async () => {
    const { db } = database;
    await insertSector.run(db, { name: '高中段', code: 'PC-1' });
    await insertSector.run(db, { name: '初中段', code: 'PC-2' });
    await db.transaction().execute(async (trx) => {
      await insertSector.run(trx, { name: '高中段', code: 'PC-3' });
      expect((await sectorsNamed.all(trx, { name: '高中段' })).map((r) => r.code)).toEqual(['PC-1', 'PC-3']);
    });
    for (const name of ['高中段', '初中段', '无此学段']) {
      const built = await db.selectFrom('sectors').select(['id', 'name', 'code']).where('name_en', '=', name).orderBy('id').execute();
      expect(await sectorsNamed.all(db, { name })).toEqual(built);
    }
    expect((await sectorsNamed.first(db, { name: '初中段' }))?.code).toBe('PC-2');
    expect(await sectorsNamed.first(db, { name: '无此学段' })).toBeUndefined();
  });

  it('refuses a run without a value, and a parameter that would be written into the SQL', async () => {
    const { db } = database;
    await expect(sectorsNamed.all(db, {})).rejects.toThrow(/no value for parameter name/);
    const inlined = precompiled((d) => d.selectFrom('sectors').select('id').where('name_en', '=', sql.lit(param<string>('name'))));
    await expect(inlined.all(db, { name: 'x' })).rejects.toThrow(/inlines a parameter/);
  });
});
