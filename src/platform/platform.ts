// What every module receives: configuration, the database, the clock and the logger.
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, Dialect } from './db/database.ts';
import type { DB } from './db/schema.ts';

export interface Platform {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  log: FastifyBaseLogger;
}
