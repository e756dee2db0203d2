// The only SQL of the organisation module. Every id-bearing read takes the caller's scope, so a
// unit or user outside it is simply not found (row 13).
import type { Kysely, Transaction, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { UnitScope } from '../../platform/policy/policy.ts';
import type { Role } from '../../shared/roles.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Limits a query that joins `units` to the caller's scope. Users are seen through the unit they
 * belong to, so the same filter serves units and users (bureau-level accounts without a unit are
 * seen only with the 'all' scope).
 */
function inScope<Q extends SelectQueryBuilder<DB, 'units', unknown> | SelectQueryBuilder<DB, 'users' | 'units', unknown>>(query: Q, scope: UnitScope): Q {
  // Both shapes have `units` in scope; Kysely cannot see that through the union, hence the cast.
  const q = query as unknown as SelectQueryBuilder<DB, 'units', unknown>;
  switch (scope.kind) {
    case 'all':
      return query;
    case 'sectors':
      return q.where('units.sector_id', 'in', scope.sectorIds) as unknown as Q;
    case 'unit':
      return q.where('units.id', '=', scope.unitId) as unknown as Q;
    case 'none':
      return q.where('units.id', '=', -1) as unknown as Q;
  }
}

// ---- sectors ----

export async function listSectors(db: Db) {
  return db
    .selectFrom('sectors')
    .leftJoin('users', 'users.id', 'sectors.leader_user_id')
    .select((eb) => [
      'sectors.id',
      'sectors.code',
      'sectors.name',
      'sectors.name_en',
      'sectors.leader_user_id',
      'users.name as leader_name',
      eb.selectFrom('units').select(eb.fn.countAll<number>().as('n')).whereRef('units.sector_id', '=', 'sectors.id').as('unit_count'),
    ])
    .orderBy('sectors.id')
    .execute();
}

export async function setSectorLeader(db: Db, sectorId: number, userId: number | null) {
  const r = await db.updateTable('sectors').set({ leader_user_id: userId }).where('id', '=', sectorId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function sectorsByKey(db: Db) {
  return db.selectFrom('sectors').select(['id', 'code', 'name']).execute();
}

// ---- units ----

function unitSelect(db: Db) {
  return db
    .selectFrom('units')
    .innerJoin('sectors', 'sectors.id', 'units.sector_id')
    .select((eb) => [
      'units.id',
      'units.code',
      'units.name',
      'units.type',
      'units.sector_id',
      'sectors.name as sector_name',
      'units.town',
      'units.contact_name',
      'units.contact_phone',
      'units.active',
      eb.selectFrom('users').select(eb.fn.countAll<number>().as('n')).whereRef('users.unit_id', '=', 'units.id').as('member_count'),
    ]);
}
export type UnitRow = Awaited<ReturnType<ReturnType<typeof unitSelect>['executeTakeFirstOrThrow']>>;

export interface UnitFilter {
  q?: string;
  sectorId?: number;
  type?: string;
  active?: boolean;
  offset: number;
  limit: number;
}

export async function listUnits(db: Db, scope: UnitScope, f: UnitFilter) {
  let q = inScope(unitSelect(db), scope);
  if (f.q) q = q.where((eb) => eb.or([eb('units.name', 'like', `%${f.q}%`), eb('units.code', 'like', `%${f.q}%`), eb('units.town', 'like', `%${f.q}%`)]));
  if (f.sectorId) q = q.where('units.sector_id', '=', f.sectorId);
  if (f.type) q = q.where('units.type', '=', f.type);
  if (f.active !== undefined) q = q.where('units.active', '=', f.active ? 1 : 0);
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q.orderBy('units.code').offset(f.offset).limit(f.limit).execute();
  return { items, total: Number(total.n) };
}

export async function getUnit(db: Db, scope: UnitScope, id: number) {
  return inScope(unitSelect(db), scope).where('units.id', '=', id).executeTakeFirst();
}

export async function findUnitByCodeOrName(db: Db, code: string, name: string) {
  return db.selectFrom('units').select(['id', 'code', 'name']).where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)])).execute();
}

export interface UnitValues {
  code: string;
  name: string;
  type: string;
  sector_id: number;
  town: string;
  contact_name: string | null;
  contact_phone: string | null;
}

export async function insertUnit(db: Db, v: UnitValues, now: string): Promise<number> {
  const r = await db.insertInto('units').values({ ...v, active: 1, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateUnit(db: Db, id: number, v: Partial<UnitValues> & { active?: number }, now: string) {
  await db.updateTable('units').set({ ...v, updated_at: now }).where('id', '=', id).execute();
}

export async function allUnitCodes(db: Db) {
  return db.selectFrom('units').select(['id', 'code', 'name', 'sector_id']).execute();
}

// ---- users ----

function userSelect(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.username',
      'users.name',
      'users.mobile',
      'users.email',
      'users.unit_id',
      'units.name as unit_name',
      'units.sector_id as unit_sector_id',
      'users.active',
      'users.must_change_password',
      'users.last_login_at',
      'users.locked_until',
    ]);
}
export type UserRow = Awaited<ReturnType<ReturnType<typeof userSelect>['executeTakeFirstOrThrow']>>;

export interface UserFilter {
  q?: string;
  unitId?: number;
  role?: Role;
  active?: boolean;
  /** Stale accounts (row 1): not signed in since this instant (or never, and created before it). */
  inactiveBefore?: string;
  offset: number;
  limit: number;
}

export async function listUsers(db: Db, scope: UnitScope, f: UserFilter) {
  let q = inScope(userSelect(db), scope);
  if (f.q) q = q.where((eb) => eb.or([eb('users.name', 'like', `%${f.q}%`), eb('users.username', 'like', `%${f.q!.toLowerCase()}%`), eb('users.mobile', '=', f.q!)]));
  if (f.unitId) q = q.where('users.unit_id', '=', f.unitId);
  if (f.role) q = q.where('users.id', 'in', db.selectFrom('user_roles').select('user_id').where('role', '=', f.role));
  if (f.active !== undefined) q = q.where('users.active', '=', f.active ? 1 : 0);
  if (f.inactiveBefore) {
    const before = f.inactiveBefore;
    q = q.where((eb) => eb.or([eb('users.last_login_at', '<', before), eb.and([eb('users.last_login_at', 'is', null), eb('users.created_at', '<', before)])]));
  }
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await q.orderBy('users.id').offset(f.offset).limit(f.limit).execute();
  return { items, total: Number(total.n) };
}

export async function getUser(db: Db, scope: UnitScope, id: number) {
  return inScope(userSelect(db), scope).where('users.id', '=', id).executeTakeFirst();
}

export async function rolesOfUsers(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, { role: Role; sectorId: number | null }[]>();
  const rows = await db.selectFrom('user_roles').select(['user_id', 'role', 'sector_id']).where('user_id', 'in', ids).orderBy('role').execute();
  const map = new Map<number, { role: Role; sectorId: number | null }[]>();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({ role: r.role as Role, sectorId: r.sector_id });
    map.set(r.user_id, list);
  }
  return map;
}

export async function findUserConflicts(db: Db, username: string | null, mobile: string | null, exceptId?: number) {
  let q = db.selectFrom('users').select(['id', 'username', 'mobile']);
  q = q.where((eb) => {
    const ors = [];
    if (username) ors.push(eb('username', '=', username));
    if (mobile) ors.push(eb('mobile', '=', mobile));
    return ors.length ? eb.or(ors) : eb.val(false);
  });
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.execute();
}

export async function allUsernamesAndMobiles(db: Db) {
  return db.selectFrom('users').select(['username', 'mobile']).execute();
}

export interface UserValues {
  username: string;
  name: string;
  mobile: string | null;
  email: string | null;
  unit_id: number | null;
  password_hash: string;
  must_change_password: number;
  password_expires_at: string | null;
  is_demo: number;
}

export async function insertUser(db: Db, v: UserValues, now: string): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({ ...v, active: 1, password_changed_at: now, failed_logins: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('password_history').values({ user_id: r.id, password_hash: v.password_hash, created_at: now }).execute();
  return r.id;
}

export async function updateUser(db: Db, id: number, v: Partial<Pick<UserValues, 'name' | 'mobile' | 'email' | 'unit_id'>> & { active?: number }, now: string) {
  await db.updateTable('users').set({ ...v, updated_at: now }).where('id', '=', id).execute();
}

export async function replaceRoles(db: Db, userId: number, roles: { role: Role; sectorId: number | null }[]) {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length) await db.insertInto('user_roles').values(roles.map((r) => ({ user_id: userId, role: r.role, sector_id: r.sectorId }))).execute();
}
