// Organisation (R1) over HTTP: scoped lists, creation, uniqueness, deactivation, isolation (rows 1, 13, 14).
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { buildCast, PASSWORD } from '../helpers/factories.ts';

describeDialects('organisation', (_dialect, getDb) => {
  let s: TestServer;
  let cast: Awaited<ReturnType<typeof buildCast>>;
  const as = async (who: string) => {
    const c = new Client(s.url);
    expect((await c.login(who, PASSWORD)).status).toBe(200);
    return c;
  };
  beforeAll(async () => {
    s = await startServer(getDb());
    cast = await buildCast(s.database);
  });
  afterAll(async () => s?.close());

  it('scopes unit lists: bureau all, sector leader their sector, unit admin their unit', async () => {
    const all = (await (await as('admin')).get('/api/org/units')).body;
    expect(all.total).toBe(2);
    const sector = (await (await as('sector')).get('/api/org/units')).body;
    expect(sector.items.map((u: { code: string }) => u.code)).toEqual(['T001']);
    const unit = (await (await as('unitadminb')).get('/api/org/units')).body;
    expect(unit.items.map((u: { code: string }) => u.code)).toEqual(['T002']);
  });

  it('answers a foreign object like a missing one (404) and changes nothing', async () => {
    const ua = await as('unitadmin');
    expect((await ua.get(`/api/org/units/${cast.unitB}`)).status).toBe(404);
    expect((await ua.get(`/api/org/users/${cast.ids.memberB}`)).status).toBe(404);
    const r = await ua.put(`/api/org/users/${cast.ids.memberB}`, { name: '改名' });
    expect(r.status).toBe(404);
    const row = await s.database.db.selectFrom('users').select('name').where('id', '=', cast.ids.memberB).executeTakeFirstOrThrow();
    expect(row.name).not.toBe('改名');
  });

  it('property: users of one unit never reach another unit\'s objects', async () => {
    const ua = await as('unitadmin');
    const ub = await as('unitadminb');
    const foreign = [
      [ua, cast.unitB, cast.ids.memberB],
      [ub, cast.unitA, cast.ids.member],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.constantFrom('GET unit', 'GET user', 'PUT user', 'POST deactivate', 'POST reset'), async (side, op) => {
        const [c, unitId, userId] = foreign[side];
        const r =
          op === 'GET unit' ? await c.get(`/api/org/units/${unitId}`)
          : op === 'GET user' ? await c.get(`/api/org/users/${userId}`)
          : op === 'PUT user' ? await c.put(`/api/org/users/${userId}`, { name: 'x' })
          : op === 'POST deactivate' ? await c.post(`/api/org/users/${userId}/deactivate`)
          : await c.post(`/api/org/users/${userId}/reset-password`);
        expect(r.status).toBe(404);
      }),
      { numRuns: 20 },
    );
  });

  it('creates a unit, refuses duplicates and unknown fields clearly', async () => {
    const admin = await as('admin');
    const body = { code: 'N001', name: '新建测试幼儿园', type: '幼儿园', sectorId: 2, town: '横溪镇', contactName: '王老师', contactPhone: '0576-87771234' };
    const r = await admin.post('/api/org/units', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ code: 'N001', sectorName: '西部板块', active: true });
    const dup = await admin.post('/api/org/units', { ...body, name: '另一个名字' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('单位代码“N001”已存在。');
    const extra = await admin.post('/api/org/units', { ...body, code: 'N002', name: '又一个', active: false });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('UNKNOWN_FIELD');
    const badPhone = await admin.post('/api/org/units', { ...body, code: 'N003', name: '电话错', contactPhone: '12345' }, { 'accept-language': 'en-US' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toMatch(/contactPhone/);
    expect(await s.database.db.selectFrom('units').select('id').where('code', 'in', ['N002', 'N003']).execute()).toEqual([]);
  });

  it('creates accounts with a generated password that must be changed; usernames and mobiles are unique after NFKC', async () => {
    const admin = await as('admin');
    const r = await admin.post('/api/org/users', { username: 'Teacher.Li', name: '李老师', mobile: '13911112222', unitId: cast.unitA, roles: [{ role: 'member' }] });
    expect(r.status).toBe(201);
    expect(r.body.initialPassword).toMatch(/^.{12,}$/);
    expect(r.body.user.username).toBe('teacher.li');
    const first = new Client(s.url);
    expect((await first.login('teacher.li', r.body.initialPassword)).body.user.mustChangePassword).toBe(true);
    const dupName = await admin.post('/api/org/users', { username: 'TEACHER.LI', name: '李', roles: [{ role: 'judge' }] });
    expect(dupName.status).toBe(409);
    expect(dupName.body.error.code).toBe('USERNAME_TAKEN');
    const dupMobile = await admin.post('/api/org/users', { username: 'other', name: '李', mobile: '１３９１１１１２２２２'.slice(0, 11), roles: [{ role: 'judge' }] });
    expect(dupMobile.status).toBe(409);
    expect(dupMobile.body.error.code).toBe('MOBILE_TAKEN');
  });

  it('lets a unit admin manage only members of its own unit, and never grant roles', async () => {
    const ua = await as('unitadmin');
    const r = await ua.post('/api/org/users', { username: 'newmember', name: '新教师', roles: [{ role: 'member' }] });
    expect(r.status).toBe(201);
    expect(r.body.user.unitId).toBe(cast.unitA);
    const grant = await ua.post('/api/org/users', { username: 'sneaky', name: '越权', roles: [{ role: 'bureau_admin' }] });
    expect(grant.status).toBe(403);
    const other = await ua.post('/api/org/users', { username: 'elsewhere', name: '别的单位', unitId: cast.unitB, roles: [{ role: 'member' }] });
    expect(other.status).toBe(404);
    const self = await ua.post(`/api/org/users/${cast.ids.unitadmin}/deactivate`);
    expect(self.status).toBe(403);
  });

  it('masks phones for roles that do not need them', async () => {
    const leader = await as('leader');
    const u = (await leader.get(`/api/org/users/${cast.ids.member}`)).body;
    expect(u.mobile).toBe('138****0001');
    const admin = await as('admin');
    expect((await admin.get(`/api/org/users/${cast.ids.member}`)).body.mobile).toBe('13800000001');
  });

  it('deactivation ends the user\'s live session at the next request; reset password too', async () => {
    const m = await as('memberb');
    expect((await m.get('/api/me')).status).toBe(200);
    const admin = await as('admin');
    expect((await admin.post(`/api/org/users/${cast.ids.memberB}/deactivate`)).status).toBe(200);
    expect((await m.get('/api/me')).status).toBe(401);
    expect((await new Client(s.url).login('memberb', PASSWORD)).status).toBe(401);
    await admin.post(`/api/org/users/${cast.ids.memberB}/activate`);
    const again = await as('memberb');
    const reset = await admin.post(`/api/org/users/${cast.ids.memberB}/reset-password`);
    expect(reset.status).toBe(200);
    expect((await again.get('/api/me')).status).toBe(401);
    expect((await new Client(s.url).login('memberb', reset.body.initialPassword)).body.user.mustChangePassword).toBe(true);
    // Not one's own: that needs the current password (and would end the admin's own session).
    const self = await admin.post(`/api/org/users/${cast.ids.admin}/reset-password`);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_RESET');
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('lets an administrator sign a user out of every device', async () => {
    const devices = [await as('member'), await as('member')];
    const admin = await as('admin');
    const r = await admin.post(`/api/org/users/${cast.ids.member}/end-sessions`);
    expect(r.status).toBe(200);
    expect(r.body.ended).toBeGreaterThanOrEqual(2);
    for (const d of devices) expect((await d.get('/api/me')).status).toBe(401);
  });

  it('refuses a change of one\'s own roles, and role changes end the target\'s sessions', async () => {
    const admin = await as('admin');
    const self = await admin.put(`/api/org/users/${cast.ids.admin}`, { roles: [{ role: 'judge' }] });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_ROLE_CHANGE');
    const j = await as('judge');
    expect((await admin.put(`/api/org/users/${cast.ids.judge}`, { roles: [{ role: 'inspector' }] })).status).toBe(200);
    expect((await j.get('/api/me')).status).toBe(401);
  });

  it('reports accounts unused for 90 days or more (stale accounts)', async () => {
    await as('admin'); // signs in now
    s.clock.advance(91 * 86_400_000);
    try {
      const leader = await as('leader'); // signs in 91 days later (the leadership group reads the report)
      const stale = (await leader.get('/api/org/users?inactiveDays=90&pageSize=200')).body.items.map((u: { username: string }) => u.username);
      expect(stale).toContain('admin'); // last signed in 91 days ago
      expect(stale).toContain('inspector'); // never signed in, created long ago
      expect(stale).not.toContain('leader');
    } finally {
      s.clock.advance(-91 * 86_400_000);
    }
  });

  it('lists sectors with their leaders and lets the bureau set one', async () => {
    const admin = await as('admin');
    const sectors = (await admin.get('/api/org/sectors')).body.items;
    expect(sectors.map((x: { name: string }) => x.name)).toEqual(['城区板块', '西部板块', '中部板块', '东部板块']);
    const r = await admin.put(`/api/org/sectors/${sectors[1].id}`, { leaderUserId: cast.ids.leader });
    expect(r.status).toBe(200);
    expect(r.body.leaderName).toBe('用户leader');
  });
});
