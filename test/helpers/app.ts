// Starts a real server on an ephemeral port over a real database: a fresh SQLite file, or a fresh
// PostgreSQL database created for the test file and dropped after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { openMigrated } from '../../src/platform/bootstrap.ts';
import { testConfig, type Config } from '../../src/platform/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { PG_ADMIN_URL } from './env.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: DialectName;
  config: Config;
  url: string | null;
  drop(): Promise<void>;
}

/** A new empty database of the given dialect (migrated when first opened). */
export async function createTestDatabase(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-test-'));
  if (dialect === 'sqlite') {
    const config = testConfig({ dataDir: dir, ...overrides });
    return { dialect, config, url: null, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `jdz_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const config = testConfig({ dataDir: dir, databaseUrl: url, ...overrides });
  return {
    dialect,
    config,
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  clock: ManualClock;
  database: Database;
  config: Config;
  logs: string[];
  close(): Promise<void>;
}

/** A listening server over `tdb` (several servers may share one database: "instances"). */
export async function startServer(tdb: TestDatabase, opts: { clock?: ManualClock; config?: Partial<Config> } = {}): Promise<TestServer> {
  const config = { ...tdb.config, ...opts.config };
  const database = await openMigrated(config);
  const clock = opts.clock ?? new ManualClock('2017-09-20T02:00:00.000Z');
  const logs: string[] = [];
  const logStream = { write: (line: string) => (logs.push(line), true) } as unknown as NodeJS.WritableStream;
  const app = await buildApp({ config: { ...config, logLevel: 'info' }, database, clock, logStream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    database,
    config,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Both dialects, with PostgreSQL only where it is reachable (required in CI). */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];
