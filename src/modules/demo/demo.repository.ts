// The only SQL of the demo: finding out whether the database is empty, and the demo accounts' flags.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setDemoPasswords(db: Kysely<DB>, hash: string, now: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, must_change_password: 0, password_expires_at: null, failed_logins: 0, locked_until: null, password_changed_at: now })
    .where('is_demo', '=', 1)
    .execute();
}

export async function requireDemoPasswordChange(db: Kysely<DB>): Promise<number> {
  const r = await db.updateTable('users').set({ must_change_password: 1 }).where('is_demo', '=', 1).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
