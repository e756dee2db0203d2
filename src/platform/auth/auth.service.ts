// Sign-in, sign-out and password changes. Password hashing runs outside transactions (it takes
// tens of milliseconds); counters are changed atomically inside them.
import type { Transaction } from 'kysely';
import type { Platform } from '../platform.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { normalizeMobile, normalizeUsername } from '../../shared/text.ts';
import { hashPassword, verifyPassword, needsRehash, ARGON2_PARAMS } from './password-hash.ts';
import { checkPassword } from './password-policy.ts';
import * as repo from './accounts.repository.ts';
import { newSessionToken } from './sessions.ts';
import { lockedFor, PASSWORD_HISTORY } from './auth.rules.ts';

export type LoginFailure = { code: 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'TOO_MANY_ATTEMPTS' | 'PASSWORD_EXPIRED'; userId: number | null; vars: Record<string, number>; retryAfter?: number };
export type LoginResult =
  | { ok: true; userId: number; token: string; persist: (trx: Transaction<DB>) => Promise<void> }
  | ({ ok: false; justLocked?: boolean } & LoginFailure);

let dummyHash: Promise<string> | null = null;
/** Unknown usernames still pay for one hash, so timing does not tell which names exist (row 5). */
function dummy(): Promise<string> {
  const h = dummyHash ?? hashPassword('jdz-dummy-password-never-valid');
  dummyHash = h;
  return h;
}

export function normalizeLogin(raw: string): string {
  const m = normalizeMobile(raw);
  return /^\d{11}$/.test(m) ? m : normalizeUsername(raw);
}

/**
 * Decides a sign-in. Failures are recorded here (they must commit); a success returns `persist`,
 * which the route runs in the transaction that also writes the audit record.
 */
export async function login(
  p: Platform,
  input: { login: string; password: string; ip: string; userAgent: string | null },
): Promise<LoginResult> {
  const now = p.clock.now();
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - p.config.loginIpLimit.windowMinutes * 60_000).toISOString();

  // Per-IP guessing limit (row 6): only failures count, and it slows rather than bans.
  const ipFailures = await repo.ipFailuresSince(p.db, input.ip, windowStart);
  if (ipFailures.count >= p.config.loginIpLimit.maxFailures) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(ipFailures.oldest!) + p.config.loginIpLimit.windowMinutes * 60_000 - now.getTime()) / 1000));
    return { ok: false, code: 'TOO_MANY_ATTEMPTS', userId: null, vars: { seconds: retryAfter }, retryAfter };
  }

  const user = await repo.findUserForLogin(p.db, normalizeLogin(input.login));
  if (!user || !user.active) {
    await verifyPassword(await dummy(), input.password);
    await p.db.transaction().execute((trx) => repo.recordIpFailure(trx, input.ip, nowIso));
    return { ok: false, code: 'INVALID_CREDENTIALS', userId: user?.id ?? null, vars: {} };
  }
  const lockedMs = lockedFor(user.locked_until, now);
  if (lockedMs > 0) {
    return { ok: false, code: 'ACCOUNT_LOCKED', userId: user.id, vars: { minutes: Math.ceil(lockedMs / 60_000) }, retryAfter: Math.ceil(lockedMs / 1000) };
  }
  const good = await verifyPassword(user.password_hash, input.password);
  if (!good) {
    let locked = false;
    await p.db.transaction().execute(async (trx) => {
      await repo.recordIpFailure(trx, input.ip, nowIso);
      const n = await repo.incrementFailedLogins(trx, user.id, nowIso);
      if (n >= p.config.lockout.maxFailures) {
        await repo.lockUser(trx, user.id, new Date(now.getTime() + p.config.lockout.lockMinutes * 60_000).toISOString(), nowIso);
        locked = true;
      }
    });
    if (locked) return { ok: false, justLocked: true, code: 'ACCOUNT_LOCKED', userId: user.id, vars: { minutes: p.config.lockout.lockMinutes }, retryAfter: p.config.lockout.lockMinutes * 60 };
    return { ok: false, code: 'INVALID_CREDENTIALS', userId: user.id, vars: {} };
  }
  if (user.password_expires_at && Date.parse(user.password_expires_at) <= now.getTime()) {
    return { ok: false, code: 'PASSWORD_EXPIRED', userId: user.id, vars: {} };
  }
  const rehash = needsRehash(user.password_hash, ARGON2_PARAMS) ? await hashPassword(input.password) : null;
  const t = newSessionToken();
  const persist = async (trx: Transaction<DB>) => {
    await repo.recordSuccessfulLogin(trx, user.id, nowIso, rehash);
    await repo.insertSession(trx, {
      id_hash: t.idHash,
      public_id: t.publicId,
      user_id: user.id,
      csrf_token: t.csrfToken,
      created_at: nowIso,
      last_seen_at: nowIso,
      expires_at: new Date(now.getTime() + p.config.session.absoluteHours * 3_600_000).toISOString(),
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    });
  };
  return { ok: true, userId: user.id, token: t.token, persist };
}

/** Checks a new password against the rules and the last five; returns its hash. */
export async function acceptNewPassword(p: Platform, user: { id: number; username: string; mobile: string | null; name: string }, newPassword: string): Promise<string> {
  const verdict = checkPassword(newPassword, { username: user.username, mobile: user.mobile, name: user.name, profile: p.config.passwordProfile });
  if (!verdict.ok) {
    throw new AppError(
      'WEAK_PASSWORD',
      (locale) => ({ reasons: verdict.reasons.map((r) => (locale === 'zh-CN' ? r.zh : r.en)).join(locale === 'zh-CN' ? '；' : '; ') }),
      { reasons: verdict.reasons.map((r) => r.code) },
    );
  }
  for (const old of await repo.recentPasswordHashes(p.db, user.id, PASSWORD_HISTORY)) {
    if (await verifyPassword(old, newPassword)) throw new AppError('PASSWORD_REUSED', { count: PASSWORD_HISTORY });
  }
  return hashPassword(newPassword);
}
