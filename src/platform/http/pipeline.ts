// The request pipeline, in the order a request meets it (before its body is even parsed):
// HTTPS in production → session → rate limit → policy → CSRF. Refusals throw AppError; the error
// handler answers and audits them.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../platform.ts';
import { AppError, pickLocale } from './errors.ts';
import { authorize, isAdminActor, isPolicyKey, type Actor } from '../policy/policy.ts';
import { findSessionWithUser, deleteSession, touchSession } from '../auth/accounts.repository.ts';
import { hashSessionToken, sessionCookieName, sessionCookieOptions, sessionState, TOUCH_INTERVAL_MS } from '../auth/sessions.ts';
import { passwordRotationDue } from '../auth/auth.rules.ts';
import type { RateLimiter } from './rate-limit.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return MUTATING.has(method);
}

export function makeOnRequest(p: Platform, limiter: RateLimiter) {
  return async function onRequest(req: FastifyRequest, reply: FastifyReply) {
    req.locale = pickLocale(req.headers['accept-language']);
    req.actor = null;
    req.sessionHash = null;
    req.auditDone = false;
    const key = req.routeOptions.config?.policy;
    if (!req.routeOptions.url) return; // 404: the not-found handler answers
    if (!isPolicyKey(key)) {
      if (req.routeOptions.schema?.hide) return; // the built web app's static files
      throw new AppError('FORBIDDEN'); // deny by default
    }

    if (p.config.env === 'production' && req.url.startsWith('/api/') && req.protocol !== 'https' && isMutating(req.method)) {
      throw new AppError('HTTPS_REQUIRED');
    }

    const sessionToken = req.cookies[sessionCookieName(p.config)];
    let csrfToken: string | null = null;
    if (sessionToken) {
      const resolved = await resolveSession(p, req, reply, sessionToken);
      if (resolved) {
        req.actor = resolved.actor;
        req.sessionHash = resolved.idHash;
        csrfToken = resolved.csrfToken;
      }
    }

    await limiter.check(req, reply);

    const decision = authorize(req.actor, key);
    if (decision === 'unauthenticated') throw new AppError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (decision === 'password-change-required') throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (decision === 'forbidden') throw new AppError('FORBIDDEN');

    if (isMutating(req.method)) checkCsrf(req, csrfToken);
  };
}

async function resolveSession(p: Platform, req: FastifyRequest, reply: FastifyReply, token: string) {
  const idHash = hashSessionToken(token);
  const row = await findSessionWithUser(p.db, idHash);
  if (!row || !row.active) {
    req.sessionExpired = true;
    reply.clearCookie(sessionCookieName(p.config), sessionCookieOptions(p.config));
    return null;
  }
  const now = p.clock.now();
  const { roles } = row;
  const idle = isAdminActor(roles) ? p.config.session.adminIdleMinutes : p.config.session.idleMinutes;
  if (sessionState(row, now, idle) !== 'active') {
    await deleteSession(p.db, idHash);
    req.sessionExpired = true;
    reply.clearCookie(sessionCookieName(p.config), sessionCookieOptions(p.config));
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) await touchSession(p.db, idHash, now.toISOString());
  const mustChange =
    row.must_change_password === 1 || passwordRotationDue(p.config, roles, row.password_changed_at, now);
  const actor: Actor = {
    userId: row.user_id,
    username: row.username,
    name: row.name,
    unitId: row.unit_id,
    roles,
    mustChangePassword: mustChange,
    sessionPublicId: row.public_id,
  };
  return { actor, idHash, csrfToken: row.csrf_token };
}

/**
 * CSRF (row 24): a cookie-authenticated write must carry the session's token in X-CSRF-Token, and
 * no write is accepted from another site (Origin / Sec-Fetch-Site), signed in or not.
 */
function checkCsrf(req: FastifyRequest, csrfToken: string | null) {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') throw new AppError('CSRF_FAILED');
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new AppError('CSRF_FAILED');
    }
    if (host !== req.headers.host) throw new AppError('CSRF_FAILED');
  } else if (origin === 'null') {
    throw new AppError('CSRF_FAILED');
  }
  if (csrfToken === null) return; // no session: nothing a forged request could ride on
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, csrfToken)) throw new AppError('CSRF_FAILED');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
