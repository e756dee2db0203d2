// Use cases of the organisation module. Each runs inside the request's transaction (mutate), checks
// the caller's scope, and raises catalogue errors; SQL stays in the repository.
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Platform } from '../../platform/platform.ts';
import { AppError } from '../../platform/http/errors.ts';
import { grantableRoles, unitScope, userManageScope, type Actor } from '../../platform/policy/policy.ts';
import { generateInitialPassword } from '../../platform/auth/password-policy.ts';
import { hashPassword } from '../../platform/auth/password-hash.ts';
import { deleteUserSessions, unlockUser, setPassword } from '../../platform/auth/accounts.repository.ts';
import { normalizeMobile, normalizeUsername } from '../../shared/text.ts';
import type { Role } from '../../shared/roles.ts';
import * as repo from './org.repository.ts';

type Trx = Transaction<DB>;

export interface RoleInput {
  role: Role;
  sectorId?: number | null;
}

/** A unit or user outside the caller's scope answers like a missing one (404, row 13). */
export async function visibleUnit(db: Trx | Platform['db'], actor: Actor, id: number) {
  const u = await repo.getUnit(db, unitScope(actor), id);
  if (!u) throw new AppError('NOT_FOUND');
  return u;
}

export async function visibleUser(db: Trx | Platform['db'], actor: Actor, id: number) {
  const u = await repo.getUser(db, unitScope(actor), id);
  if (!u) throw new AppError('NOT_FOUND');
  return u;
}

/** The user, if the actor may change this account; otherwise 404 (unseen) or 403 (seen, not theirs). */
export async function manageableUser(trx: Trx, actor: Actor, id: number) {
  const u = await visibleUser(trx, actor, id);
  const scope = userManageScope(actor);
  if (scope.kind === 'all') return u;
  if (scope.kind === 'unit-members' && u.unit_id === scope.unitId) {
    const roles = (await repo.rolesOfUsers(trx, [id])).get(id) ?? [];
    if (roles.every((r) => r.role === 'member')) return u;
  }
  throw new AppError('FORBIDDEN');
}

export async function assertUnitFree(trx: Trx, code: string, name: string, exceptId?: number) {
  for (const u of await repo.findUnitByCodeOrName(trx, code, name)) {
    if (u.id === exceptId) continue;
    if (u.code === code) throw new AppError('UNIT_CODE_TAKEN', { code });
    throw new AppError('UNIT_NAME_TAKEN', { name });
  }
}

/** Checks roles against what the actor may grant, and fills/validates the sector of a sector leader. */
export function checkRoles(actor: Actor, roles: RoleInput[], unitId: number | null): { role: Role; sectorId: number | null }[] {
  const allowed = grantableRoles(actor);
  const seen = new Set<Role>();
  const out: { role: Role; sectorId: number | null }[] = [];
  for (const r of roles) {
    if (!allowed.includes(r.role)) throw new AppError('FORBIDDEN');
    if (seen.has(r.role)) continue;
    seen.add(r.role);
    if (r.role === 'sector_leader' && !r.sectorId) {
      throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? '板块负责人须指定板块' : 'a sector leader needs a sector' }));
    }
    if ((r.role === 'unit_admin' || r.role === 'member') && unitId == null) {
      throw new AppError('VALIDATION_FAILED', (l) => ({ detail: l === 'zh-CN' ? '单位管理员和教职工须指定所属单位' : 'unit admins and members need a unit' }));
    }
    out.push({ role: r.role, sectorId: r.role === 'sector_leader' ? (r.sectorId ?? null) : null });
  }
  return out;
}

export async function assertUserFree(trx: Trx, username: string | null, mobile: string | null, exceptId?: number) {
  for (const c of await repo.findUserConflicts(trx, username, mobile, exceptId)) {
    if (username && c.username === username) throw new AppError('USERNAME_TAKEN', { username });
    throw new AppError('MOBILE_TAKEN');
  }
}

/** A generated password: must be changed at first sign-in and expires unused after 72 h (row 3). */
export async function newInitialPassword(p: Platform) {
  const password = generateInitialPassword();
  const hash = await hashPassword(password);
  const expiresAt = new Date(p.clock.now().getTime() + p.config.initialPasswordTtlHours * 3_600_000).toISOString();
  return { password, hash, expiresAt };
}

export interface CreateUserInput {
  username: string;
  name: string;
  mobile?: string | null;
  email?: string | null;
  unitId?: number | null;
  roles: RoleInput[];
}

export async function createUser(p: Platform, trx: Trx, actor: Actor, input: CreateUserInput, initial: { hash: string; expiresAt: string }) {
  const scope = userManageScope(actor);
  const unitId = scope.kind === 'unit-members' ? scope.unitId : (input.unitId ?? null);
  if (scope.kind === 'unit-members' && input.unitId != null && input.unitId !== scope.unitId) throw new AppError('NOT_FOUND');
  if (unitId != null) await visibleUnit(trx, actor, unitId);
  const roles = checkRoles(actor, input.roles, unitId);
  const username = normalizeUsername(input.username);
  const mobile = input.mobile ? normalizeMobile(input.mobile) : null;
  await assertUserFree(trx, username, mobile);
  const now = p.clock.now().toISOString();
  const id = await repo.insertUser(
    trx,
    { username, name: input.name, mobile, email: input.email ?? null, unit_id: unitId, password_hash: initial.hash, must_change_password: 1, password_expires_at: initial.expiresAt, is_demo: 0 },
    now,
  );
  await repo.replaceRoles(trx, id, roles);
  return id;
}

export async function updateUser(p: Platform, trx: Trx, actor: Actor, id: number, input: Partial<Omit<CreateUserInput, 'username'>>) {
  const user = await manageableUser(trx, actor, id);
  const scope = userManageScope(actor);
  if (input.roles && id === actor.userId) throw new AppError('SELF_ROLE_CHANGE');
  if (scope.kind === 'unit-members' && input.unitId !== undefined && input.unitId !== scope.unitId) throw new AppError('FORBIDDEN');
  const unitId = input.unitId !== undefined ? input.unitId : user.unit_id;
  if (unitId != null && input.unitId !== undefined) await visibleUnit(trx, actor, unitId);
  const mobile = input.mobile !== undefined ? (input.mobile ? normalizeMobile(input.mobile) : null) : undefined;
  if (mobile) await assertUserFree(trx, null, mobile, id);
  const now = p.clock.now().toISOString();
  await repo.updateUser(trx, id, { name: input.name, mobile, email: input.email === undefined ? undefined : input.email, unit_id: input.unitId === undefined ? undefined : input.unitId }, now);
  if (input.roles) {
    await repo.replaceRoles(trx, id, checkRoles(actor, input.roles, unitId));
    // New privileges start with a fresh sign-in (row 8).
    await deleteUserSessions(trx, id);
  } else if (input.unitId !== undefined) {
    const roles = (await repo.rolesOfUsers(trx, [id])).get(id) ?? [];
    checkRoles({ ...actor, roles: [{ role: 'bureau_admin', sectorId: null }] }, roles, unitId);
  }
}

export async function setUserActive(p: Platform, trx: Trx, actor: Actor, id: number, active: boolean) {
  await manageableUser(trx, actor, id);
  if (id === actor.userId) throw new AppError('SELF_ROLE_CHANGE');
  await repo.updateUser(trx, id, { active: active ? 1 : 0 }, p.clock.now().toISOString());
  if (!active) await deleteUserSessions(trx, id); // a deactivated user is out at the next request (row 9)
}

export async function resetPassword(p: Platform, trx: Trx, actor: Actor, id: number, initial: { hash: string; expiresAt: string }) {
  // An administrator's own password changes only with the current one (no bypass through this route).
  if (id === actor.userId) throw new AppError('SELF_RESET');
  await manageableUser(trx, actor, id);
  await setPassword(trx, id, initial.hash, p.clock.now().toISOString(), { mustChange: true, expiresAt: initial.expiresAt });
  await deleteUserSessions(trx, id);
}

/** Row 9: an administrator signs a user out of every device. */
export async function endSessions(trx: Trx, actor: Actor, id: number): Promise<number> {
  await manageableUser(trx, actor, id);
  return deleteUserSessions(trx, id);
}

export async function unlock(p: Platform, trx: Trx, actor: Actor, id: number) {
  await manageableUser(trx, actor, id);
  await unlockUser(trx, id, p.clock.now().toISOString());
}
