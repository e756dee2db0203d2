// Runs a suite once per database dialect. PostgreSQL suites skip with a printed reason where no
// server is reachable (a stranger's fresh clone) and fail where it is required (CI).
import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase, DIALECTS, type DialectName, type TestDatabase } from './app.ts';
import { requirePostgres } from './env.ts';

const pg = await Promise.resolve(requirePostgres());

export function describeDialects(name: string, body: (dialect: DialectName, db: () => TestDatabase) => void) {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !pg.available;
    describe.skipIf(skip)(`${name} [${dialect}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await db?.drop();
      });
      body(dialect, () => {
        if (!db) throw new Error('test database not created');
        return db;
      });
    });
  }
}
