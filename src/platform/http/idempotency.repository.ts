// The only SQL of idempotency keys (row 16): a retried submit or seal answers what the first answered.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function findKey(db: Db, userId: number, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
}

export async function insertKey(trx: Db, v: DB['idempotency_keys']) {
  await trx.insertInto('idempotency_keys').values(v).execute();
}

export async function setKeyResponse(trx: Db, userId: number, key: string, response: string) {
  await trx.updateTable('idempotency_keys').set({ response }).where('user_id', '=', userId).where('key', '=', key).execute();
}

/** Keys older than `before` are forgotten (a retry comes within minutes, not days). */
export async function purgeKeys(db: Db, before: string) {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
