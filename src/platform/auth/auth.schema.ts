// Request and response schemas of sign-in and the signed-in user. Requests are strict (row 14).
import { z } from 'zod';
import { ROLES } from '../../shared/roles.ts';

export const LoginBody = z
  .strictObject({
    /** 用户名或手机号 */
    username: z.string().min(1).max(64),
    /** Not trimmed or truncated: any Unicode, up to the policy's maximum. */
    password: z.string().min(1).max(1024),
  });

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const RoleOut = z.object({ role: z.enum(ROLES), sectorId: z.number().int().nullable() });

export const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  roles: z.array(RoleOut),
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  mustChangePassword: z.boolean(),
  /** True when the 90-day rotation of an administrator's password is due. */
  passwordExpired: z.boolean(),
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
  sessionExpiresAt: z.string(),
  lastSeenAt: z.string(),
  /** The policy keys this user may call: the web app shows menus and buttons from this, never from roles. */
  permissions: z.array(z.string()),
  /** Which units the user sees: all, their sector(s), their own unit, or none (policy.unitScope). */
  scope: z.enum(['all', 'sectors', 'unit', 'none']),
});
export type MeOut = z.infer<typeof Me>;

export const SessionsOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      lastSeenAt: z.string(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      current: z.boolean(),
    }),
  ),
});

export const PasswordPolicyOut = z.object({
  minLength: z.number().int(),
  maxLength: z.number().int(),
  minClasses: z.number().int(),
  recommendedLength: z.number().int(),
});
