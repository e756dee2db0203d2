// Row 22 for the evaluation routes, on SQLite and PostgreSQL: random JSON in the fields these routes
// read (wrong types, huge strings, control and RTL characters, injection strings, out-of-range
// numbers), as the bureau admin and as a judge with a real open round → only 2xx/4xx, never 5xx, and
// a refused request changes no row of the evaluation tables.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { buildUnit, buildUser, PASSWORD, startWithCast } from '../helpers/factories.ts';
import { completeForm, startCampaign2017 } from '../helpers/ideas.ts';

const TABLES = ['evaluation_judges', 'evaluation_rounds', 'evaluation_round_judges', 'evaluation_round_ideas', 'evaluation_assignments', 'evaluation_scores', 'evaluation_conflicts', 'evaluation_reminders', 'evaluation_disqualifications'] as const;

describeDialects('evaluation: fuzzed requests', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let admin: Client;
  let judge: Client;
  let roundId = 0;
  let assignmentId = 0;

  beforeAll(async () => {
    let cast;
    ({ server: s, admin, cast } = await startWithCast(getDb(), { config: { rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 } } }));
    await startCampaign2017(admin);
    const unitC = await buildUnit(s.database, { code: 'T003', name: '官路中学', sector: 'ZB' });
    await buildUser(s.database, { username: 'judgex', role: 'judge', unitId: unitC });
    await buildUser(s.database, { username: 'judgey', role: 'judge' });
    const member = new Client(s.url);
    await member.login('member', PASSWORD);
    const unitadmin = new Client(s.url);
    await unitadmin.login('unitadmin', PASSWORD);
    const ids: number[] = [];
    for (let k = 0; k < 2; k++) {
      const c = await member.post('/api/ideas', completeForm({ title: `建议${k}` }));
      await member.post(`/api/ideas/${c.body.id}/send`, {});
      await unitadmin.post(`/api/ideas/${c.body.id}/approve`, {});
      ids.push(c.body.id);
    }
    const b = await unitadmin.post('/api/batches', { ideaIds: ids });
    expect((await admin.post(`/api/batches/${b.body.id}/receive`, {})).status).toBe(200);
    const judgeIds = (await s.database.db.selectFrom('users').select('id').where('username', 'in', ['judge', 'judgex', 'judgey']).execute()).map((r) => r.id);
    const r = await admin.post('/api/evaluation/rounds', { title: '模糊测试轮', reviewsPerIdea: 2, judgeIds });
    roundId = r.body.id;
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/assign`, {})).status).toBe(200);
    expect((await admin.post(`/api/evaluation/rounds/${roundId}/open`, {})).status).toBe(200);
    judge = new Client(s.url);
    await judge.login('judge', PASSWORD);
    assignmentId = (await judge.get('/api/evaluation/my')).body.items[0].id;
    void cast;
  });
  afterAll(async () => s?.close());

  async function snapshot(): Promise<string> {
    const out: unknown[] = [];
    for (const t of TABLES) out.push(await s.database.db.selectFrom(t).selectAll().execute());
    return JSON.stringify(out);
  }

  it('random bodies, params and queries never produce a 5xx; a refusal changes nothing', async () => {
    const payload = fc.oneof(
      fc.constantFrom("' OR 1=1--", '${7*7}', '<script>alert(1)</script>', '\u202e\u0000\u001b[31m', 'x'.repeat(200_000), '2017-10-20T15:59:59Z', '', '__proto__'),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
      fc.dictionary(fc.constantFrom('innovation', 'relevance', 'key', 'name', 'maxPoints', '__proto__', 'constructor'), fc.oneof(fc.integer(), fc.double(), fc.string())),
    );
    const body = fc.dictionary(
      fc.constantFrom('title', 'topics', 'sectorIds', 'rubric', 'reviewsPerIdea', 'deadline', 'blind', 'excludeSameSector', 'flagSpread', 'judgeIds', 'campaignId', 'scores', 'comment', 'reason', 'ideaId', 'judgeId', 'message', 'username', 'name', 'unitId', 'sectorId', 'expertise', 'capacity', 'mobile'),
      payload,
    );
    const routes: [string, string, 'admin' | 'judge'][] = [
      ['POST', '/api/evaluation/judges', 'admin'],
      ['PUT', '/api/evaluation/judges/:id', 'admin'],
      ['POST', '/api/evaluation/rounds', 'admin'],
      ['PUT', '/api/evaluation/rounds/:round', 'admin'],
      ['POST', '/api/evaluation/rounds/:round/assignments', 'admin'],
      ['PUT', '/api/evaluation/assignments/:id', 'admin'],
      ['POST', '/api/evaluation/rounds/:round/remind', 'admin'],
      ['GET', '/api/evaluation/rounds/:round/results', 'admin'],
      ['POST', '/api/evaluation/disqualifications', 'admin'],
      ['PUT', '/api/evaluation/my/:assignment/sheet', 'judge'],
      ['POST', '/api/evaluation/my/:assignment/submit', 'judge'],
      ['POST', '/api/evaluation/my/:assignment/conflict', 'judge'],
      ['GET', '/api/evaluation/my/:assignment/image', 'judge'],
    ];
    const param = fc.oneof(fc.integer({ min: -5, max: 3_000_000_000 }).map(String), fc.constantFrom("1' OR '1'='1", '%00', '1e3', '0x10', '999999'));
    const query = fc.dictionary(fc.constantFrom('mode', 'n', 'campaignId', 'x'), payload.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)).slice(0, 300)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, param, fc.boolean(), query, async ([method, url, who], b, p, realIds, qs) => {
        const path = url
          .replace(':round', realIds ? String(roundId) : p)
          .replace(':assignment', realIds ? String(assignmentId) : p)
          .replace(':id', p);
        const search = new URLSearchParams(qs as Record<string, string>).toString();
        const before = await snapshot();
        const c = who === 'admin' ? admin : judge;
        const res = await c.request(method, search ? `${path}?${search}` : path, method === 'GET' ? undefined : b);
        expect(res.status, `${method} ${path} ${JSON.stringify(b).slice(0, 300)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expect(await snapshot(), `${method} ${path} changed rows with ${res.status}`).toBe(before);
        expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+|SELECT |INSERT INTO/);
      }),
      { numRuns: 150 },
    );
  });
});
