// Years of ideas, on SQLite and PostgreSQL (issue 4 item 3): an idea of an earlier campaign stays in
// the index; a match with the same unit's idea from an earlier year is shown as such (with the unit's
// name for its own admin), another unit's is not; an idea never matches its own earlier version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { requireSharedData, skipReason } from '../helpers/env.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { checkNow, originalityCorpus, sendIdeaWith } from './originality-fixtures.ts';

const shared = requireSharedData();

describe.skipIf(skipReason(shared))('originality across years', () => {
  describeDialects('originality across years', (_dialect, getDb) => {
    const { docs, queries } = skipReason(shared) ? { docs: new Map(), queries: new Map() } : originalityCorpus();
    const clock = new ManualClock('2016-09-20T02:00:00.000Z');
    let s: TestServer;
    let admin: Client;
    const as: Record<string, Client> = {};

    beforeAll(async () => {
      const r = await startWithCast(getDb(), { clock });
      s = r.server;
      admin = r.admin;
      for (const u of ['unitadmin', 'member', 'memberb', 'unitadminb']) {
        as[u] = new Client(s.url);
        expect((await as[u].login(u, PASSWORD)).status).toBe(200);
      }
    });
    afterAll(async () => s?.close());

    it('flags a copy of the same unit’s idea of an earlier year, and names the unit to its admin only', async () => {
      expect((await admin.post('/api/campaigns', { template: 'xianju-2017', year: 2016 })).status).toBe(201);
      const old = await sendIdeaWith(as.member, docs.get('d06')!.title, docs.get('d06')!.text);
      expect((await checkNow(as.unitadmin, old)).report.sources).toEqual([]);

      clock.set('2017-09-20T02:00:00.000Z');
      // A year later every session has expired: sign in again.
      for (const [u, c] of [['admin', admin], ...Object.entries(as)] as Array<[string, Client]>) expect((await c.login(u, PASSWORD)).status).toBe(200);
      expect((await admin.post('/api/campaigns', { template: 'xianju-2017', year: 2017 })).status).toBe(201);
      const q = queries.get('q01')!; // a copy of d06
      const again = await sendIdeaWith(as.member, q.title, q.text);
      const other = await sendIdeaWith(as.memberb, q.title, q.text);

      const own = (await checkNow(as.unitadmin, again)).report;
      const src = own.sources.find((x: { source: string }) => x.source === `idea:${old}`);
      expect(src).toMatchObject({ kind: 'idea', sameUnitEarlierYear: true, year: 2016, unitName: '城关第一小学', ideaId: old });
      expect(src.similarity).toBeGreaterThan(0.5);

      const foreign = (await checkNow(as.unitadminb, other)).report;
      const fsrc = foreign.sources.find((x: { source: string }) => x.source === `idea:${old}`);
      expect(fsrc).toMatchObject({ sameUnitEarlierYear: false, year: 2016, unitName: null, ideaId: null });
      // The same-year copy of unit A is there too, same year, unnamed for unit B.
      expect(foreign.sources.find((x: { source: string }) => x.source === `idea:${again}`)).toMatchObject({ sameUnitEarlierYear: false, year: 2017, unitName: null });
    });

    it('never matches an idea with its own earlier version, and marks a report stale after an edit', async () => {
      const id = await sendIdeaWith(as.member, '关于青年教师成长的建议', docs.get('d09')!.text);
      const first = (await checkNow(as.unitadmin, id)).report;
      expect(first.sources.map((x: { source: string }) => x.source)).not.toContain(`idea:${id}`);
      // Returned, edited (a paragraph added) and sent again: the report is stale until checked again.
      expect((await as.unitadmin.post(`/api/ideas/${id}/return`, { comment: '请补充具体做法' })).status).toBe(200);
      const cur = (await as.member.get(`/api/ideas/${id}`)).body;
      const put = await as.member.put(`/api/ideas/${id}`, { version: cur.version, body: `${cur.body}\n具体做法：每学期组织一次青年教师汇报课，由师傅全程指导并记录成长档案。` });
      expect(put.status, put.text).toBe(200);
      const stale = (await as.member.get(`/api/ideas/${id}/originality/summary`)).body;
      expect(stale.stale).toBe(true);
      expect((await as.member.post(`/api/ideas/${id}/send`, {})).status).toBe(200);
      const second = (await checkNow(as.unitadmin, id)).report;
      expect(second.stale).toBe(false);
      expect(second.sources.map((x: { source: string }) => x.source)).not.toContain(`idea:${id}`);
      expect(second.text).toContain('具体做法');
      // The index holds the new text, once.
      const rows = await s.database.db.selectFrom('originality_sources').select(['text']).where('id', '=', `idea:${id}`).execute();
      expect(rows.length).toBe(1);
      expect(rows[0].text).toContain('具体做法');
    });
  });
});
