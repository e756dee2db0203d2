// GET /api/originality/summaries on SQLite and PostgreSQL: the figures of many ideas in a fixed number
// of queries, each item the same as GET /api/ideas/:id/originality/summary answers for it, scoped by
// role (the bureau what reached it, a unit admin the unit's ideas but others' drafts, an author the
// own ideas, judges and the overview roles nothing), in the order asked, each id once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { completeForm, startCampaign2017 } from '../helpers/ideas.ts';
import { seededText } from '../../src/modules/originality/engine/test-text.ts';
import { SummariesOut } from '../../src/modules/originality/originality.schema.ts';
import * as service from '../../src/modules/originality/originality.service.ts';
import type { Actor } from '../../src/platform/policy/policy.ts';
import { sendIdeaWith, waitForCheck } from './originality-fixtures.ts';

/** Paragraphs of pseudo-random Chinese (distinct per seed), 600 characters. */
const body = (seed: number) => [0, 1, 2].map((i) => seededText(seed * 10 + i, 200)).join('\n');

describeDialects('originality summaries', (_dialect, getDb) => {
  let s: TestServer;
  let admin: Client;
  let cast: Awaited<ReturnType<typeof startWithCast>>['cast'];
  const as: Record<string, Client> = {};
  const id: Record<string, number> = {};

  beforeAll(async () => {
    const r = await startWithCast(getDb());
    s = r.server;
    admin = r.admin;
    cast = r.cast;
    await startCampaign2017(admin);
    for (const u of ['unitadmin', 'member', 'memberb', 'unitadminb', 'judge', 'leader', 'sector', 'inspector']) {
      as[u] = new Client(s.url);
      expect((await as[u].login(u, PASSWORD)).status).toBe(200);
    }
    // Unit A: A1 and A2 sealed (reached the bureau), A3 sent, A4 the author's draft. A2 copies A1.
    id.A1 = await sendIdeaWith(as.member, '甲一', body(1));
    id.A2 = await sendIdeaWith(as.member, '甲二', `${body(1).slice(0, 300)}${body(2)}`);
    id.A3 = await sendIdeaWith(as.member, '甲三', body(3));
    const draft = await as.member.post('/api/ideas', completeForm({ title: '甲四（草稿）', body: body(4) }));
    expect(draft.status).toBe(201);
    id.A4 = draft.body.id;
    // Unit B: B1 and B2 sealed, B3 sent; B3 copies A3.
    id.B1 = await sendIdeaWith(as.memberb, '乙一', body(5));
    id.B2 = await sendIdeaWith(as.memberb, '乙二', body(6));
    id.B3 = await sendIdeaWith(as.memberb, '乙三', `${body(3).slice(0, 400)}${body(7)}`);
    for (const [ua, ids] of [
      [as.unitadmin, [id.A1, id.A2]],
      [as.unitadminb, [id.B1, id.B2]],
    ] as const) {
      for (const i of ids) expect((await ua.post(`/api/ideas/${i}/approve`, {})).status).toBe(200);
      const seal = await ua.post('/api/batches', { ideaIds: ids });
      expect(seal.status, seal.text).toBe(201);
    }
    for (const k of ['A1', 'A2', 'A3']) await waitForCheck(as.member, id[k]);
    for (const k of ['B1', 'B2', 'B3']) await waitForCheck(as.memberb, id[k]);
  }, 120_000);
  afterAll(async () => s?.close());

  // Asked in this order: duplicates, an unknown id and a draft among them.
  const asked = () => [id.B3, id.A1, 987654, id.A4, id.B1, id.A2, id.A1, id.A3, id.B2];
  const url = () => `/api/originality/summaries?ids=${asked().join(',')}`;

  it('answers each visible idea exactly as its own summary route does, in the order asked, each once', async () => {
    const expected: Record<string, string[]> = {
      admin: ['A1', 'B1', 'A2', 'B2'],
      unitadmin: ['A1', 'A2', 'A3'],
      member: ['A1', 'A4', 'A2', 'A3'],
      memberb: ['B3', 'B1', 'B2'],
      unitadminb: ['B3', 'B1', 'B2'],
    };
    const client = (k: string) => (k === 'admin' ? admin : as[k]);
    let done = 0;
    for (const [who, keys] of Object.entries(expected)) {
      const r = await client(who).get(url());
      expect(r.status, `${who}: ${r.text}`).toBe(200);
      const items = SummariesOut.parse(r.body).items;
      expect(items.map((x) => x.ideaId), who).toEqual(keys.map((k) => id[k]));
      const one = [];
      for (const i of [...new Set(asked())]) {
        const single = await client(who).get(`/api/ideas/${i}/originality/summary`);
        if (single.status === 200) one.push(single.body);
        else expect([403, 404], `${who} ${i}`).toContain(single.status);
      }
      expect(items, who).toEqual(one);
      done += items.filter((x) => x.status === 'done' && x.similarity !== null).length;
    }
    expect(done).toBeGreaterThan(0);
    // The copies carry their figure: the same in every list that shows them.
    const ua = (await as.unitadminb.get(url())).body.items.find((x: { ideaId: number }) => x.ideaId === id.B3);
    expect(ua.similarity).toBeGreaterThan(0.3);
    expect(ua.status).toBe('done');
    // A draft has no check.
    const mine = (await as.member.get(url())).body.items.find((x: { ideaId: number }) => x.ideaId === id.A4);
    expect(mine).toMatchObject({ status: 'none', similarity: null, check: null });
  });

  it('refuses judges and the overview roles, and answers an empty list for ids nobody may see', async () => {
    for (const who of ['judge', 'leader', 'sector', 'inspector']) expect((await as[who].get(url())).status, who).toBe(403);
    const none = await as.memberb.get(`/api/originality/summaries?ids=${id.A1},${id.A4},987654`);
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
  });

  it('reads the database a fixed number of times however many ids are asked', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const db = s.database.db.withPlugin(counter);
    const actor: Actor = { userId: cast.ids.unitadmin, username: 'unitadmin', name: '用户unitadmin', unitId: cast.unitA, roles: [{ role: 'unit_admin', sectorId: null }], mustChangePassword: false, sessionPublicId: 'test' };
    const count = async (ids: number[]) => {
      queries = 0;
      const items = await service.summaries(db, actor, ids);
      return { queries, items };
    };
    const one = await count([id.A1]);
    const all = await count(asked());
    const many = await count([...asked(), ...Array.from({ length: 190 }, (_, i) => 500_000 + i)]);
    expect(one.items.map((x) => x.ideaId)).toEqual([id.A1]);
    expect(all.items.map((x) => x.ideaId)).toEqual([id.A1, id.A2, id.A3]);
    expect(many.items).toEqual(all.items);
    expect(one.queries).toBeGreaterThan(0);
    expect(one.queries).toBeLessThanOrEqual(4);
    expect(all.queries).toBe(one.queries);
    expect(many.queries).toBe(one.queries);
  });
});
