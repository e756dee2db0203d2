// Requests and responses of the organisation module (R1). Requests are strict: unknown fields are
// refused, and unitId/roles are only settable where the policy allows (the service checks).
import { z } from 'zod';
import { ROLES, UNIT_TYPES } from '../../shared/roles.ts';
import { isMobile } from '../../shared/text.ts';
import { Id, IdParam } from '../../shared/ids.ts';

const trimmed = (max: number) => z.string().trim().min(1).max(max);
/** 联系电话: a mainland mobile, or a landline with its area code (0576-87771234). */
export const Phone = z
  .string()
  .trim()
  .max(20)
  .refine((v) => isMobile(v) || /^0\d{2,3}-?\d{7,8}$/.test(v.normalize('NFKC')), { message: '请填写手机号或带区号的固定电话 / mobile or landline with area code' });
const Mobile = z.string().trim().refine(isMobile, { message: '手机号格式不正确 / invalid mobile number' });

export const IdParams = z.strictObject({ id: IdParam });

export const Paging = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const SectorOut = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  leaderUserId: z.number().int().nullable(),
  leaderName: z.string().nullable(),
  unitCount: z.number().int(),
});

export const SectorUpdate = z.strictObject({ leaderUserId: Id.nullable() });

export const UnitOut = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: z.enum(UNIT_TYPES),
  sectorId: z.number().int(),
  sectorName: z.string(),
  town: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
  memberCount: z.number().int(),
});

export const UnitQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  sectorId: IdParam.optional(),
  type: z.enum(UNIT_TYPES).optional(),
  active: z.enum(['true', 'false']).optional(),
  ...Paging,
});

export const UnitCreate = z.strictObject({
  code: z.string().trim().normalize('NFKC').regex(/^[A-Za-z0-9_-]{1,32}$/),
  name: trimmed(100),
  type: z.enum(UNIT_TYPES),
  sectorId: Id,
  town: trimmed(50),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: Phone.nullable().optional(),
});
export const UnitUpdate = UnitCreate.partial();

export const RoleIn = z.strictObject({ role: z.enum(ROLES), sectorId: Id.nullable().optional() });

export const UserOut = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  /** Whole only for the bureau and the user's own unit admin; masked for other roles. */
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), sectorId: z.number().int().nullable() })),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});

export const UserQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  unitId: IdParam.optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
  /** Accounts not used for this many days (e.g. 90: the stale-account report). */
  inactiveDays: z.coerce.number().int().min(1).max(3650).optional(),
  ...Paging,
});

export const UserCreate = z.strictObject({
  username: z.string().trim().normalize('NFKC').regex(/^[A-Za-z0-9._-]{3,32}$/),
  name: trimmed(50),
  mobile: Mobile.nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  unitId: Id.nullable().optional(),
  roles: z.array(RoleIn).min(1).max(7),
});
export const UserUpdate = UserCreate.omit({ username: true }).partial();

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
