// The demo (README's first command) shows every step of the golden-idea workflow: each demo account
// signs in to something to do. Seeded through the ideas service on both databases.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import { startServer, type TestDatabase, type TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { seedDemo } from '../../src/modules/demo/seed.ts';

const PW = 'Demo#Xianju2017';

describeDialects('demo golden ideas', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  const as = async (u: string) => {
    const c = new Client(s.url);
    expect((await c.login(u, PW)).status).toBe(200);
    return c;
  };
  beforeAll(async () => {
    s = await startServer(getDb());
    await seedDemo(s.database, s.clock, PW);
  });
  afterAll(async () => s?.close());

  it('has ideas in every state, sealed batches, and a to-do for the member, the unit admin and the bureau', async () => {
    const admin = await as('admin');
    const summary = (await admin.get('/api/ideas/summary')).body;
    expect(summary.totals).toMatchObject({ units: 90, ok: 3, submitted: 7, received: 2 });
    expect(summary.totals.none).toBe(87);
    const batches = (await admin.get('/api/batches')).body.items;
    expect(batches.map((b: { status: string }) => b.status).sort()).toEqual(['received', 'submitted', 'submitted']);
    const submitted = (await admin.get('/api/ideas?pageSize=50')).body.items;
    expect(submitted.every((i: { charCount: number }) => i.charCount >= 500)).toBe(true);
    expect((await admin.get('/api/campaigns/current/todo')).body.items.map((i: { key: string }) => i.key)).toEqual(['receive', 'units-none']);
    const unitadmin = await as('unitadmin');
    const review = (await unitadmin.get('/api/campaigns/current/todo')).body.items.map((i: { key: string }) => i.key);
    expect(review).toEqual(expect.arrayContaining(['review', 'seal', 'quota']));
    const member = await as('member');
    const mine = (await member.get('/api/ideas?mine=true')).body.items;
    expect(mine.map((i: { status: string }) => i.status)).toEqual(['draft']);
    expect((await member.get('/api/campaigns/current/todo')).body.items.map((i: { key: string }) => i.key)).toEqual(['my-drafts']);
    const verify = await admin.post('/api/auth/logout', {});
    expect(verify.status).toBeLessThan(300);
  });
});
