// Originality jobs across instances, on SQLite and PostgreSQL (issue 4 items 4 and "done when"): a
// check queued at one instance is run by another; a claim whose instance went away is taken over; a
// failing attempt is retried after its back-off and fails for good after three; a check queued with
// enqueueOriginalityCheck inside a transaction (as send and seal do) runs once committed and never
// when rolled back; the campaign-wide run indexes every idea and the library, then checks each idea
// that reached the bureau, with its progress.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { startCampaign2017 } from '../helpers/ideas.ts';
import { requireSharedData, skipReason } from '../helpers/env.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { enqueueOriginalityCheck } from '../../src/modules/originality/originality.jobs.ts';
import { RunDetailOut } from '../../src/modules/originality/originality.schema.ts';
import { checkNow, originalityCorpus, sendIdeaWith, waitForCheck } from './originality-fixtures.ts';
import { DEFAULT_STOCK_PHRASES } from '../../src/modules/originality/engine/stock-phrases.ts';

const shared = requireSharedData();

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(skipReason(shared))('originality jobs', () => {
  describeDialects('originality jobs', (_dialect, getDb) => {
    const { docs, queries } = skipReason(shared) ? { docs: new Map(), queries: new Map() } : originalityCorpus();
    const clock = new ManualClock('2017-09-20T02:00:00.000Z');
    let a: TestServer; // instance A: its runner is stopped, so only B runs jobs
    let b: TestServer;
    let c: TestServer;
    let admin: Client;
    let adminB: Client;
    const as: Record<string, Client> = {};
    const ideas: Record<string, number> = {};

    beforeAll(async () => {
      const r = await startWithCast(getDb(), { clock });
      a = r.server;
      admin = r.admin;
      await a.app.originalityRunner!.stop();
      await startCampaign2017(admin);
      for (const u of ['unitadmin', 'member', 'memberb', 'unitadminb']) {
        as[u] = new Client(a.url);
        expect((await as[u].login(u, PASSWORD)).status).toBe(200);
      }
      ideas.d09 = await sendIdeaWith(as.member, docs.get('d09')!.title, docs.get('d09')!.text);
      ideas.q17 = await sendIdeaWith(as.memberb, queries.get('q17')!.title, queries.get('q17')!.text); // d09 + r02
      ideas.d13 = await sendIdeaWith(as.member, docs.get('d13')!.title, docs.get('d13')!.text);
      ideas.q18 = await sendIdeaWith(as.memberb, queries.get('q18')!.title, queries.get('q18')!.text); // d13 + d21
      ideas.d21 = await sendIdeaWith(as.member, docs.get('d21')!.title, docs.get('d21')!.text); // sent, never sealed
    });
    afterAll(async () => {
      await c?.close();
      await b?.close();
      await a?.close();
    });

    it('a check queued at instance A is run by instance B; the report reads the same at both', async () => {
      const q = await as.unitadminb.post(`/api/ideas/${ideas.q17}/originality/checks`, {});
      expect(q.status).toBe(202);
      // A does not run jobs: the check waits.
      await new Promise((r) => setTimeout(r, 700));
      expect((await as.unitadminb.get(`/api/ideas/${ideas.q17}/originality/summary`)).body.status).toBe('queued');
      b = await startServer(getDb(), { clock, config: {} });
      const done = await waitForCheck(as.unitadminb, ideas.q17);
      expect(done.status).toBe('done');
      const row = await a.database.db.selectFrom('originality_checks').select(['claimed_by', 'attempts']).where('id', '=', q.body.id).executeTakeFirstOrThrow();
      expect(row.attempts).toBe(1);
      adminB = new Client(b.url);
      const unitAdminAtB = new Client(b.url);
      await unitAdminAtB.login('unitadminb', PASSWORD);
      const atA = (await as.unitadminb.get(`/api/ideas/${ideas.q17}/originality`)).body;
      const atB = (await unitAdminAtB.get(`/api/ideas/${ideas.q17}/originality`)).body;
      expect(atB).toEqual(atA);
    });

    it('takes over a check whose instance went away, and counts the attempt', async () => {
      const id = await enqueueOriginalityCheck(a.database.db, { ideaId: ideas.d09, reason: 'send', now: clock.now().toISOString() });
      // As if an instance had claimed it two minutes ago and died.
      await a.database.db.updateTable('originality_checks').set({ status: 'running', claimed_by: 'gone-instance', claimed_at: '2017-09-20T01:58:00.000Z', attempts: 1, started_at: '2017-09-20T01:58:00.000Z' }).where('id', '=', id).execute();
      b.app.originalityRunner!.wake();
      const row = await until('takeover', async () => {
        const r = await a.database.db.selectFrom('originality_checks').select(['status', 'attempts', 'claimed_by']).where('id', '=', id).executeTakeFirstOrThrow();
        return r.status === 'done' ? r : null;
      });
      expect(row.attempts).toBe(2);
      // A live claim (one second old) is left alone.
      const live = await enqueueOriginalityCheck(a.database.db, { ideaId: ideas.d13, reason: 'send', now: clock.now().toISOString() });
      await a.database.db.updateTable('originality_checks').set({ status: 'running', claimed_by: 'live-instance', claimed_at: new Date(clock.now().getTime() - 1000).toISOString(), attempts: 1 }).where('id', '=', live).execute();
      b.app.originalityRunner!.wake();
      await new Promise((r) => setTimeout(r, 800));
      expect((await a.database.db.selectFrom('originality_checks').select(['status', 'claimed_by']).where('id', '=', live).executeTakeFirstOrThrow()).claimed_by).toBe('live-instance');
      clock.advance(61_000);
      b.app.originalityRunner!.wake();
      await until('stale after 60 s', async () => (await a.database.db.selectFrom('originality_checks').select('status').where('id', '=', live).executeTakeFirstOrThrow()).status === 'done');
    });

    it('retries a failing attempt after its back-off, and fails for good after three', async () => {
      const db = a.database.db;
      // The index is unavailable: its state table is renamed away.
      await sql`ALTER TABLE originality_index_state RENAME TO originality_index_state_away`.execute(db);
      try {
        const id = await enqueueOriginalityCheck(db, { ideaId: ideas.q18, reason: 'manual', now: clock.now().toISOString() });
        b.app.originalityRunner!.wake();
        const first = await until('first failure', async () => {
          const r = await db.selectFrom('originality_checks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          return r.attempts === 1 && r.status === 'queued' ? r : null;
        });
        expect(first.error).toContain('稍后自动重试');
        expect(Date.parse(first.run_after)).toBe(clock.now().getTime() + 10_000);
        const fig = (await as.unitadminb.get(`/api/ideas/${ideas.q18}/originality/summary`)).body;
        expect(fig.check).toMatchObject({ status: 'queued', attempts: 1 });
        // Not before the back-off is over.
        b.app.originalityRunner!.wake();
        await new Promise((r) => setTimeout(r, 600));
        expect((await db.selectFrom('originality_checks').select('attempts').where('id', '=', id).executeTakeFirstOrThrow()).attempts).toBe(1);
        clock.advance(10_001);
        b.app.originalityRunner!.wake();
        await until('second failure', async () => (await db.selectFrom('originality_checks').select('attempts').where('id', '=', id).executeTakeFirstOrThrow()).attempts === 2);
        clock.advance(20_001);
        b.app.originalityRunner!.wake();
        const last = await until('failed', async () => {
          const r = await db.selectFrom('originality_checks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
          return r.status === 'failed' ? r : null;
        });
        expect(last.attempts).toBe(3);
        expect(last.error).toContain('3 次均未完成');
        const failed = (await as.unitadminb.get(`/api/ideas/${ideas.q18}/originality/summary`)).body;
        // The figure stays the last finished one (if any); the status says the newest check failed.
        expect(failed).toMatchObject({ status: 'failed', check: { status: 'failed', attempts: 3 } });
      } finally {
        await sql`ALTER TABLE originality_index_state_away RENAME TO originality_index_state`.execute(db);
      }
      // Asked again, it runs.
      const again = await as.unitadminb.post(`/api/ideas/${ideas.q18}/originality/checks`, {});
      expect(again.status).toBe(202);
      expect((await waitForCheck(as.unitadminb, ideas.q18)).status).toBe('done');
    });

    it('a check queued inside a transaction runs once committed, and never when it rolls back', async () => {
      const db = a.database.db;
      // No runner anywhere while the jobs are queued (B's stops; C starts afterwards).
      await b.app.originalityRunner!.stop();
      const count = async () => Number((await db.selectFrom('originality_checks').select((eb) => eb.fn.countAll<number>().as('n')).where('idea_id', '=', ideas.d21).executeTakeFirstOrThrow()).n);
      // (Checks queued by the send itself, if any, have run at B by now.)
      const before = await count();
      await db
        .transaction()
        .execute(async (trx) => {
          await enqueueOriginalityCheck(trx, { ideaId: ideas.d21, reason: 'seal', now: clock.now().toISOString() });
          throw new Error('the seal failed');
        })
        .catch(() => {});
      expect(await count()).toBe(before);
      const id = await db.transaction().execute((trx) => enqueueOriginalityCheck(trx, { ideaId: ideas.d21, reason: 'seal', now: clock.now().toISOString() }));
      // The same idea asked for again while it waits: one job.
      expect(await db.transaction().execute((trx) => enqueueOriginalityCheck(trx, { ideaId: ideas.d21, reason: 'seal' }))).toBe(id);
      c = await startServer(getDb(), { clock });
      const fig = await waitForCheck(as.member, ideas.d21);
      expect(fig.check).toMatchObject({ id, reason: 'seal', status: 'done' });
      expect(await count()).toBe(before + 1);
    });

    it('checks the whole campaign: indexes every idea and the library, then each idea that reached the bureau', async () => {
      const r02 = docs.get('r02')!;
      expect((await admin.post('/api/originality/references', { title: r02.title, origin: '文件汇编', text: r02.text })).status).toBe(201);
      // Seal two ideas of each unit: they reach the bureau. d21 stays at its unit.
      for (const [ua, ids] of [
        [as.unitadmin, [ideas.d09, ideas.d13]],
        [as.unitadminb, [ideas.q17, ideas.q18]],
      ] as const) {
        for (const id of ids) expect((await ua.post(`/api/ideas/${id}/approve`, {})).status).toBe(200);
        const seal = await ua.post('/api/batches', { ideaIds: ids });
        expect(seal.status, seal.text).toBe(201);
      }
      // Started at A twice while no instance runs jobs: one run; D does the work.
      await c.app.originalityRunner!.stop();
      const start = await admin.post('/api/originality/runs', {});
      expect(start.status, start.text).toBe(202);
      expect(start.body).toMatchObject({ status: 'indexing', indexed: 0, toIndex: 6, total: 0 });
      const twice = await admin.post('/api/originality/runs', { campaignId: start.body.campaignId });
      expect(twice.body.id).toBe(start.body.id);
      const d = await startServer(getDb(), { clock });
      try {
        const done = await until('run done', async () => {
          const r = await admin.get(`/api/originality/runs/${start.body.id}`);
          return r.body.status === 'done' ? r.body : null;
        });
        const run = RunDetailOut.parse(done);
        expect(run).toMatchObject({ indexed: 6, toIndex: 6, total: 4, checked: 4, failed: 0, error: null });
        expect(run.finishedAt).not.toBeNull();
        expect(run.results.map((x) => x.ideaId).sort()).toEqual([ideas.d09, ideas.d13, ideas.q17, ideas.q18].sort());
        // Highest first; the two copies are on top, each naming its main source.
        expect(run.results.map((x) => x.similarity!)).toEqual([...run.results.map((x) => x.similarity!)].sort((x, y) => y - x));
        const top = new Set(run.results.slice(0, 2).map((x) => x.ideaId));
        expect(top).toEqual(new Set([ideas.q17, ideas.q18]));
        for (const x of run.results.slice(0, 2)) expect(x.topSource).not.toBeNull();
        // q18 copies d13 and d21: d21 was never sealed but was sent, so the run indexed it.
        const rep = (await admin.get(`/api/ideas/${ideas.q18}/originality`)).body.report;
        expect(rep.sources.map((x: { source: string }) => x.source)).toEqual(expect.arrayContaining([`idea:${ideas.d13}`, `idea:${ideas.d21}`]));
        // The bureau sees every unit's name.
        for (const x of rep.sources) if (x.kind === 'idea') expect(x.unitName).toBe('城关第一小学');
        const q17 = (await admin.get(`/api/ideas/${ideas.q17}/originality`)).body.report;
        expect(q17.sources.map((x: { kind: string }) => x.kind).sort()).toEqual(['idea', 'reference']);
        const list = await admin.get(`/api/originality/runs?campaignId=${start.body.campaignId}`);
        expect(list.body.items[0]).toMatchObject({ id: start.body.id, status: 'done' });
        // Audited once, as the bureau's start.
        const audits = await a.database.db.selectFrom('audit_log').select(['target_id']).where('action', '=', 'originality.runs.start').execute();
        expect(audits.map((x) => x.target_id)).toEqual([String(start.body.id), String(start.body.id)]);
      } finally {
        await d.close();
      }
    }, 120_000);

    it('rebuilds the postings in the next campaign run once a phrase was taken off the stock list', async () => {
      const e = await startServer(getDb(), { clock });
      try {
        const phrase = '德智体美劳全面发展的社会主义建设者和接班人';
        expect(DEFAULT_STOCK_PHRASES).toContain(phrase);
        // Indexed while the phrase is on the list: its k-grams are not stored.
        const withPhrase = await sendIdeaWith(as.member, '培养全面发展的学生', `${docs.get('d20')!.text}\n我们要培养${phrase}。`);
        await checkNow(as.unitadmin, withPhrase);
        const put = await admin.put('/api/originality/stock-phrases', { phrases: DEFAULT_STOCK_PHRASES.filter((p) => p !== phrase) });
        expect(put.status).toBe(200);
        const copier = await sendIdeaWith(as.memberb, '学生发展', `${docs.get('d24')!.text}\n学校的目标是培养${phrase}。`);
        const before = (await checkNow(as.unitadminb, copier)).report;
        expect(before.sources.map((x: { source: string }) => x.source)).not.toContain(`idea:${withPhrase}`);
        // The run rebuilds once (the list changed since), and the phrase is found now.
        const run = await admin.post('/api/originality/runs', {});
        expect(run.status).toBe(202);
        await until('run done', async () => (await admin.get(`/api/originality/runs/${run.body.id}`)).body.status === 'done');
        const builtAt = (await a.database.db.selectFrom('originality_index_state').select('built_at').executeTakeFirstOrThrow()).built_at;
        expect(builtAt).not.toBeNull();
        const after = (await checkNow(as.unitadminb, copier)).report;
        const src = after.sources.find((x: { source: string }) => x.source === `idea:${withPhrase}`);
        expect(src).toBeDefined();
        expect(src.passages.some((p: { queryStart: number; queryEnd: number }) => after.text.slice(p.queryStart, p.queryEnd).includes(phrase))).toBe(true);
        // A second run with the same list does not rebuild again.
        clock.advance(1000);
        const second = await admin.post('/api/originality/runs', {});
        await until('second run done', async () => (await admin.get(`/api/originality/runs/${second.body.id}`)).body.status === 'done');
        expect((await a.database.db.selectFrom('originality_index_state').select('built_at').executeTakeFirstOrThrow()).built_at).toBe(builtAt);
      } finally {
        await e.close();
      }
    }, 120_000);
  });
});
