// Workflow integrity under concurrency (issue 3, items 4 and 8; checklist row 16 "I"): parallel seal
// requests at two real server processes on one PostgreSQL, and at one server on SQLite. Whatever
// order the requests land in, a unit never has more than the maximum (5) submitted, a batch that
// leaves the unit below the minimum (2) is refused, every refusal is a clear 409 in Chinese, no
// request fails with a 5xx, and one Idempotency-Key makes one batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { requirePostgres } from '../helpers/env.ts';
import { Client, type Res } from '../helpers/http.ts';
import { buildCast, buildUnit, buildUser, PASSWORD } from '../helpers/factories.ts';
import { approvedIdea } from '../helpers/ideas.ts';
import { startProcesses, stopProcesses, type ServerProcess } from '../helpers/processes.ts';
import { openMigrated } from '../../src/platform/bootstrap.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { mulberry32 } from '../../src/shared/random.ts';

const pg = await Promise.resolve(requirePostgres());

const REFUSALS = ['QUOTA_EXCEEDED', 'BATCH_TOO_SMALL', 'INVALID_TRANSITION'];
const HAN = /[\u4e00-\u9fff]/;

interface Setup {
  /** One URL per server instance; requests are spread over them round-robin. */
  urls: string[];
  database: Database;
  /** The campaign year: its ideas are due 10月20日 of that year, after the servers' clock. */
  year: number;
}

/** Units of the scenarios: each has its own unit admin and member (password PASSWORD). */
async function buildScenarioUnits(database: Database) {
  const cast = await buildCast(database); // T001 (unitadmin/member), T002 (unitadminb/memberb)
  const unitC = await buildUnit(database, { code: 'T003', name: '白塔小学', sector: 'CQ' });
  await buildUser(database, { username: 'unitadminc', role: 'unit_admin', unitId: unitC });
  await buildUser(database, { username: 'memberc', role: 'member', unitId: unitC });
  return { A: cast.unitA, B: cast.unitB, C: unitC };
}

function checkRefusalOrCreated(r: Res) {
  expect(r.status, r.text).toBeLessThan(500);
  if (r.status === 201) return;
  expect(r.status, r.text).toBe(409);
  expect(REFUSALS, r.text).toContain(r.body.error.code);
  expect(r.body.error.message, r.text).toMatch(HAN);
}

async function countedOf(database: Database, unitId: number): Promise<number> {
  const r = await database.db
    .selectFrom('ideas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit_id', '=', unitId)
    .where('status', 'in', ['submitted', 'received'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function concurrencyScenarios(get: () => Setup) {
  let unit: { A: number; B: number; C: number };
  /** Per instance: [unit admin, member] clients of a unit, signed in on that instance. */
  const signIn = async (url: string, u: string) => {
    const c = new Client(url);
    const r = await c.login(u, PASSWORD);
    expect(r.status, r.text).toBe(200);
    return c;
  };
  const signInEverywhere = (u: string) => Promise.all(get().urls.map((url) => signIn(url, u)));

  beforeAll(async () => {
    const s = get();
    unit = {
      A: (await s.database.db.selectFrom('units').select('id').where('code', '=', 'T001').executeTakeFirstOrThrow()).id,
      B: (await s.database.db.selectFrom('units').select('id').where('code', '=', 'T002').executeTakeFirstOrThrow()).id,
      C: (await s.database.db.selectFrom('units').select('id').where('code', '=', 'T003').executeTakeFirstOrThrow()).id,
    };
    const admin = await signIn(s.urls[0], 'admin');
    const c = await admin.post('/api/campaigns', { template: 'xianju-2017', year: s.year });
    expect(c.status, c.text).toBe(201);
  });

  it('many parallel seals of 1–3 of nine approved ideas, spread over the instances: never more than 5, every refusal a clear 409', async () => {
    const s = get();
    const member = await signIn(s.urls[0], 'member');
    const admins = await signInEverywhere('unitadmin');
    const ids: number[] = [];
    for (let i = 0; i < 9; i++) ids.push(await approvedIdea(member, admins[i % admins.length], { title: `并发报送测试${i + 1}` }));
    const rnd = mulberry32(20171020);
    const subsets = Array.from({ length: 24 }, () => {
      const size = 1 + Math.floor(rnd() * 3);
      const pick = new Set<number>();
      while (pick.size < size) pick.add(ids[Math.floor(rnd() * ids.length)]);
      return [...pick];
    });
    const res = await Promise.all(subsets.map((ideaIds, i) => admins[i % admins.length].post('/api/batches', { ideaIds })));
    for (const r of res) checkRefusalOrCreated(r);

    const accepted = res.filter((r) => r.status === 201);
    expect(accepted.length).toBeGreaterThan(0);
    const counted = await countedOf(s.database, unit.A);
    expect(counted).toBeLessThanOrEqual(5);
    expect(counted).toBeGreaterThanOrEqual(2);
    // What the answers say is what the database holds: each accepted idea in exactly one batch.
    const sealedIds = accepted.flatMap((r) => r.body.ideas.map((i: { id: number }) => i.id));
    expect(new Set(sealedIds).size).toBe(sealedIds.length);
    expect(sealedIds.length).toBe(counted);
    const batches = await s.database.db.selectFrom('idea_batches').select(['id', 'idea_count']).where('unit_id', '=', unit.A).execute();
    expect(batches.map((b) => b.id).sort()).toEqual(accepted.map((r) => r.body.id).sort());
    expect(batches.reduce((a, b) => a + b.idea_count, 0)).toBe(counted);
    // The first sealed batch reached the minimum on its own.
    const first = accepted.map((r) => r.body).sort((x, y) => x.id - y.id)[0];
    expect(first.ideaCount).toBeGreaterThanOrEqual(2);
    const versions = await s.database.db.selectFrom('idea_versions').select('idea_id').where('idea_id', 'in', ids).execute();
    expect(versions).toHaveLength(counted);
  });

  it('row 16: a unit with 2 submitted, then 10 parallel seals of one idea each over the instances → exactly 3 accepted, 7 QUOTA_EXCEEDED', async () => {
    const s = get();
    const member = await signIn(s.urls[0], 'memberb');
    const admins = await signInEverywhere('unitadminb');
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await approvedIdea(member, admins[0], { title: `名额竞争${i + 1}` }));
    const firstTwo = await admins[0].post('/api/batches', { ideaIds: ids.slice(0, 2) });
    expect(firstTwo.status, firstTwo.text).toBe(201);
    const res = await Promise.all(ids.slice(2).map((id, i) => admins[i % admins.length].post('/api/batches', { ideaIds: [id] })));
    for (const r of res) checkRefusalOrCreated(r);
    expect(res.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = res.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      expect(r.body.error.code).toBe('QUOTA_EXCEEDED');
      expect(r.body.error.message).toContain('每个单位最多报送 5 个金点子');
    }
    expect(await countedOf(s.database, unit.B)).toBe(5);
    const left = await s.database.db.selectFrom('ideas').select('id').where('unit_id', '=', unit.B).where('status', '=', 'approved').execute();
    expect(left).toHaveLength(7);
  });

  it('row 16: the same Idempotency-Key sent 3× in parallel over the instances → one batch, three identical answers', async () => {
    const s = get();
    const member = await signIn(s.urls[0], 'memberc');
    const admins = await signInEverywhere('unitadminc');
    const ids = [await approvedIdea(member, admins[0]), await approvedIdea(member, admins[0])];
    const key = { 'idempotency-key': 'seal-race-T003-0001' };
    const res = await Promise.all([0, 1, 2].map((i) => admins[i % admins.length].post('/api/batches', { ideaIds: ids }, key)));
    expect(res.map((r) => r.status), res.map((r) => r.text).join('\n')).toEqual([201, 201, 201]);
    expect(res[1].body).toEqual(res[0].body);
    expect(res[2].body).toEqual(res[0].body);
    expect(res.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const batches = await s.database.db.selectFrom('idea_batches').select('id').where('unit_id', '=', unit.C).execute();
    expect(batches.map((b) => b.id)).toEqual([res[0].body.id]);
    expect(await countedOf(s.database, unit.C)).toBe(2);
    const events = await s.database.db.selectFrom('idea_events').select('idea_id').where('idea_id', 'in', ids).where('action', '=', 'seal').execute();
    expect(events).toHaveLength(2);
  });
}

describe.skipIf(!pg.available)('seal races: two server processes on one PostgreSQL', () => {
  let tdb: TestDatabase;
  let database: Database;
  let procs: ServerProcess[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    database = await openMigrated(tdb.config);
    await buildScenarioUnits(database);
    // The factories date the passwords 2017; the processes run on the real clock, where an admin's
    // 2017 password is overdue for rotation (row 5): date them today.
    await database.db.updateTable('users').set({ password_changed_at: new Date().toISOString() }).execute();
    procs = await startProcesses(tdb, 2, { JDZ_RATE_SESSION_PER_MINUTE: '100000', JDZ_RATE_ANON_PER_MINUTE: '100000' });
  }, 120_000);
  afterAll(async () => {
    await stopProcesses(procs);
    const dead = procs.flatMap((p) => p.output).filter((l) => /"level":(50|60)/.test(l));
    await database?.close();
    await tdb?.drop();
    expect(dead, 'no error logged by the servers').toEqual([]);
  });
  // The processes run on the real clock: a campaign of next year is open.
  concurrencyScenarios(() => ({ urls: procs.map((p) => p.url), database, year: new Date().getUTCFullYear() + 1 }));
});

describe('seal races: one server on SQLite', () => {
  let tdb: TestDatabase;
  let s: TestServer;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    s = await startServer(tdb, { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } });
    await buildScenarioUnits(s.database);
  });
  afterAll(async () => {
    await s?.close();
    await tdb?.drop();
  });
  // The test clock stands at 2017-09-20, before the 2017 deadline.
  concurrencyScenarios(() => ({ urls: [s.url], database: s.database, year: 2017 }));
});

