// Row 29: what was sealed can be checked later. `jindianzi verify` recomputes every batch digest from
// its snapshots and compares every sealed idea with its snapshot; a change made with SQL behind the
// application's back is reported with the idea's id and a non-zero exit. Sealed versions themselves
// cannot be changed (triggers), also not with SQL.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from '../helpers/dialects.ts';
import type { TestDatabase, TestServer } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { PASSWORD, startWithCast } from '../helpers/factories.ts';
import { approvedIdea, startCampaign2017 } from '../helpers/ideas.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');

describeDialects('sealed content integrity', (_dialect, getDb: () => TestDatabase) => {
  let s: TestServer;
  let ids: number[];
  const verify = () =>
    spawnSync(process.execPath, [BIN, 'verify'], {
      env: { ...process.env, JDZ_DATA_DIR: getDb().config.dataDir, JDZ_LOG_LEVEL: 'silent', DATABASE_URL: getDb().url ?? undefined } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    });
  beforeAll(async () => {
    let admin: Client;
    ({ server: s, admin } = await startWithCast(getDb()));
    await startCampaign2017(admin);
    const member = new Client(s.url);
    const unitadmin = new Client(s.url);
    await member.login('member', PASSWORD);
    await unitadmin.login('unitadmin', PASSWORD);
    ids = [await approvedIdea(member, unitadmin), await approvedIdea(member, unitadmin, { title: '第二个' })];
    expect((await unitadmin.post('/api/batches', { ideaIds: ids })).status).toBe(201);
  });
  afterAll(async () => s?.close());

  it('reports intact sealed content, then the id of an idea changed with SQL', async () => {
    const ok = verify();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已封存内容完整：1 个批次，2 个金点子');
    await s.database.db.updateTable('ideas').set({ body: '被人用SQL改过的正文' }).where('id', '=', ids[1]).execute();
    const bad = verify();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`金点子 / idea ${ids[1]}`);
    expect(bad.stderr).toContain('body');
    expect(bad.stderr).not.toContain(`idea ${ids[0]}（`);
  });

  it('a sealed snapshot cannot be updated or deleted, not even with SQL', async () => {
    await expect(s.database.db.updateTable('idea_versions').set({ digest: '0'.repeat(64) }).execute()).rejects.toThrow(/immutable/);
    await expect(s.database.db.deleteFrom('idea_versions').execute()).rejects.toThrow(/immutable/);
  });
});
