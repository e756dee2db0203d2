// Originality checks over real HTTP on SQLite and PostgreSQL (issue 4 items 2–4): an idea's check runs
// as a background job, indexes its text as source "idea:<id>", and its report shows which passages
// come from where, in both original texts; who sees what (bureau, the idea's unit admin, the author,
// other units, judges); no phone number in any answer; a check against the reference library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { startCampaign2017 } from '../helpers/ideas.ts';
import { skipReason, requireSharedData } from '../helpers/env.ts';
import { normalize } from '../../src/modules/originality/engine/normalize.ts';
import { ReportPageOut, SummaryOut } from '../../src/modules/originality/originality.schema.ts';
import { checkNow, originalityCorpus, sendIdeaWith, waitForCheck } from './originality-fixtures.ts';

const shared = requireSharedData();
const PHONE = /1[3-9]\d{9}/;

describe.skipIf(skipReason(shared))('originality checks', () => {
 describeDialects('originality checks', (_dialect, getDb) => {
  const { docs, queries } = skipReason(shared) ? { docs: new Map(), queries: new Map() } : originalityCorpus();
  let s: TestServer;
  let admin: Client;
  const as: Record<string, Client> = {};
  let source: number; // unit A's idea: the text of d06
  let copy: number; // unit B's idea: q01, a verbatim copy of d06, with a phone number written into it

  beforeAll(async () => {
    const r = await startWithCast(getDb());
    s = r.server;
    admin = r.admin;
    await startCampaign2017(admin);
    for (const u of ['unitadmin', 'member', 'memberb', 'unitadminb', 'judge', 'leader']) {
      as[u] = new Client(s.url);
      expect((await as[u].login(u, PASSWORD)).status).toBe(200);
    }
    source = await sendIdeaWith(as.member, docs.get('d06')!.title, docs.get('d06')!.text);
    const q = queries.get('q01')!;
    copy = await sendIdeaWith(as.memberb, q.title, `${q.text}\n如有疑问请联系13912345678。`);
  });
  afterAll(async () => s?.close());

  it('checks the source idea, then finds it, passage for passage, in the copy of another unit', async () => {
    const first = await checkNow(as.unitadmin, source);
    expect(ReportPageOut.parse(first).report).not.toBeNull();
    expect(first.report.ideaId).toBe(source);
    expect(first.summary.status).toBe('done');

    const page = await checkNow(as.unitadminb, copy);
    const report = ReportPageOut.parse(page).report!;
    expect(report.sources.length).toBeGreaterThan(0);
    const top = report.sources[0];
    expect(top.source).toBe(`idea:${source}`);
    expect(top.kind).toBe('idea');
    expect(top.similarity).toBeGreaterThan(0.5);
    expect(report.similarity).toBeGreaterThan(0.5);
    expect(report.level).toBe('red');
    // Another unit's idea: its text is shown side by side, its unit and its id are not.
    expect(top.unitName).toBeNull();
    expect(top.ideaId).toBeNull();
    expect(top.title).toBe(docs.get('d06')!.title);
    // Passages point into both texts, and the two stretches read the same once normalised.
    expect(top.passages.length).toBeGreaterThan(0);
    for (const p of top.passages) {
      const a = normalize(report.text.slice(p.queryStart, p.queryEnd)).text;
      const b = normalize(top.text.slice(p.sourceStart, p.sourceEnd)).text;
      expect(a.length).toBeGreaterThanOrEqual(13);
      expect(a).toBe(b);
    }
    // Spans are inside the submission and labelled.
    for (const sp of report.spans) {
      expect(sp.start).toBeLessThan(sp.end);
      expect(sp.end).toBeLessThanOrEqual(report.text.length);
    }
    expect(report.spans.some((x) => x.label === 'copied')).toBe(true);
  });

  it('never answers a phone number: the one written into the text is masked in place', async () => {
    const page = await as.unitadminb.get(`/api/ideas/${copy}/originality`);
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(PHONE);
    const report = page.body.report;
    expect(report.text).toContain('139****5678');
    // Masking keeps every offset: the text is as long as the idea's.
    const idea = await as.unitadminb.get(`/api/ideas/${copy}`);
    expect(report.text.length).toBe(idea.body.body.length);
    for (const c of [as.unitadmin, as.memberb]) {
      for (const url of [`/api/ideas/${copy}/originality/summary`, `/api/originality/summaries?ids=${copy},${source}`]) {
        const r = await c.get(url);
        expect(r.text).not.toMatch(PHONE);
      }
    }
    // Nor do the server's logs (the runner logs ids only).
    expect(s.logs.join('\n')).not.toContain('13912345678');
  });

  it('scopes: the unit admin sees the own unit on a source; the author sees only the figure; others nothing', async () => {
    // Unit A's admin checks their idea again now that the copy is in the index: the copy is a source
    // from another unit (no name), and the figure is the same for the author.
    const again = await checkNow(as.unitadmin, source);
    const src = again.report.sources.find((x: { source: string }) => x.source === `idea:${copy}`);
    expect(src).toBeDefined();
    expect(src.unitName).toBeNull();

    // The author: the figure and the status of their own idea, not the report.
    const fig = await as.memberb.get(`/api/ideas/${copy}/originality/summary`);
    expect(fig.status).toBe(200);
    expect(SummaryOut.parse(fig.body).similarity).toBeGreaterThan(0.5);
    expect(fig.body.level).toBe('red');
    expect((await as.memberb.get(`/api/ideas/${copy}/originality`)).status).toBe(403);
    expect((await as.memberb.post(`/api/ideas/${copy}/originality/checks`, {})).status).toBe(403);
    // Another unit's idea is missing for a member and a unit admin alike.
    expect((await as.memberb.get(`/api/ideas/${source}/originality/summary`)).status).toBe(404);
    expect((await as.unitadminb.get(`/api/ideas/${source}/originality`)).status).toBe(404);
    expect((await as.unitadminb.post(`/api/ideas/${source}/originality/checks`, {})).status).toBe(404);
    // The summaries list leaves out what the caller may not see.
    const list = await as.memberb.get(`/api/originality/summaries?ids=${copy},${source}`);
    expect(list.body.items.map((i: { ideaId: number }) => i.ideaId)).toEqual([copy]);
    // Judges and the overview roles have no route here (the evaluation module shows judges the figure).
    expect((await as.judge.get(`/api/ideas/${copy}/originality/summary`)).status).toBe(403);
    expect((await as.leader.get(`/api/ideas/${copy}/originality`)).status).toBe(403);
    // The bureau sees ideas once they reached it (sealed): not yet.
    expect((await admin.get(`/api/ideas/${copy}/originality`)).status).toBe(404);
  });

  it('overallFigure gives the evaluation module the newest figure only', async () => {
    const { overallFigure } = await import('../../src/modules/originality/originality.service.ts');
    const f = await overallFigure(s.database.db, copy);
    expect(f).not.toBeNull();
    expect(f!.similarity).toBeGreaterThan(0.5);
    expect(f!.level).toBe('red');
    expect(Object.keys(f!).sort()).toEqual(['checkedAt', 'level', 'similarity']);
  });

  it('refuses to check a draft, with a clear message and no job', async () => {
    const d = await as.unitadmin.post('/api/ideas', { title: '草稿', body: '草稿正文' });
    expect(d.status).toBe(201);
    const r = await as.unitadmin.post(`/api/ideas/${d.body.id}/originality/checks`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ORIGINALITY_DRAFT');
    expect(r.body.error.message).toContain('草稿');
    const jobs = await s.database.db.selectFrom('originality_checks').select('id').where('idea_id', '=', d.body.id).execute();
    expect(jobs).toEqual([]);
    const fig = await as.unitadmin.get(`/api/ideas/${d.body.id}/originality/summary`);
    expect(fig.body).toMatchObject({ status: 'none', similarity: null, check: null });
  });

  it('a repeated request joins the waiting check; the job status reaches done with one attempt', async () => {
    const a = await as.unitadmin.post(`/api/ideas/${source}/originality/checks`, {});
    const b = await as.unitadmin.post(`/api/ideas/${source}/originality/checks`, {});
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    // Either the second joined the first, or the first was already claimed and a new one queued.
    expect(b.body.id).toBeGreaterThanOrEqual(a.body.id);
    const done = await waitForCheck(as.unitadmin, source);
    expect(done.check.status).toBe('done');
    expect(done.check.attempts).toBe(1);
    expect(done.check.reason).toBe('manual');
    // Each request left its audit record.
    const audits = await s.database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'originality.check').where('target_id', '=', String(source)).execute();
    expect(audits.length).toBeGreaterThanOrEqual(4);
  });
});
});
