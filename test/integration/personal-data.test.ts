// Row 34: a golden idea's contact phone reaches in full only its author and its unit's admin. Every
// GET route of ideas, batches, campaigns and the public verify page is called by every role (and the
// public) with real ids, and the JSON answers are scanned for mainland mobile numbers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { CAST_ROLES, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';

const MOBILE = /1[3-9]\d{9}/;
/** Who may receive the full number: the author (member) and the admin of the author's unit. */
const MAY_SEE = new Set(['member', 'unitadmin']);

describeDialects('personal data in idea responses', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let ideaId: number, batchId: number, campaignId: number, receipt: string, digest: string;
  beforeAll(async () => {
    let admin: Client;
    ({ server: s, admin } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    campaignId = await startCampaign2017(admin);
    const member = new Client(s.url);
    const unitadmin = new Client(s.url);
    await member.login('member', PASSWORD);
    await unitadmin.login('unitadmin', PASSWORD);
    const ids = [await approvedIdea(member, unitadmin, { contactPhone: '13912345678' }), await approvedIdea(member, unitadmin, { contactPhone: '0576-87654321' })];
    const b = await unitadmin.post('/api/batches', { ideaIds: ids });
    expect(b.status).toBe(201);
    [ideaId, batchId, receipt, digest] = [ids[0], b.body.id, b.body.receiptNo, b.body.digest];
  });
  afterAll(async () => s?.close());

  it('no role but the author and the unit admin receives the full number, from any list or detail', async () => {
    const routes = s.app.routeList.filter((r) => r.method === 'GET' && /^\/api\/(ideas|batches|campaigns|verify)/.test(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const concrete = (url: string) => {
      const id = url.startsWith('/api/batches') ? batchId : url.startsWith('/api/campaigns') ? campaignId : ideaId;
      let u = url.replace(':id', String(id));
      if (u === '/api/verify') u += `?r=${encodeURIComponent(receipt)}&d=${digest}`;
      if (u === '/api/ideas') u += '?pageSize=200';
      return u;
    };
    const leaks: string[] = [];
    let scanned = 0;
    for (const who of ['anonymous', ...CAST_ROLES]) {
      const c = new Client(s.url);
      if (who !== 'anonymous') expect((await c.login(who, PASSWORD)).status).toBe(200);
      for (const r of routes) {
        if (r.url.includes(':fileId')) continue;
        const res = await c.get(concrete(r.url));
        if (!(res.headers.get('content-type') ?? '').includes('json') || res.status >= 400) continue;
        scanned++;
        const text = JSON.stringify(res.body);
        if (MOBILE.test(text) && !MAY_SEE.has(who)) leaks.push(`${who} GET ${r.url}: ${text.match(MOBILE)![0]}`);
        if (text.includes('87654321') && !MAY_SEE.has(who)) leaks.push(`${who} GET ${r.url}: landline`);
      }
    }
    expect(leaks).toEqual([]);
    expect(scanned).toBeGreaterThan(20);
    // The author does see it, so the scan would have caught a leak.
    const member = new Client(s.url);
    await member.login('member', PASSWORD);
    expect(JSON.stringify((await member.get(`/api/ideas/${ideaId}`)).body)).toContain('13912345678');
    const inspector = new Client(s.url);
    await inspector.login('inspector', PASSWORD);
    expect((await inspector.get(`/api/ideas/${ideaId}`)).body.contactPhone).toBe('139****5678');
  });
});
