// Sign-in rules that are pure functions of stored facts and the clock.
import type { Config } from '../config.ts';
import type { Role } from '../../shared/roles.ts';
import { isAdminActor } from '../policy/policy.ts';

/** Row 3: under the `mlps` profile administrators change their password every 90 days; members never. */
export function passwordRotationDue(config: Config, roles: readonly { role: Role }[], passwordChangedAt: string, now: Date): boolean {
  if (config.passwordProfile !== 'mlps' || !isAdminActor(roles)) return false;
  return now.getTime() - Date.parse(passwordChangedAt) > config.adminPasswordMaxAgeDays * 86_400_000;
}

export function lockedFor(lockedUntil: string | null, now: Date): number {
  if (!lockedUntil) return 0;
  return Math.max(0, Date.parse(lockedUntil) - now.getTime());
}

/** How many previous passwords may not be reused (row 3). */
export const PASSWORD_HISTORY = 5;
