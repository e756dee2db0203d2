// Sign-in, sign-out, password change, own sessions, and GET /api/me.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../http/errors.ts';
import { NoContent } from '../http/schemas.ts';
import { auditFailure, mutate } from '../http/mutate.ts';
import type { Platform } from '../platform.ts';
import { allowedPolicies, isAdminActor, unitScope } from '../policy/policy.ts';
import * as repo from './accounts.repository.ts';
import { acceptNewPassword, login } from './auth.service.ts';
import { ChangePasswordBody, LoginBody, Me, PasswordPolicyOut, SessionsOut, type MeOut } from './auth.schema.ts';
import { hashSessionToken, sessionCookieName, sessionCookieOptions } from './sessions.ts';
import { passwordRotationDue } from './auth.rules.ts';
import { verifyPassword } from './password-hash.ts';
import { PASSWORD_POLICY } from './password-policy.ts';

export async function loadMe(p: Platform, userId: number, idHash: string): Promise<MeOut> {
  const f = await repo.meFacts(p.db, userId, idHash);
  if (!f) throw new AppError('UNAUTHENTICATED');
  const roles = await repo.rolesOf(p.db, userId);
  const rotation = passwordRotationDue(p.config, roles, f.password_changed_at, p.clock.now());
  return {
    id: f.id,
    username: f.username,
    name: f.name,
    roles,
    unit: f.unit_id != null ? { id: f.unit_id, code: f.unit_code!, name: f.unit_name! } : null,
    mustChangePassword: f.must_change_password === 1 || rotation,
    passwordExpired: rotation,
    csrfToken: f.csrf_token,
    idleTimeoutSeconds: (isAdminActor(roles) ? p.config.session.adminIdleMinutes : p.config.session.idleMinutes) * 60,
    sessionExpiresAt: f.expires_at,
    lastSeenAt: f.last_seen_at,
    permissions: allowedPolicies(roles),
    scope: unitScope({ userId: f.id, username: f.username, name: f.name, unitId: f.unit_id, roles, mustChangePassword: false, sessionPublicId: '' }).kind,
  };
}

function signedIn(req: FastifyRequest) {
  if (!req.actor || !req.sessionHash) throw new AppError('UNAUTHENTICATED');
  return { actor: req.actor, idHash: req.sessionHash };
}

export async function registerAuthRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  const cookieName = sessionCookieName(p.config);
  const cookieOpts = sessionCookieOptions(p.config);

  app.post(
    '/api/auth/login',
    { config: { policy: 'auth.login' }, schema: { summary: '登录 / sign in', body: LoginBody, response: { 200: z.object({ user: Me }) } } },
    async (req, reply) => {
      const r = await login(p, { login: req.body.username, password: req.body.password, ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
      if (!r.ok) {
        if (r.justLocked) await auditFailure(req, 'ACCOUNT_LOCKED', { action: 'auth.lockout', target_type: 'user', target_id: String(r.userId) });
        req.auditDone = false;
        await auditFailure(req, r.code, { target_type: r.userId ? 'user' : null, target_id: r.userId ? String(r.userId) : null });
        throw new AppError(r.code, r.vars, r.retryAfter ? { retryAfterSeconds: r.retryAfter } : undefined, r.retryAfter ? { 'Retry-After': String(r.retryAfter) } : undefined);
      }
      // A session cookie sent before sign-in dies now (fixation, row 8).
      const old = req.cookies[cookieName];
      await mutate(
        req,
        async (trx, target) => {
          if (old) await repo.deleteSession(trx, hashSessionToken(old));
          await r.persist(trx);
          target('user', r.userId);
        },
        { actor_id: r.userId },
      );
      reply.setCookie(cookieName, r.token, cookieOpts);
      return { user: await loadMe(p, r.userId, hashSessionToken(r.token)) };
    },
  );

  app.post('/api/auth/logout', { config: { policy: 'auth.logout' }, schema: { summary: '退出登录 / sign out', response: { 204: NoContent } } }, async (req, reply) => {
    const { actor, idHash } = signedIn(req);
    await mutate(req, async (trx, target) => {
      await repo.deleteSession(trx, idHash);
      target('user', actor.userId);
    });
    reply.clearCookie(cookieName, cookieOpts);
    // Row 32: the browser forgets cached pages and stored drafts of this user.
    reply.header('Clear-Site-Data', '"cache", "storage"');
    return reply.status(204).send(null);
  });

  app.post(
    '/api/auth/logout-all',
    { config: { policy: 'auth.logout-all' }, schema: { summary: '退出所有设备 / sign out everywhere', response: { 200: z.object({ ended: z.number().int() }) } } },
    async (req, reply) => {
      const { actor } = signedIn(req);
      const ended = await mutate(req, async (trx, target) => {
        target('user', actor.userId);
        return repo.deleteUserSessions(trx, actor.userId);
      });
      reply.clearCookie(cookieName, cookieOpts);
      reply.header('Clear-Site-Data', '"cache", "storage"');
      return { ended };
    },
  );

  app.post(
    '/api/auth/change-password',
    { config: { policy: 'auth.change-password' }, schema: { summary: '修改密码 / change password', body: ChangePasswordBody, response: { 200: z.object({ user: Me }) } } },
    async (req) => {
      const { actor, idHash } = signedIn(req);
      const user = await repo.findUserById(p.db, actor.userId);
      if (!user) throw new AppError('UNAUTHENTICATED');
      if (!(await verifyPassword(user.password_hash, req.body.currentPassword))) throw new AppError('WRONG_PASSWORD');
      const hash = await acceptNewPassword(p, user, req.body.newPassword);
      const now = p.clock.now().toISOString();
      await mutate(req, async (trx, target) => {
        await repo.setPassword(trx, actor.userId, hash, now, { mustChange: false, expiresAt: null });
        // Other devices signed in with the old password are signed out (row 9).
        await repo.deleteUserSessions(trx, actor.userId, idHash);
        target('user', actor.userId);
      });
      return { user: await loadMe(p, actor.userId, idHash) };
    },
  );

  app.get(
    '/api/auth/sessions',
    { config: { policy: 'auth.sessions.list' }, schema: { summary: '我的会话 / my sessions', response: { 200: SessionsOut } } },
    async (req) => {
      const { actor, idHash } = signedIn(req);
      const rows = await repo.listUserSessions(p.db, actor.userId);
      return {
        items: rows.map((s) => ({ id: s.public_id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, ip: s.ip, userAgent: s.user_agent, current: s.id_hash === idHash })),
      };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    { config: { policy: 'auth.sessions.end' }, schema: { summary: '结束会话 / end a session', params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/) }), response: { 204: NoContent } } },
    async (req, reply) => {
      const { actor } = signedIn(req);
      await mutate(req, async (trx, target) => {
        const n = await repo.deleteSessionByPublicId(trx, actor.userId, req.params.id);
        if (!n) throw new AppError('NOT_FOUND');
        target('session', req.params.id);
      });
      return reply.status(204).send(null);
    },
  );

  app.get('/api/me', { config: { policy: 'me.read' }, schema: { summary: '当前用户 / signed-in user', response: { 200: Me } } }, async (req) => {
    const { actor, idHash } = signedIn(req);
    return loadMe(p, actor.userId, idHash);
  });

  app.get(
    '/api/auth/password-policy',
    { config: { policy: 'auth.password-policy' }, schema: { summary: '密码规则 / password rules', response: { 200: PasswordPolicyOut } } },
    async () => ({ ...PASSWORD_POLICY }),
  );
}
