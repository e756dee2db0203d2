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
  | 'audit.view'
  | 'ideas.write' // write golden ideas (members and unit admins)
  | 'ideas.review' // review, return, approve and seal the unit's ideas (unit admins)
  | 'ideas.desk' // the bureau's desk: counts, all submissions, batches (overview roles)
  | 'ideas.import' // Word import (bureau admin)
  | 'campaigns.manage' // create and edit campaigns, grant extensions (bureau admin)
  | 'originality.report' // open an idea's originality report (bureau admin; unit admin for the own unit)
  | 'originality.references' // the reference library (bureau admin)
  | 'originality.settings' // thresholds, stock phrases, campaign-wide check (bureau admin)
  | 'evaluation.judge' // my reviews: score assigned golden ideas blind (judges)
  | 'evaluation.manage' // evaluation rounds, assignment, progress, results (bureau admin)
  | 'evaluation.judges' // judge accounts (bureau admin)
  | 'evaluation.notices' // the results under public notice (公示) and the unit's objections (unit admins)
  | 'evaluation.results'; // final results of the unit's ideas, a member's own (unit admins, members)

/**
 * The server's policy key behind each capability. Permissions live on the server
 * (src/platform/policy/policy.ts); /api/me lists the keys this user may call, and the scope says how
 * far they reach. The only choice made here is presentation: a user whose scope is one unit gets the
 * 本单位 page instead of the organisation lists.
 */
const POLICY_KEY: Record<Capability, string> = {
  'org.sectors.view': 'org.sectors.list',
  'org.sectors.setLeader': 'org.sectors.update',
  'org.units.view': 'org.units.list',
  'org.units.manage': 'org.units.create',
  'org.users.view': 'org.users.list',
  'org.users.manage': 'org.users.create',
  'org.users.manageOwnUnit': 'org.users.update',
  'org.import': 'org.import.units',
  'unit.own': 'org.users.list',
  'audit.view': 'audit.list',
  'ideas.write': 'ideas.create',
  'ideas.review': 'ideas.approve',
  'ideas.desk': 'ideas.summary',
  'ideas.import': 'ideas.import.upload',
  'campaigns.manage': 'campaigns.update',
  'originality.report': 'originality.report',
  'originality.references': 'originality.references.list',
  'originality.settings': 'originality.stock.update',
  'evaluation.judge': 'evaluation.my.list',
  'evaluation.manage': 'evaluation.rounds.list',
  'evaluation.judges': 'evaluation.judges.list',
  'evaluation.notices': 'evaluation.notices.list',
  'evaluation.results': 'evaluation.unit-results',
};

/** Capabilities that only make sense for a given reach of the user's scope. */
const SCOPE: Partial<Record<Capability, Me['scope'][]>> = {
  'org.sectors.view': ['all'],
  'org.units.view': ['all', 'sectors'],
  'org.users.view': ['all', 'sectors'],
  'org.users.manage': ['all'],
  'org.users.manageOwnUnit': ['unit'],
  'unit.own': ['unit'],
};

export function hasRole(me: Me | null | undefined, role: Role): boolean {
  return !!me?.roles.some((r) => r.role === role);
}

export function can(me: Me | null | undefined, cap: Capability): boolean {
  if (!me) return false;
  if (cap === 'unit.own' && !me.unit) return false;
  const scopes = SCOPE[cap];
  if (scopes && !scopes.includes(me.scope)) return false;
  return me.permissions.includes(POLICY_KEY[cap]);
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
