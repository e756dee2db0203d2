// What each role may see and do in the web shell. The server enforces the same rules; this only
// decides which menu items and buttons to show.
import type { Role } from '../../src/shared/roles';
import type { Id, Me } from './types';

export type Capability =
  | 'org.sectors.view'
  | 'org.sectors.setLeader'
  | 'org.units.view'
  | 'org.units.manage'
  | 'org.users.view'
  | 'org.users.manage' // any account, any role
  | 'org.users.manageOwnUnit' // members of the caller's own unit (edit, deactivate, reset, unlock)
  | 'org.import'
  | 'unit.own'
  | 'audit.view';

const CAPABILITIES: Record<Role, Capability[]> = {
  bureau_admin: [
    'org.sectors.view', 'org.sectors.setLeader', 'org.units.view', 'org.units.manage', 'org.users.view',
    'org.users.manage', 'org.import', 'audit.view',
  ],
  leader: ['org.sectors.view', 'org.units.view', 'org.users.view'],
  inspector: ['org.sectors.view', 'org.units.view', 'org.users.view'],
  sector_leader: ['org.units.view', 'org.users.view'],
  unit_admin: ['unit.own', 'org.users.manageOwnUnit'],
  member: [],
  judge: [],
};

/** The server's policy key behind each capability: when /api/me lists `permissions`, both must allow. */
const POLICY_KEY: Record<Capability, string> = {
  'org.sectors.view': 'org.sectors.list',
  'org.sectors.setLeader': 'org.sectors.update',
  'org.units.view': 'org.units.list',
  'org.units.manage': 'org.units.create',
  'org.users.view': 'org.users.list',
  'org.users.manage': 'org.users.create',
  'org.users.manageOwnUnit': 'org.users.update',
  'org.import': 'org.import.units',
  'unit.own': 'org.units.read',
  'audit.view': 'audit.list',
};

export function hasRole(me: Me | null | undefined, role: Role): boolean {
  return !!me?.roles.some((r) => r.role === role);
}

export function can(me: Me | null | undefined, cap: Capability): boolean {
  if (!me) return false;
  if (cap === 'unit.own' && !me.unit) return false;
  if (me.permissions && !me.permissions.includes(POLICY_KEY[cap])) return false;
  return me.roles.some((r) => CAPABILITIES[r.role]?.includes(cap));
}

/** Whether the caller may edit/deactivate this account (by unit when only unit-scoped). */
export function canManageUser(me: Me | null | undefined, userUnitId: Id | null): boolean {
  if (can(me, 'org.users.manage')) return true;
  return can(me, 'org.users.manageOwnUnit') && !!me?.unit && userUnitId !== null && String(me.unit.id) === String(userUnitId);
}

/** A sector leader's sector (they only see that sector's units and users). */
export function sectorScope(me: Me | null | undefined): Id | null {
  if (!me || can(me, 'org.sectors.view')) return null;
  return me.roles.find((r) => r.role === 'sector_leader')?.sectorId ?? null;
}
