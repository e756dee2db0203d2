// Sign-in, lockout, sessions and passwords over real HTTP, on SQLite and PostgreSQL (rows 1–9, 24).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer, type TestDatabase } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { buildCast, buildUser, PASSWORD } from '../helpers/factories.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { hashPassword, parsePhc } from '../../src/platform/auth/password-hash.ts';

describeDialects('sign-in and sessions', (dialect, getDb: () => TestDatabase) => {
  let a: TestServer;
  let b: TestServer;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2017-09-20T02:00:00.000Z');
    a = await startServer(getDb(), { clock });
    b = await startServer(getDb(), { clock }); // a second instance on the same database
    await buildCast(a.database);
    await buildUser(a.database, { username: 'fresh', role: 'member', mustChange: true, mobile: '13900000003' });
    for (const n of [1, 2, 3, 4, 5, 6]) await buildUser(a.database, { username: `lock${n}`, role: 'judge' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('signs in by username or by mobile (full-width digits too), and /api/me shows roles and unit', async () => {
    const c = new Client(a.url);
    const r = await c.login('MEMBER', PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('member');
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual([{ role: 'member', sectorId: null }]);
    expect(me.body.unit.name).toBe('城关第一小学');
    const byMobile = await new Client(a.url).login('１３８０００００００１', PASSWORD);
    expect(byMobile.status).toBe(200);
    expect(byMobile.body.user.username).toBe('member');
  });

  it('sets a hardened session cookie and stores only its hash', async () => {
    const c = new Client(a.url);
    const r = await c.login('judge', PASSWORD);
    const cookie = r.headers.getSetCookie().find((x) => x.startsWith('jdz_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const token = c.cookies.get('jdz_session')!;
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const rows = await a.database.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('answers wrong password and unknown user identically', async () => {
    const wrong = await new Client(a.url).post('/api/auth/login', { username: 'leader', password: 'nope-nope-1A' });
    const unknown = await new Client(a.url).post('/api/auth/login', { username: 'nobody-here', password: 'nope-nope-1A' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe(unknown.body.error.code);
    expect(wrong.body.error.message).toBe('用户名或密码错误。');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('locks an account after 5 failures across two instances, for 15 minutes, and audits it', async () => {
    const bad = { username: 'lock1', password: 'Wrong#Pass123' };
    for (let i = 0; i < 3; i++) expect((await new Client(a.url).post('/api/auth/login', bad)).status).toBe(401);
    expect((await new Client(b.url).post('/api/auth/login', bad)).status).toBe(401);
    const fifth = await new Client(b.url).post('/api/auth/login', bad);
    expect(fifth.status).toBe(423);
    const good = await new Client(a.url).post('/api/auth/login', { username: 'lock1', password: PASSWORD });
    expect(good.status).toBe(423);
    expect(good.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(good.body.error.message).toContain('账号已锁定');
    expect(good.headers.get('retry-after')).toBeTruthy();
    const audit = await a.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'auth.lockout').execute();
    expect(audit.length).toBe(1);
    clock.advance(15 * 60_000 + 1000);
    expect((await new Client(b.url).login('lock1', PASSWORD)).status).toBe(200);
  });

  it('lets an administrator unlock a locked account', async () => {
    for (let i = 0; i < 5; i++) await new Client(a.url).post('/api/auth/login', { username: 'lock2', password: 'Wrong#Pass123' });
    expect((await new Client(a.url).login('lock2', PASSWORD)).status).toBe(423);
    const admin = new Client(a.url);
    await admin.login('admin', PASSWORD);
    const id = (await admin.get('/api/org/users?q=lock2')).body.items[0].id;
    expect((await admin.post(`/api/org/users/${id}/unlock`)).status).toBe(200);
    expect((await new Client(a.url).login('lock2', PASSWORD)).status).toBe(200);
  });

  it('ends a session after 30 minutes idle and after 12 hours in all', async () => {
    const c = new Client(a.url);
    await c.login('inspector', PASSWORD);
    clock.advance(29 * 60_000 + 59_000);
    expect((await c.get('/api/me')).status).toBe(200);
    clock.advance(30 * 60_000 + 1000);
    const expired = await c.get('/api/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    expect(expired.body.error.message).toBe('会话已超时，请重新登录。');

    const d = new Client(a.url);
    await d.login('inspector', PASSWORD);
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000);
      const r = await d.get('/api/me');
      if (i < 24) expect(r.status).toBe(200);
      else expect(r.status).toBe(401); // 25 × 29 min > 12 h
    }
  });

  it('signs out on one instance and the cookie is dead on the other; sign out everywhere counts', async () => {
    const c = new Client(a.url);
    await c.login('leader', PASSWORD);
    const onB = new Client(b.url);
    onB.cookies = new Map(c.cookies);
    onB.csrf = c.csrf;
    expect((await onB.get('/api/me')).status).toBe(200); // a session opened on A works on B
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await onB.get('/api/me')).status).toBe(401);

    const devices = [new Client(a.url), new Client(b.url), new Client(a.url)];
    for (const d of devices) await d.login('leader', PASSWORD);
    const list = await devices[0].get('/api/auth/sessions');
    expect(list.body.items.length).toBe(3);
    expect(list.body.items.filter((s: { current: boolean }) => s.current).length).toBe(1);
    const all = await devices[1].post('/api/auth/logout-all');
    expect(all.body.ended).toBe(3);
    for (const d of devices) expect((await d.get('/api/me')).status).toBe(401);
  });

  it('kills a cookie set before sign-in (fixation)', async () => {
    const c = new Client(a.url);
    await c.login('judge', PASSWORD);
    const before = c.cookies.get('jdz_session')!;
    await c.login('judge', PASSWORD);
    const stale = new Client(a.url);
    stale.cookies.set('jdz_session', before);
    expect((await stale.get('/api/me')).status).toBe(401);
  });

  it('forces a generated password to be changed first, refuses weak and reused ones', async () => {
    const c = new Client(a.url);
    const r = await c.login('fresh', PASSWORD);
    expect(r.body.user.mustChangePassword).toBe(true);
    const blocked = await c.get('/api/campaigns/current');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await c.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'fresh12345' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const same = await c.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.body.error.code).toBe('PASSWORD_REUSED');
    const wrong = await c.post('/api/auth/change-password', { currentPassword: 'not-it', newPassword: 'Qing#Shan-Lu9' });
    expect(wrong.body.error.code).toBe('WRONG_PASSWORD');
    const ok = await c.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'Qing#Shan-Lu9' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.mustChangePassword).toBe(false);
    expect((await c.get('/api/campaigns/current')).status).not.toBe(403);
  });

  it('expires a generated password that was not used within 72 hours', async () => {
    const admin = new Client(a.url);
    await admin.login('admin', PASSWORD);
    const r = await admin.post('/api/org/users', { username: 'late.comer', name: '迟到的老师', roles: [{ role: 'judge' }] });
    expect(r.status).toBe(201);
    clock.advance(72 * 3_600_000 + 1000);
    const late = await new Client(a.url).post('/api/auth/login', { username: 'late.comer', password: r.body.initialPassword });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('PASSWORD_EXPIRED');
    expect(late.body.error.message).toContain('初始密码已过期');
  });

  it('re-hashes a stored password with the current argon2id parameters at sign-in', async () => {
    const weak = await hashPassword(PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1, outputLen: 32 });
    await a.database.db.updateTable('users').set({ password_hash: weak }).where('username', '=', 'lock6').execute();
    expect((await new Client(a.url).login('lock6', PASSWORD)).status).toBe(200);
    const { password_hash } = await a.database.db.selectFrom('users').select('password_hash').where('username', '=', 'lock6').executeTakeFirstOrThrow();
    expect(parsePhc(password_hash)).toMatchObject({ m: 19456, t: 2, p: 1 });
    expect((await new Client(a.url).login('lock6', PASSWORD)).status).toBe(200);
  });

  it('rotates administrators every 90 days but never members', async () => {
    const t0 = clock.now().getTime();
    await a.database.db.updateTable('users').set({ password_changed_at: new Date(t0 - 91 * 86_400_000).toISOString() }).where('username', 'in', ['unitadmin', 'memberb']).execute();
    const admin = new Client(a.url);
    expect((await admin.login('unitadmin', PASSWORD)).body.user.passwordExpired).toBe(true);
    expect((await admin.get('/api/org/users')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const member = new Client(a.url);
    expect((await member.login('memberb', PASSWORD)).body.user.mustChangePassword).toBe(false);
  });

  it('refuses writes without the CSRF token or from another origin', async () => {
    const c = new Client(a.url);
    await c.login('admin', PASSWORD);
    const noToken = await c.post('/api/auth/logout-all', undefined, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('CSRF_FAILED');
    const evil = await c.post('/api/auth/logout-all', undefined, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const crossSite = await new Client(a.url).post('/api/auth/login', { username: 'admin', password: PASSWORD }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await c.get('/api/me')).status).toBe(200); // nothing was ended
  });

  it('slows an IP after 30 failures in 10 minutes with 429 + Retry-After, but never limits successes', async () => {
    for (let i = 0; i < 40; i++) expect((await new Client(a.url).login('judge', PASSWORD)).status).toBe(200);
    const forged = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 30; i++) await new Client(a.url).post('/api/auth/login', { username: `nobody${i}`, password: 'x' }, forged);
    const limited = await new Client(b.url).post('/api/auth/login', { username: 'judge', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.7' });
    expect(limited.status).toBe(429); // the forged header from an untrusted peer did not change the key
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.error.message).toMatch(/秒后再试/);
    clock.advance(10 * 60_000 + 1000);
    expect((await new Client(a.url).login('judge', PASSWORD)).status).toBe(200);
  });
});

describeDialects('rate limits behind one NAT address', (dialect, getDb) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const clock = new ManualClock('2017-09-20T02:00:00.000Z');
    const config = { rateLimit: { perSessionPerMinute: 20, anonymousPerIpPerMinute: 300 } };
    a = await startServer(getDb(), { clock, config });
    b = await startServer(getDb(), { clock, config });
    for (let i = 0; i < 200; i++) await buildUser(a.database, { username: `t${i}`, role: 'member' });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('lets 200 teachers behind one address sign in within a minute', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const c = new Client(i % 2 ? a.url : b.url);
        const r = await c.login(`t${i}`, PASSWORD);
        const me = await c.get('/api/me');
        return [r.status, me.status];
      }),
    );
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
  }, 60_000);

  it('limits one session at its quota with 429, Retry-After and a Chinese message (counted across instances on PostgreSQL)', async () => {
    const c = new Client(a.url);
    await c.login('t1', PASSWORD);
    // On PostgreSQL the counters are in the database: alternating instances reach the same combined count.
    const onB = new Client(b.url);
    onB.cookies = c.cookies;
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await (dialect === 'postgres' && i % 2 ? onB : c).get('/api/me')).status);
    expect(codes.slice(0, 20).every((x) => x === 200)).toBe(true);
    const limited = await c.get('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.error.message).toMatch(/^操作过于频繁，请 \d+ 秒后再试。$/);
  });
});
