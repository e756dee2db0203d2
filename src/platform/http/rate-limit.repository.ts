// The only SQL of the shared rate-limit counters.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** One atomic upsert per request, so instances on one PostgreSQL count together. */
export async function incrementCounter(db: Kysely<DB>, key: string, windowStart: string): Promise<number> {
  const row = await db
    .insertInto('rate_counters')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_counters.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function purgeCountersBefore(db: Kysely<DB>, prefix: string, windowStart: string) {
  await db.deleteFrom('rate_counters').where('window_start', '<', windowStart).where('key', 'like', `${prefix}%`).execute();
}
