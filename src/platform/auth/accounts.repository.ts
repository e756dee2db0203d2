// SQL for credentials and sessions: the users' sign-in columns, password history, sessions and
// the per-IP failure log (counters live in the database so that every instance sees them).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Role } from '../../shared/roles.ts';
import { param, precompiled } from '../db/precompiled.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function findUserForLogin(db: Db, login: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', login), eb('mobile', '=', login)]))
    .executeTakeFirst();
}

export async function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rolesOf(db: Db, userId: number): Promise<{ role: Role; sectorId: number | null }[]> {
  const rows = await db.selectFrom('user_roles').select(['role', 'sector_id']).where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => ({ role: r.role as Role, sectorId: r.sector_id }));
}

/** Atomic increment so that failures on two instances add up. Returns the new count. */
export async function incrementFailedLogins(db: Db, userId: number, now: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

export async function lockUser(db: Db, userId: number, until: string, now: string) {
  await db.updateTable('users').set({ locked_until: until, failed_logins: 0, updated_at: now }).where('id', '=', userId).execute();
}

export async function unlockUser(db: Db, userId: number, now: string) {
  await db.updateTable('users').set({ locked_until: null, failed_logins: 0, updated_at: now }).where('id', '=', userId).execute();
}

export async function recordSuccessfulLogin(db: Db, userId: number, now: string, newHash: string | null) {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now, ...(newHash ? { password_hash: newHash } : {}) })
    .where('id', '=', userId)
    .execute();
}

export async function setPassword(db: Db, userId: number, hash: string, now: string, opts: { mustChange: boolean; expiresAt: string | null }) {
  await db
    .updateTable('users')
    .set({
      password_hash: hash,
      must_change_password: opts.mustChange ? 1 : 0,
      password_changed_at: now,
      password_expires_at: opts.expiresAt,
      failed_logins: 0,
      locked_until: null,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await db.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
}

export async function recentPasswordHashes(db: Db, userId: number, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(count)
    .execute();
  return rows.map((r) => r.password_hash);
}

export async function recordIpFailure(db: Db, ip: string, now: string) {
  await db.insertInto('login_failures').values({ ip, at: now }).execute();
}

/** Failures from `ip` since `since`, oldest first (for Retry-After). */
export async function ipFailuresSince(db: Db, ip: string, since: string) {
  const rows = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('ip', '=', ip)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(rows.n), oldest: rows.oldest as string | null };
}

export async function purgeIpFailuresBefore(db: Db, before: string) {
  await db.deleteFrom('login_failures').where('at', '<', before).execute();
}

// ---- sessions ----

export interface NewSession {
  id_hash: string;
  public_id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export async function insertSession(db: Db, s: NewSession) {
  await db.insertInto('sessions').values(s).execute();
}

const sessionWithUser = precompiled((db) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.public_id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.username',
      'users.name',
      'users.unit_id',
      'users.active',
      'users.must_change_password',
      'users.password_changed_at',
      'user_roles.role',
      'user_roles.sector_id',
    ])
    .where('sessions.id_hash', '=', param<string>('idHash'))
    .orderBy('user_roles.role'),
);

/** The session with its user and the user's roles, in one query (every signed-in request needs all three). */
export async function findSessionWithUser(db: Db, idHash: string) {
  const rows = await sessionWithUser.all(db, { idHash });
  if (rows.length === 0) return undefined;
  const { role: _role, sector_id: _sector, ...session } = rows[0];
  const roles = rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Role, sectorId: r.sector_id }));
  return { ...session, roles };
}

export async function touchSession(db: Db, idHash: string, now: string) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionByPublicId(db: Db, userId: number, publicId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('public_id', '=', publicId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteUserSessions(db: Db, userId: number, exceptHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptHash) q = q.where('id_hash', '!=', exceptHash);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listUserSessions(db: Db, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['public_id', 'id_hash', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function purgeExpiredSessions(db: Db, now: string, idleBefore: string) {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleBefore)]))
    .execute();
}

/** What GET /api/me shows: the user, their unit and their session. */
export async function meFacts(db: Db, userId: number, idHash: string) {
  return db
    .selectFrom('users')
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.username',
      'users.name',
      'users.mobile',
      'users.must_change_password',
      'users.password_changed_at',
      'units.id as unit_id',
      'units.code as unit_code',
      'units.name as unit_name',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
    ])
    .where('users.id', '=', userId)
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}
