// Campaigns over HTTP on SQLite and PostgreSQL (issue 3, item 1): create from the 2017 template or
// from scratch, edit (same id), refuse bad input with a zh message and nothing changed, extensions
// granted and listed with who and when; only the bureau admin may do any of it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';

const TOPICS = ['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革'];

/** A complete campaign body as the campaigns page sends it (Shanghai times with +08:00). */
function blank(over: Record<string, unknown> = {}) {
  return {
    title: '2018年教育金点子征集',
    theme: '解放思想 赶超发展',
    description: '面向全县教育系统征集金点子。',
    topics: [...TOPICS],
    phases: [
      { name: '动员部署', startsAt: '2018-03-01T00:00:00+08:00', endsAt: '2018-03-10T23:59:59+08:00' },
      { name: '征集报送', startsAt: '2018-03-11T00:00:00+08:00', endsAt: '2018-04-10T23:59:59+08:00' },
    ],
    deadlines: [
      { name: '金点子报送截止', kind: 'ideas', dueAt: '2018-04-10T23:59:59.999+08:00' },
      { name: '讨论记录归档', kind: 'archive', dueAt: '2018-04-30T23:59:59.999+08:00' },
    ],
    ideasMin: 2,
    ideasMax: 5,
    minChars: 500,
    authorship: 'both',
    formTitle: '仙居县教育金点子征集表',
    ...over,
  };
}

describeDialects('campaigns', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client, leader: Client, inspector: Client, unitadmin: Client, member: Client, sector: Client;
  let unitB: number;
  const signIn = async (u: string) => {
    const c = new Client(s.url);
    expect((await c.login(u, PASSWORD)).status).toBe(200);
    return c;
  };
  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    unitB = cast.unitB;
    [leader, inspector, unitadmin, member, sector] = await Promise.all(['leader', 'inspector', 'unitadmin', 'member', 'sector'].map(signIn));
  });
  afterAll(async () => s?.close());

  const count = async () => (await admin.get('/api/campaigns')).body.items.length as number;

  it('creates from the 2017 template and from a blank form; times come back as UTC instants', async () => {
    const t = await admin.post('/api/campaigns', { template: 'xianju-2017', year: 2017 });
    expect(t.status, t.text).toBe(201);
    expect(t.body.topics).toEqual(TOPICS);
    expect([t.body.ideasMin, t.body.ideasMax, t.body.minChars, t.body.authorship]).toEqual([2, 5, 500, 'both']);
    expect(t.body.phases.length).toBeGreaterThan(0);
    const b = await admin.post('/api/campaigns', blank());
    expect(b.status, b.text).toBe(201);
    expect(b.body.phases[0]).toEqual({ name: '动员部署', startsAt: '2018-02-28T16:00:00.000Z', endsAt: '2018-03-10T15:59:59.000Z' });
    expect(b.body.ideasDueAt).toBe('2018-04-10T15:59:59.999Z');
    const list = (await admin.get('/api/campaigns')).body.items;
    expect(list.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([t.body.id, b.body.id]));
    // The newest is the current one.
    expect((await member.get('/api/campaigns/current')).body.id).toBe(b.body.id);
  });

  it('edits keep the id and change only what was sent', async () => {
    const created = (await admin.post('/api/campaigns', blank({ title: '待修改的活动' }))).body;
    const before = await count();
    const topics = ['教师队伍建设', '家校共育'];
    const r = await admin.put(`/api/campaigns/${created.id}`, blank({ title: '修改后的活动', topics, ideasMin: 1, ideasMax: 3, minChars: 300, authorship: 'collective', formTitle: '新的征集表' }));
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: created.id, title: '修改后的活动', topics, ideasMin: 1, ideasMax: 3, minChars: 300, authorship: 'collective', formTitle: '新的征集表' });
    expect(await count()).toBe(before);
    expect((await admin.get(`/api/campaigns/${created.id}`)).body.title).toBe('修改后的活动');
  });

  it('bad input → 400 with a Chinese message, and nothing created or changed', async () => {
    const target = (await admin.post('/api/campaigns', blank({ title: '校验用活动' }))).body;
    const before = await count();
    const phaseBackwards = blank({ phases: [{ name: '倒着的阶段', startsAt: '2018-03-10T00:00:00+08:00', endsAt: '2018-03-01T00:00:00+08:00' }] });
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['ideasMin > ideasMax', blank({ ideasMin: 6, ideasMax: 5 }), /最少报送数不能大于最多报送数/],
      ['a phase ending before it starts', phaseBackwards, /阶段的结束时间应晚于开始时间/],
      ['duplicate topics', blank({ topics: ['教师队伍建设', '教师队伍建设'] }), /讨论主题不能重复/],
      [
        'two ideas deadlines',
        blank({
          deadlines: [
            { name: '第一次截止', kind: 'ideas', dueAt: '2018-04-10T23:59:59+08:00' },
            { name: '第二次截止', kind: 'ideas', dueAt: '2018-04-20T23:59:59+08:00' },
          ],
        }),
        /金点子报送截止时间只能有一个/,
      ],
      ['a time without its offset', blank({ deadlines: [{ name: '截止', kind: 'ideas', dueAt: '2018-04-10 23:59' }] }), /[\u4e00-\u9fff]/],
      ['no topics', blank({ topics: [] }), /[\u4e00-\u9fff]/],
      ['an empty title', blank({ title: '   ' }), /[\u4e00-\u9fff]/],
      ['an unknown authorship', blank({ authorship: 'anyone' }), /[\u4e00-\u9fff]/],
    ];
    for (const [label, body, message] of cases) {
      for (const call of [() => admin.post('/api/campaigns', body), () => admin.put(`/api/campaigns/${target.id}`, body)]) {
        const r = await call();
        expect(r.status, `${label}: ${r.text}`).toBe(400);
        expect(r.body.error.code, label).toMatch(/VALIDATION_FAILED|UNKNOWN_FIELD/);
        expect(r.body.error.message, label).toMatch(message);
      }
    }
    // Unknown fields are named.
    for (const extra of [{ id: 99 }, { createdAt: '2018-01-01T00:00:00Z' }, { serverTime: 'x' }]) {
      const r = await admin.put(`/api/campaigns/${target.id}`, { ...blank(), ...extra });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('UNKNOWN_FIELD');
      expect(r.body.error.message).toContain('请求中含有不允许的字段');
      expect(r.body.error.message).toContain(Object.keys(extra)[0]);
    }
    const unknownTemplate = await admin.post('/api/campaigns', { template: 'beijing-2030', year: 2030 });
    expect(unknownTemplate.status).toBe(400);
    expect(await count()).toBe(before);
    const after = (await admin.get(`/api/campaigns/${target.id}`)).body;
    expect(after).toMatchObject({ title: '校验用活动', ideasMin: 2, ideasMax: 5, topics: TOPICS });
    expect(after.deadlines).toHaveLength(2);
    // English callers get English.
    const en = await admin.post('/api/campaigns', blank({ ideasMin: 6, ideasMax: 5 }), { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.body.error.message).toMatch(/Some input is invalid/);
  });

  it('a missing campaign is 404 for edits and extensions', async () => {
    expect((await admin.put('/api/campaigns/999999', blank())).status).toBe(404);
    expect((await admin.get('/api/campaigns/999999/extensions')).status).toBe(404);
    expect((await admin.post('/api/campaigns/999999/extensions', { unitId: unitB, until: '2018-04-12T23:59:59+08:00', reason: '停电' })).status).toBe(404);
  });

  it('extensions: every grant is recorded with the unit, until, reason, who and when; bad grants are refused', async () => {
    const c = (await admin.post('/api/campaigns', blank({ title: '延期用活动' }))).body;
    const first = await admin.post(`/api/campaigns/${c.id}/extensions`, { unitId: unitB, until: '2018-04-12T23:59:59+08:00', reason: '学校停电，申请延期两天' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ unitId: unitB, unitName: '横溪中学', until: '2018-04-12T15:59:59.000Z', reason: '学校停电，申请延期两天' });
    expect(first.body.grantedBy).toBeTruthy();
    expect(first.body.grantedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const second = await admin.post(`/api/campaigns/${c.id}/extensions`, { unitId: unitB, until: '2018-04-15T23:59:59+08:00', reason: '再延三天' });
    expect(second.status).toBe(201);
    for (const bad of [
      { unitId: unitB, until: '2018-04-15T23:59:59+08:00', reason: '' },
      { unitId: unitB, until: '下周一', reason: '理由充分' },
      { unitId: 0, until: '2018-04-15T23:59:59+08:00', reason: '理由充分' },
      { unitId: unitB, until: '2018-04-15T23:59:59+08:00', reason: '理由充分', granted: true },
    ]) {
      const r = await admin.post(`/api/campaigns/${c.id}/extensions`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await admin.post(`/api/campaigns/${c.id}/extensions`, { unitId: 2_000_000, until: '2018-04-15T23:59:59+08:00', reason: '理由充分' })).status).toBe(404);
    const list = (await admin.get(`/api/campaigns/${c.id}/extensions`)).body.items;
    expect(list).toHaveLength(2);
    expect(list.map((e: { reason: string }) => e.reason).sort()).toEqual(['再延三天', '学校停电，申请延期两天'].sort());
    const audit = await s.database.db.selectFrom('audit_log').select(['action', 'target_id', 'outcome']).where('action', '=', 'campaigns.extensions.grant').execute();
    expect(audit.filter((a) => a.outcome === 'success').map((a) => a.target_id).sort()).toEqual([String(first.body.id), String(second.body.id)].sort());
  });

  it('only the bureau admin creates, edits and grants; other roles get 403 and nothing changes', async () => {
    const c = (await admin.post('/api/campaigns', blank({ title: '权限用活动' }))).body;
    const before = await count();
    for (const who of [leader, inspector, unitadmin, member, sector]) {
      expect((await who.post('/api/campaigns', blank())).status).toBe(403);
      expect((await who.post('/api/campaigns', { template: 'xianju-2017', year: 2017 })).status).toBe(403);
      expect((await who.put(`/api/campaigns/${c.id}`, blank({ title: '被改了' }))).status).toBe(403);
      expect((await who.post(`/api/campaigns/${c.id}/extensions`, { unitId: unitB, until: '2018-04-12T23:59:59+08:00', reason: '想延期' })).status).toBe(403);
      expect((await who.get(`/api/campaigns/${c.id}/extensions`)).status).toBe(403);
    }
    // Leaders and inspectors may read the list; units may not.
    expect((await leader.get('/api/campaigns')).status).toBe(200);
    expect((await inspector.get('/api/campaigns')).status).toBe(200);
    expect((await member.get('/api/campaigns')).status).toBe(403);
    expect(await count()).toBe(before);
    expect((await admin.get(`/api/campaigns/${c.id}`)).body.title).toBe('权限用活动');
    expect((await admin.get(`/api/campaigns/${c.id}/extensions`)).body.items).toEqual([]);
    const anon = new Client(s.url);
    expect((await anon.get('/api/campaigns')).status).toBe(401);
  });
});
