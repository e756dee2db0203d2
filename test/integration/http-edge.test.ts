// The HTTP edge (rows 22, 25): headers, error shape, languages, limits, and no internals ever.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';

const LEAK = /\bat .*\.(ts|js):\d+|SELECT |node_modules|\/work\//;

describeDialects('HTTP edge', (_dialect, getDb) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    ({ server: s, admin } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
  });
  afterAll(async () => s?.close());

  it('sends security headers on API and HTML responses', async () => {
    for (const path of ['/api/health', '/', '/org/units']) {
      const r = await new Client(s.url).get(path);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('content-type')).toMatch(/charset=utf-8/i);
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
    expect((await new Client(s.url).get('/api/health')).body).toEqual({ status: 'ok', database: _dialect });
  });

  it('answers errors as {"error":{code,message,requestId}} in the caller\'s language', async () => {
    const zh = await new Client(s.url).get('/api/me');
    expect(zh.status).toBe(401);
    expect(zh.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录。' });
    expect(zh.body.error.requestId).toBeTruthy();
    const en = await new Client(s.url).get('/api/me', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.error.message).toBe('Please sign in.');
    const missing = await admin.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await admin.get('/assets/gone-after-upgrade.js')).status).toBe(404);
    expect((await admin.get('/../../etc/passwd')).status).not.toBe(500);
    const page = await admin.get('/org/units/12');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('refuses malformed JSON, wrong types, oversized bodies and unknown fields without changing anything', async () => {
    const before = await s.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = await admin.post('/api/org/units', '{"code":', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const types = await admin.post('/api/org/units', { code: 5, name: [], type: '大学', sectorId: 'x', town: '' });
    expect(types.status).toBe(400);
    expect(types.body.error.code).toBe('VALIDATION_FAILED');
    expect(types.body.error.message).toContain('填写的内容有误');
    const huge = await admin.post('/api/org/units', { code: 'X', name: 'x'.repeat(1_100_000), type: '小学', sectorId: 1, town: 't' });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('过大');
    const after = await s.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses the NUL character (U+0000) in bodies, query strings and paths with a clear 400; nothing changes', async () => {
    const before = await s.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await admin.post('/api/org/units', { code: 'NUL01', name: '空字符\u0000学校', type: 'primary', sectorId: 1 });
    expect(r.status, r.text).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '填写的内容有误：文本中不能含有空字符（U+0000）' });
    for (const path of ['/api/org/units?q=%00', '/api/ideas?q=a%00b', '/api/org/units/%00']) {
      const g = await admin.get(path);
      expect(g.status, path).toBe(400);
    }
    const after = await s.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('fuzz: random bodies and injection strings never produce a 5xx or a leak', async () => {
    const payload = fc.oneof(
      fc.constantFrom("' OR 1=1--", '${7*7}', '<script>alert(1)</script>', '\u202e\u0000\u001b[31m', 'x'.repeat(5000)),
      fc.string(),
      fc.integer(),
      fc.constant(null),
    );
    const body = fc.dictionary(fc.constantFrom('code', 'name', 'type', 'sectorId', 'town', 'username', 'roles', 'q', 'leaderUserId', 'password'), payload);
    // Every route the server has (row 22), but those that would end the fuzzing session.
    const routes = s.app.routeList
      .filter((r) => r.policy && !['auth.logout', 'auth.logout-all', 'web.app', 'org.users.end-sessions'].includes(r.policy))
      .map((r) => [r.method, r.url] as const);
    const param = fc.oneof(fc.integer({ min: -5, max: 100000 }).map(String), fc.constantFrom("1' OR '1'='1", '%00', '..%2F..%2Fetc', 'units', 'users', 'ffffffffffffffffffffffff'));
    const query = fc.dictionary(fc.constantFrom('q', 'page', 'pageSize', 'sectorId', 'type', 'active', 'role', 'from', 'to', 'outcome', 'inactiveDays', 'x'), payload.map(String));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, param, query, async ([m, url], b, id, qs) => {
        const path = url.replace(/:(\w+)/g, () => encodeURIComponent(id)) + '?' + new URLSearchParams(qs as Record<string, string>).toString();
        const r = await admin.request(m, path, m === 'GET' || m === 'DELETE' ? undefined : b);
        expect(r.status, `${m} ${path}`).toBeLessThan(500);
        expect(r.text).not.toMatch(LEAK);
      }),
      { numRuns: 300 },
    );
    for (const path of ['/api/org/users?unitId=13800000001', '/api/org/units/99999999999', '/api/audit?actorId=2147483648']) {
      const r = await admin.get(path);
      expect(r.status, path).toBe(400);
    }
    for (const q of ["' OR 1=1--", '%', '_', '${7*7}']) {
      const r = await admin.get(`/api/org/units?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
    }
  });

  it('publishes an OpenAPI document of every route', async () => {
    const doc = (await new Client(s.url).get('/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/health', '/api/org/units', '/api/audit']));
  });

  it('answers 503 from /api/health when the database is gone, with no internals', async () => {
    const t = await startServer(getDb());
    await t.database.close();
    const r = await new Client(t.url).get('/api/health');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(r.text).not.toMatch(LEAK);
    await t.app.close();
  });

  it('keeps passwords, cookies and phones out of the logs and escapes control characters', async () => {
    const c = new Client(s.url);
    await c.post('/api/auth/login', { username: 'a\nFAKE LOG LINE', password: 'Sentinel#Pw-991' });
    await admin.get('/api/org/users?q=13800000001');
    await admin.post('/api/org/users', { username: 'logcheck', name: '日志', mobile: '13877776666', roles: [{ role: 'judge' }] });
    const logs = s.logs.join('');
    for (const secret of ['Sentinel#Pw-991', PASSWORD, '13877776666', '13800000001', c.cookies.get('jdz_session') ?? 'no-cookie', admin.cookies.get('jdz_session')!]) {
      expect(logs.split('\n').filter((l) => l.includes(secret))).toEqual([]);
    }
    for (const line of logs.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs.split('\n').some((l) => l.startsWith('FAKE LOG LINE'))).toBe(false);
  });

  it('writes one access-log line per request, when it is answered, with method, path, status and time', async () => {
    const before = s.logs.join('').split('\n').length;
    await admin.get('/api/org/units?q=secret-query');
    const lines = s.logs.join('').split('\n').slice(before - 1).filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const mine = lines.filter((l) => l.req?.url === '/api/org/units');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/api/org/units' }, res: { statusCode: 200 } });
    expect(mine[0].responseTime).toBeGreaterThan(0);
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
  });
});
