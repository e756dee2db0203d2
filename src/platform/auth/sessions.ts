// Session rules (checklist rows 7–9), pure: tokens, cookie attributes, expiry.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';

export interface NewSessionToken {
  /** Goes to the browser only, never stored. */
  token: string;
  idHash: string;
  publicId: string;
  csrfToken: string;
}

export function newSessionToken(random: (n: number) => Buffer = randomBytes): NewSessionToken {
  const token = random(32).toString('base64url'); // 256 bits
  return { token, idHash: hashSessionToken(token), publicId: random(12).toString('hex'), csrfToken: random(32).toString('base64url') };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isHttpsDeployment(config: Config): boolean {
  return config.publicUrl?.startsWith('https://') ?? false;
}

/** `__Host-` needs Secure, so it is used exactly when we are served over HTTPS. */
export function sessionCookieName(config: Config): string {
  return isHttpsDeployment(config) ? '__Host-jdz_session' : 'jdz_session';
}

export function sessionCookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: isHttpsDeployment(config) };
}

export type SessionState = 'active' | 'idle-expired' | 'absolute-expired';

export function sessionState(
  s: { last_seen_at: string; expires_at: string },
  now: Date,
  idleMinutes: number,
): SessionState {
  const t = now.getTime();
  if (t >= Date.parse(s.expires_at)) return 'absolute-expired';
  if (t - Date.parse(s.last_seen_at) > idleMinutes * 60_000) return 'idle-expired';
  return 'active';
}

/** last_seen_at is written at most this often, so reads do not each cost a disk sync. */
export const TOUCH_INTERVAL_MS = 30_000;
