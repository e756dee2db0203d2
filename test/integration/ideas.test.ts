// Golden ideas over HTTP on SQLite and PostgreSQL (issue 3, items 1–4; rows 14, 16, 34): the form,
// the workflow member → unit admin → seal → bureau, receipts and history, quota, deadline and
// extension, idempotent retries, optimistic concurrency, masked phones.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { runHousekeeping } from '../../src/platform/housekeeping.ts';
import { approvedIdea, completeForm, IDEAS_DUE_2017, sentIdea, startCampaign2017, textOf } from '../helpers/ideas.ts';

describeDialects('golden ideas', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client, member: Client, unitadmin: Client, inspector: Client, memberB: Client, leader: Client;
  let campaignId: number;
  const signIn = async (u: string) => {
    const c = new Client(s.url);
    expect((await c.login(u, PASSWORD)).status).toBe(200);
    return c;
  };
  beforeAll(async () => {
    ({ server: s, admin } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    campaignId = await startCampaign2017(admin);
    [member, unitadmin, inspector, memberB, leader] = await Promise.all(['member', 'unitadmin', 'inspector', 'memberb', 'leader'].map(signIn));
  });
  afterAll(async () => s?.close());

  it('the 2017 template reproduces the notice: six topics, 2–5 ideas of at least 500 字, due 10月20日', async () => {
    const c = (await member.get('/api/campaigns/current')).body;
    expect(c.id).toBe(campaignId);
    expect(c.topics).toEqual(['投融资渠道创新', '城乡教育均衡发展', '教师队伍建设', '教学质量提升', '校园文化打造', '课堂教学改革']);
    expect([c.ideasMin, c.ideasMax, c.minChars, c.authorship]).toEqual([2, 5, 500, 'both']);
    expect(c.ideasDueAt).toBe(IDEAS_DUE_2017);
    expect(c.formTitle).toBe('仙居县教育“解放思想 赶超发展”金点子征集表');
    expect(c.currentPhase.name).toBe('梳理短板·讨论汇总');
  });

  it('a member drafts, is told the text is short at 499 字, completes to 500 and sends', async () => {
    const c = await member.post('/api/ideas', completeForm({ body: textOf(499) }));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: 'draft', charCount: 499, contactPhone: '13800000123', phoneMasked: false });
    const short = await member.post(`/api/ideas/${c.body.id}/send`, {});
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('IDEA_INCOMPLETE');
    expect(short.body.error.message).toContain('建议正文不少于500字，当前499字');
    const saved = await member.put(`/api/ideas/${c.body.id}`, { version: c.body.version, body: textOf(500) });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.charCount).toBe(500);
    const sent = await member.post(`/api/ideas/${c.body.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.status).toBe('sent');
    // Sent: the author can no longer change it.
    const edit = await member.put(`/api/ideas/${c.body.id}`, { version: sent.body.version, title: '改' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('bad input: unknown or protected fields → 400 and nothing changes; a stale version → 409', async () => {
    const c = await member.post('/api/ideas', completeForm());
    for (const extra of [{ unitId: 2 }, { status: 'approved' }, { receiptNo: 'x' }, { sealedAt: 'x' }]) {
      const r = await member.put(`/api/ideas/${c.body.id}`, { version: c.body.version, ...extra });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('UNKNOWN_FIELD');
    }
    const ok = await member.put(`/api/ideas/${c.body.id}`, { version: c.body.version, title: '新标题' });
    expect(ok.status).toBe(200);
    const stale = await member.put(`/api/ideas/${c.body.id}`, { version: c.body.version, title: '旧页面的标题' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await member.get(`/api/ideas/${c.body.id}`)).body.title).toBe('新标题');
    const badPhone = await member.put(`/api/ideas/${c.body.id}`, { version: ok.body.version, contactPhone: '12345' });
    expect(badPhone.status).toBe(200);
    const send = await member.post(`/api/ideas/${c.body.id}/send`, {});
    expect(send.status).toBe(400);
    expect(send.body.error.message).toContain('联系电话应为11位手机号或带区号的固定电话');
  });

  it('a retried create with the same clientId makes one draft; a retried send with the same Idempotency-Key answers the same', async () => {
    const a = await member.post('/api/ideas', { ...completeForm(), clientId: 'client-abc-12345' });
    const b = await member.post('/api/ideas', { ...completeForm(), clientId: 'client-abc-12345' });
    expect(b.body.id).toBe(a.body.id);
    const key = { 'idempotency-key': 'send-key-0001' };
    const r = await Promise.all([1, 2, 3].map(() => member.post(`/api/ideas/${a.body.id}/send`, {}, key)));
    expect(r.map((x) => x.status)).toEqual([200, 200, 200]);
    const events = (await member.get(`/api/ideas/${a.body.id}`)).body.history.filter((e: { action: string }) => e.action === 'send');
    expect(events).toHaveLength(1);
    const other = await member.post(`/api/ideas/${a.body.id}/return`, { comment: '不同的请求' }, key);
    expect([403, 422]).toContain(other.status);
  });

  it('the unit admin returns with a comment, the member corrects, the admin approves and seals two; the bureau receives', async () => {
    const first = await sentIdea(member, { title: '第一个金点子' });
    const ret = await unitadmin.post(`/api/ideas/${first}/return`, { comment: '请补充具体措施' });
    expect(ret.status, ret.text).toBe(200);
    expect(ret.body).toMatchObject({ status: 'returned', lastComment: '请补充具体措施' });
    const mine = (await member.get(`/api/ideas/${first}`)).body;
    expect(mine.can.edit).toBe(true);
    await member.put(`/api/ideas/${first}`, { version: mine.version, body: textOf(600) });
    expect((await member.post(`/api/ideas/${first}/send`, {})).status).toBe(200);
    expect((await unitadmin.post(`/api/ideas/${first}/approve`, {})).status).toBe(200);
    // The unit admin writes one too and approves it directly.
    const own = await unitadmin.post('/api/ideas', completeForm({ authorship: 'collective', authors: [], title: '学校集体的建议' }));
    const ownOk = await unitadmin.post(`/api/ideas/${own.body.id}/approve`, {});
    expect(ownOk.status, ownOk.text).toBe(200);

    const seal = await unitadmin.post('/api/batches', { ideaIds: [first, own.body.id] }, { 'idempotency-key': 'seal-batch-0001' });
    expect(seal.status, seal.text).toBe(201);
    expect(seal.body).toMatchObject({ status: 'submitted', ideaCount: 2, receiptNo: '2017-1-T001-B1' });
    expect(seal.body.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(seal.body.ideas.map((i: { receiptNo: string }) => i.receiptNo).sort()).toEqual(['2017-1-T001-01', '2017-1-T001-02']);
    // The same key again: the same batch, no second one.
    const again = await unitadmin.post('/api/batches', { ideaIds: [first, own.body.id] }, { 'idempotency-key': 'seal-batch-0001' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(seal.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    // Sealed: no change possible.
    const sealedEdit = await member.put(`/api/ideas/${first}`, { version: mine.version + 1, title: 'x' });
    expect(sealedEdit.status).toBe(409);

    const recv = await admin.post(`/api/batches/${seal.body.id}/receive`, {});
    expect(recv.status, recv.text).toBe(200);
    expect(recv.body.status).toBe('received');
    const hist = (await member.get(`/api/ideas/${first}`)).body.history.map((e: { action: string }) => e.action);
    expect(hist).toEqual(['create', 'send', 'return', 'send', 'approve', 'seal', 'receive']);
    expect((await admin.post(`/api/batches/${seal.body.id}/receive`, {})).status).toBe(409);

    // 查重 (issue 4): a check is queued with the send (a seal while that check still waits joins it) and
    // with the seal; the unit admin's own idea, approved without a send, is checked when sealed. The
    // unit admin reads the figure's status.
    const checks = await sql<{ idea_id: number; reason: string }>`SELECT idea_id, reason FROM originality_checks WHERE idea_id IN (${first}, ${own.body.id}) ORDER BY id`.execute(s.database.db);
    const reasons = (id: number) => checks.rows.filter((c) => Number(c.idea_id) === id).map((c) => c.reason);
    expect(reasons(first)[0]).toBe('send');
    expect(reasons(first).every((r) => r === 'send' || r === 'seal')).toBe(true);
    expect(reasons(own.body.id)).toEqual(['seal']);
    const summary = await unitadmin.get(`/api/ideas/${first}/originality/summary`);
    expect(summary.status, summary.text).toBe(200);
  });

  it('phones: full for the author and unit admin, masked for the inspector and leader, revealed to the bureau with an audit record', async () => {
    const list = (await inspector.get('/api/ideas?pageSize=200')).body;
    expect(list.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(list)).not.toMatch(/1[3-9]\d{9}/);
    expect(list.items[0].contactPhone).toBe('138****0123');
    expect(JSON.stringify((await leader.get(`/api/ideas/${list.items[0].id}`)).body)).not.toMatch(/1[3-9]\d{9}/);
    const adminView = (await admin.get(`/api/ideas/${list.items[0].id}`)).body;
    expect(adminView.contactPhone).toBe('138****0123');
    expect(adminView.can.revealPhone).toBe(true);
    const rev = await admin.post(`/api/ideas/${list.items[0].id}/phone/reveal`, {});
    expect(rev.body.contactPhone).toBe('13800000123');
    const audit = await s.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'ideas.phone.reveal').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].target_id).toBe(String(list.items[0].id));
    expect(JSON.stringify((await unitadmin.get(`/api/ideas/${list.items[0].id}`)).body)).toContain('13800000123');
  });

  it('another unit sees none of these ideas: 404, not 403', async () => {
    const id = (await inspector.get('/api/ideas')).body.items[0].id;
    expect((await memberB.get(`/api/ideas/${id}`)).status).toBe(404);
    expect((await memberB.post(`/api/ideas/${id}/send`, {})).status).toBe(404);
    const unitadminB = await signIn('unitadminb');
    expect((await unitadminB.post(`/api/ideas/${id}/approve`, {})).status).toBe(404);
    expect((await unitadminB.post('/api/batches', { ideaIds: [id] })).status).toBe(404);
  });

  it('never more than five: a sixth idea is refused with QUOTA_EXCEEDED; a batch below two is refused', async () => {
    // The unit has 2 submitted; 3 more fill the quota.
    const three = [];
    for (let i = 0; i < 4; i++) three.push(await approvedIdea(member, unitadmin, { title: `补充建议${i}` }));
    const over = await unitadmin.post('/api/batches', { ideaIds: three });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(over.body.error.message).toContain('最多报送 5 个金点子');
    const ok = await unitadmin.post('/api/batches', { ideaIds: three.slice(0, 3) });
    expect(ok.status, ok.text).toBe(201);
    const sixth = await unitadmin.post('/api/batches', { ideaIds: [three[3]] });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('QUOTA_EXCEEDED');
    const summary = (await admin.get('/api/ideas/summary')).body;
    const t001 = summary.units.find((u: { code: string }) => u.code === 'T001');
    expect(t001).toMatchObject({ submitted: 5, standing: 'ok' });
    expect(summary.units.find((u: { code: string }) => u.code === 'T002')).toMatchObject({ submitted: 0, standing: 'none' });

    const unitadminB = await signIn('unitadminb');
    const one = await approvedIdea(memberB, unitadminB);
    const small = await unitadminB.post('/api/batches', { ideaIds: [one] });
    expect(small.status).toBe(409);
    expect(small.body.error.code).toBe('BATCH_TOO_SMALL');
  });

  it('after the deadline sending and sealing are refused; an extension (recorded) lets the unit through, marked late', async () => {
    const draft = await memberB.post('/api/ideas', completeForm({ title: '截止前写好的' }));
    // Weeks pass: everyone signs in again.
    s.clock.set('2017-10-20T15:50:00.000Z');
    [admin, member, memberB] = await Promise.all(['admin', 'member', 'memberb'].map(signIn));
    const unitadminB = await signIn('unitadminb');
    s.clock.set(IDEAS_DUE_2017);
    // 23:59:59.999 +08:00 is still on time.
    expect((await memberB.post(`/api/ideas/${draft.body.id}/send`, {})).status).toBe(200);
    s.clock.set('2017-10-20T16:00:00.000Z');
    const late = await memberB.post('/api/ideas', completeForm({ title: '截止后' }));
    const refused = await memberB.post(`/api/ideas/${late.body.id}/send`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DEADLINE_PASSED');
    expect(refused.body.error.message).toContain('2017-10-20 23:59（北京时间）');
    const t002 = (await admin.get('/api/org/units?q=T002')).body.items.find((u: { code: string }) => u.code === 'T002');
    const ext = await admin.post(`/api/campaigns/${campaignId}/extensions`, { unitId: t002.id, until: '2017-10-22T23:59:59.999+08:00', reason: '学校停电，申请延期两天' });
    expect(ext.status, ext.text).toBe(201);
    const sent = await memberB.post(`/api/ideas/${late.body.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.late).toBe(true);
    for (const id of [draft.body.id, late.body.id]) expect((await unitadminB.post(`/api/ideas/${id}/approve`, {})).status).toBe(200);
    const ids = (await unitadminB.get('/api/ideas?status=approved')).body.items.map((i: { id: number }) => i.id);
    const b = await unitadminB.post('/api/batches', { ideaIds: ids });
    expect(b.status, b.text).toBe(201);
    expect(b.body.late).toBe(true);
    const exts = (await admin.get(`/api/campaigns/${campaignId}/extensions`)).body.items;
    expect(exts[0]).toMatchObject({ unitName: '横溪中学', reason: '学校停电，申请延期两天' });
    // Another unit without an extension stays closed.
    const closed = await member.post('/api/ideas', completeForm());
    expect(closed.status).toBe(201);
    expect((await member.post(`/api/ideas/${closed.body.id}/send`, {})).status).toBe(409);
    [admin, member, unitadmin, inspector, memberB, leader] = await Promise.all(['admin', 'member', 'unitadmin', 'inspector', 'memberb', 'leader'].map(signIn));
  });

  it('the bureau returns one idea for correction: it leaves its batch, its sealed version stays, and it can come back', async () => {
    const batches = (await admin.get('/api/batches')).body.items;
    const t001 = batches.find((b: { unitCode: string; status: string }) => b.unitCode === 'T001' && b.status === 'submitted');
    const detail = (await admin.get(`/api/batches/${t001.id}`)).body;
    const target = detail.ideas[0].id;
    const r = await admin.post(`/api/ideas/${target}/bureau-return`, { reason: '标题与内容不符' });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ status: 'returned', batchId: null, lastComment: '标题与内容不符' });
    const after = (await admin.get(`/api/batches/${t001.id}`)).body;
    expect(after.ideas.find((i: { id: number }) => i.id === target).inBatch).toBe(false);
    // The sealed snapshot cannot be changed, not even by SQL.
    await expect(s.database.db.updateTable('idea_versions').set({ snapshot: '{}' }).where('idea_id', '=', target).execute()).rejects.toThrow(/immutable/);
    const summary = (await admin.get('/api/ideas/summary')).body;
    expect(summary.units.find((u: { code: string }) => u.code === 'T001').submitted).toBe(4);
  });

  it('the to-do list says what each person still has to do', async () => {
    const todo = (await unitadmin.get('/api/campaigns/current/todo')).body;
    expect(todo.ideasDueAt).toBe(IDEAS_DUE_2017);
    expect(todo.items.map((i: { key: string }) => i.key)).toContain('seal');
    const adminTodo = (await admin.get('/api/campaigns/current/todo')).body;
    expect(adminTodo.items.map((i: { key: string }) => i.key)).toContain('receive');
    const memberTodo = (await member.get('/api/campaigns/current/todo')).body;
    expect(memberTodo.items.map((i: { key: string }) => i.key)).toContain('my-returned');
  });

  it('search finds Chinese substrings in titles and texts; filters narrow by status, topic and 字数', async () => {
    const found = (await admin.get(`/api/ideas?q=${encodeURIComponent('集体的建')}`)).body;
    expect(found.items.map((i: { title: string }) => i.title)).toEqual(['学校集体的建议']);
    const inText = (await admin.get(`/api/ideas?q=${encodeURIComponent('校本研修')}&pageSize=200`)).body;
    expect(inText.total).toBeGreaterThan(1);
    expect((await admin.get(`/api/ideas?q=${encodeURIComponent('100%_')}`)).body.total).toBe(0);
    const long = (await admin.get('/api/ideas?minChars=600')).body;
    expect(long.items.every((i: { charCount: number }) => i.charCount >= 600)).toBe(true);
    const late = (await admin.get('/api/ideas?late=true')).body;
    expect(late.items.every((i: { late: boolean }) => i.late)).toBe(true);
    expect(late.total).toBeGreaterThan(0);
    expect((await admin.get('/api/ideas?status=nonsense')).status).toBe(400);
  });

  it('idempotency keys are forgotten after a week by housekeeping', async () => {
    const count = async () => Number((await s.database.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBeGreaterThan(0);
    const now = s.clock.now().getTime();
    s.clock.set(new Date(now + 8 * 86_400_000).toISOString());
    await runHousekeeping(s.app.platform);
    expect(await count()).toBe(0);
    s.clock.set(new Date(now).toISOString());
  });
});
