// The route × role matrix (checklist rows 12 and 17): every route the server has, called by the
// public and by every role, answers as the policy says; a route without a policy entry fails; every
// mutating or denied call leaves exactly one audit record with the route's action code.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestServer, type TestDatabase } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { buildCast, PASSWORD, CAST_ROLES } from '../helpers/factories.ts';
import { z } from 'zod';
import { POLICY } from '../../src/platform/policy/policy.ts';

const AuditRow = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  actor_id: z.number().int().nullable(),
  actor_role: z.string().nullable(),
  unit_id: z.number().int().nullable(),
  action: z.string().min(3),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  error_code: z.string().nullable(),
  ip: z.string().min(1),
  request_id: z.string().uuid(),
  prev_hash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Who may call what, written out by hand so that a change to the policy table is a deliberate
 * change here too. 'public' = anyone; 'signed-in' = every role.
 */
const EXPECTED: Record<string, 'public' | 'signed-in' | (typeof CAST_ROLES)[number][]> = {
  'web.app': 'public',
  'health.read': 'public',
  'openapi.read': 'public',
  'auth.login': 'public',
  'auth.password-policy': 'public',
  'auth.logout': 'signed-in',
  'auth.logout-all': 'signed-in',
  'auth.change-password': 'signed-in',
  'auth.sessions.list': 'signed-in',
  'auth.sessions.end': 'signed-in',
  'me.read': 'signed-in',
  'org.sectors.list': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'org.sectors.update': ['admin'],
  'org.units.list': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'org.units.read': ['admin', 'leader', 'sector', 'inspector', 'unitadmin', 'member'],
  'org.units.create': ['admin'],
  'org.units.update': ['admin'],
  'org.units.deactivate': ['admin'],
  'org.units.activate': ['admin'],
  'org.users.list': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'org.users.read': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'org.users.create': ['admin', 'unitadmin'],
  'org.users.update': ['admin', 'unitadmin'],
  'org.users.deactivate': ['admin', 'unitadmin'],
  'org.users.activate': ['admin', 'unitadmin'],
  'org.users.reset-password': ['admin', 'unitadmin'],
  'org.users.unlock': ['admin', 'unitadmin'],
  'org.users.end-sessions': ['admin', 'unitadmin'],
  'org.import.units': ['admin'],
  'org.import.users': ['admin'],
  'org.import.template': ['admin'],
  'audit.list': ['admin'],
  'audit.verify': ['admin'],
  'campaigns.current': 'signed-in',
  'campaigns.todo': 'signed-in',
  'campaigns.list': ['admin', 'leader', 'inspector'],
  'campaigns.read': 'signed-in',
  'campaigns.create': ['admin'],
  'campaigns.update': ['admin'],
  'campaigns.extensions.list': ['admin'],
  'campaigns.extensions.grant': ['admin'],
  'ideas.list': ['admin', 'leader', 'sector', 'inspector', 'unitadmin', 'member'],
  'ideas.summary': ['admin', 'leader', 'sector', 'inspector'],
  'ideas.create': ['unitadmin', 'member'],
  'ideas.read': ['admin', 'leader', 'sector', 'inspector', 'unitadmin', 'member'],
  'ideas.update': ['unitadmin', 'member'],
  'ideas.delete': ['unitadmin', 'member'],
  'ideas.send': ['unitadmin', 'member'],
  'ideas.return': ['unitadmin'],
  'ideas.approve': ['unitadmin'],
  'ideas.bureau-return': ['admin'],
  'ideas.phone.reveal': ['admin'],
  'ideas.attachments.add': ['unitadmin', 'member'],
  'ideas.attachments.remove': ['unitadmin', 'member'],
  'ideas.attachments.download': ['admin', 'leader', 'sector', 'inspector', 'unitadmin', 'member'],
  'ideas.export.xlsx': ['admin', 'leader', 'inspector'],
  'ideas.export.volume': ['admin', 'leader', 'inspector'],
  'ideas.import.upload': ['admin'],
  'ideas.import.status': ['admin'],
  'ideas.import.confirm': ['admin'],
  'batches.list': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'batches.read': ['admin', 'leader', 'sector', 'inspector', 'unitadmin'],
  'batches.seal': ['unitadmin'],
  'batches.receive': ['admin'],
  'batches.return': ['admin'],
  'batches.forms-pdf': ['admin', 'unitadmin'],
  'verify.read': 'public',
  'originality.report': ['admin', 'unitadmin'],
  'originality.report-pdf': ['admin', 'unitadmin'],
  'originality.summary': ['admin', 'unitadmin', 'member'],
  'originality.check': ['admin', 'unitadmin'],
  'originality.references.list': ['admin'],
  'originality.references.read': ['admin'],
  'originality.references.create': ['admin'],
  'originality.references.upload': ['admin'],
  'originality.references.delete': ['admin'],
  'originality.stock.read': ['admin'],
  'originality.stock.update': ['admin'],
  'originality.thresholds.read': ['admin', 'unitadmin'],
  'originality.thresholds.update': ['admin'],
  'originality.runs.start': ['admin'],
  'originality.runs.list': ['admin'],
  'originality.runs.read': ['admin'],
  'evaluation.judges.list': ['admin'],
  'evaluation.judges.create': ['admin'],
  'evaluation.judges.update': ['admin'],
  'evaluation.rounds.list': ['admin'],
  'evaluation.rounds.read': ['admin'],
  'evaluation.rounds.create': ['admin'],
  'evaluation.rounds.update': ['admin'],
  'evaluation.rounds.assign': ['admin'],
  'evaluation.rounds.open': ['admin'],
  'evaluation.rounds.close': ['admin'],
  'evaluation.assignments.list': ['admin'],
  'evaluation.assignments.add': ['admin'],
  'evaluation.assignments.replace': ['admin'],
  'evaluation.assignments.remove': ['admin'],
  'evaluation.conflicts.list': ['admin'],
  'evaluation.progress': ['admin'],
  'evaluation.remind': ['admin'],
  'evaluation.results': ['admin'],
  'evaluation.disqualify': ['admin'],
  'evaluation.my.list': ['judge'],
  'evaluation.my.read': ['judge'],
  'evaluation.my.image': ['judge'],
  'evaluation.my.save': ['judge'],
  'evaluation.my.submit': ['judge'],
  'evaluation.my.conflict': ['judge'],
  'evaluation.my.reminder-read': ['judge'],
  'evaluation.awards.read': ['admin'],
  'evaluation.awards.propose': ['admin'],
  'evaluation.awards.adjust': ['admin'],
  'evaluation.awards.announce': ['admin'],
  'evaluation.awards.finalize': ['admin'],
  'evaluation.awards.publish': ['admin'],
  'evaluation.awards.excellent': ['admin'],
  'evaluation.awards.certificates': ['admin'],
  'evaluation.awards.xlsx': ['admin'],
  'evaluation.objections.answer': ['admin'],
  'evaluation.notices.list': ['unitadmin'],
  'evaluation.objections.file': ['unitadmin'],
  'evaluation.unit-results': ['unitadmin', 'member'],
};

const SESSION_ENDING = new Set(['auth.logout', 'auth.logout-all']);
/** Reads that must leave an audit record (row 17: viewing the audit log; row 37: exports and printed forms). */
const AUDITED_READS = new Set(['audit.list', 'audit.verify', 'ideas.export.xlsx', 'ideas.export.volume', 'batches.forms-pdf', 'originality.report-pdf', 'evaluation.awards.certificates', 'evaluation.awards.xlsx']);

function concrete(url: string): string {
  return url.replace(':id', '999999').replace(':kind', 'units').replace('/*', '/some/page');
}

describeDialects('route × role matrix', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } });
    await buildCast(s.database);
  });
  afterAll(async () => s?.close());

  it('has a hand-written expectation for every policy entry, and a policy for every route', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(POLICY).sort());
    for (const r of s.app.routeList) if (!r.hidden || r.policy) expect(Object.keys(POLICY)).toContain(r.policy);
  });

  it('refuses to start with a route that has no policy entry', async () => {
    const { buildApp } = await import('../../src/platform/http/app.ts');
    const app = await buildApp({ config: s.config, database: s.database, clock: s.clock });
    expect(() => app.get('/api/forgotten', async () => 'x')).toThrow(/no policy entry/);
    await app.close();
  });

  it('answers every route for every role as the policy says, auditing writes and refusals', async () => {
    const openapi = (await new Client(s.url).get('/api/openapi.json')).body;
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(openapi.paths as Record<string, object>)) for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    // Every documented operation states its success response and the error shape.
    for (const [path, ops] of Object.entries(openapi.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>)) {
      for (const [m, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses ?? {});
        expect(codes.some((c) => /^2\d\d$/.test(c)), `${m} ${path} success response`).toBe(true);
        expect(codes, `${m} ${path} error responses`).toEqual(expect.arrayContaining(['4XX', '5XX']));
      }
    }
    const routes = s.app.routeList.filter((r) => r.policy);
    for (const r of routes) if (r.policy !== 'web.app' && r.policy !== 'openapi.read') expect(documented, `${r.method} ${r.url} in OpenAPI`).toContain(`${r.method} ${r.url}`);

    const failures: string[] = [];
    const clients = new Map<string, Client>();
    const clientFor = async (who: string) => {
      if (who === 'anonymous') return new Client(s.url);
      let c = clients.get(who);
      if (!c) {
        c = new Client(s.url);
        expect((await c.login(who, PASSWORD)).status).toBe(200);
        clients.set(who, c);
      }
      return c;
    };
    for (const r of routes) {
      const exp = EXPECTED[r.policy!];
      for (const who of ['anonymous', ...CAST_ROLES]) {
        const c = await clientFor(who);
        const before = await s.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
        const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
        const res = await c.request(r.method, concrete(r.url), body);
        const allowed = exp === 'public' || (who !== 'anonymous' && (exp === 'signed-in' || (exp as string[]).includes(who)));
        const want = allowed ? 'allowed' : who === 'anonymous' ? 401 : 403;
        const ok = want === 'allowed' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === want;
        if (!ok) failures.push(`${r.method} ${r.url} as ${who}: got ${res.status} ${res.text.slice(0, 120)}, want ${want}`);
        const after = await s.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('seq', '>', Number(before.m ?? 0)).execute();
        const mustAudit = r.method !== 'GET' || res.status === 403 || (AUDITED_READS.has(r.policy!) && res.status < 400);
        const mine = after.filter((a) => a.action === r.policy);
        if (mustAudit && mine.length !== 1) failures.push(`${r.method} ${r.url} as ${who}: ${mine.length} audit records for ${r.policy}`);
        // Row 24: no GET changes state, so an answered GET writes nothing at all.
        if (r.method === 'GET' && res.status < 400 && after.length !== (AUDITED_READS.has(r.policy!) ? 1 : 0)) failures.push(`GET ${r.url} as ${who} wrote ${after.length} audit records`);
        if (SESSION_ENDING.has(r.policy!) && allowed) clients.delete(who);
      }
    }
    expect(failures).toEqual([]);
    // Row 18: every audit record written has the required shape and no personal values.
    const rows = await s.database.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.length).toBeGreaterThan(100);
    for (const a of rows) {
      expect(AuditRow.safeParse(a).success, JSON.stringify(a)).toBe(true);
      const { hash: _h, prev_hash: _p, request_id: _r, ...values } = a;
      expect(JSON.stringify(values)).not.toMatch(/1[3-9]\d{9}|用户/);
    }
  }, 300_000); // every route × every role, one request at a time: ~1,500 requests
});
