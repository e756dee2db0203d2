// What each viewer may see of units and users: phones whole only where the role needs them.
import type { Actor } from '../../platform/policy/policy.ts';
import { canSeeFullPhones } from '../../platform/policy/policy.ts';
import { maskMobile } from '../../shared/text.ts';
import type { UnitType } from '../../shared/roles.ts';
import type { Role } from '../../shared/roles.ts';
import type { UnitRow, UserRow } from './org.repository.ts';

export function presentUnit(row: UnitRow, viewer: Actor) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    type: row.type as UnitType,
    sectorId: row.sector_id,
    sectorName: row.sector_name,
    town: row.town,
    contactName: row.contact_name,
    contactPhone: canSeeFullPhones(viewer) ? row.contact_phone : maskMobile(row.contact_phone),
    active: row.active === 1,
    memberCount: Number(row.member_count ?? 0),
  };
}

export function presentUser(row: UserRow, roles: { role: Role; sectorId: number | null }[], viewer: Actor) {
  const own = viewer.userId === row.id;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    mobile: own || canSeeFullPhones(viewer) ? row.mobile : maskMobile(row.mobile),
    email: own || canSeeFullPhones(viewer) ? row.email : null,
    unitId: row.unit_id,
    unitName: row.unit_name,
    roles,
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    lastLoginAt: row.last_login_at,
    lockedUntil: row.locked_until,
  };
}
