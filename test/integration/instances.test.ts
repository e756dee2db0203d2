// Several instances (issue item 10): two real server processes on one PostgreSQL behave as one.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/app.ts';
import { requirePostgres } from '../helpers/env.ts';
import { Client } from '../helpers/http.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');
const pg = await Promise.resolve(requirePostgres());

async function waitHealthy(url: string, proc: ChildProcess, out: string[]) {
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${out.join('')}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${out.join('')}`);
}

describe.skipIf(!pg.available)('two server processes on one PostgreSQL', () => {
  let db: TestDatabase;
  const procs: ChildProcess[] = [];
  const urls: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    for (const port of [0, 1]) {
      const p = 34000 + Math.floor(Math.random() * 20000) + port;
      const out: string[] = [];
      const proc = spawn(process.execPath, [BIN, port === 0 ? 'start' : 'serve'], {
        env: { ...process.env, DATABASE_URL: db.url!, PORT: String(p), HOST: '127.0.0.1', JDZ_DATA_DIR: db.config.dataDir, JDZ_DEMO_PASSWORD: 'Demo#Xianju2017', JDZ_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc.stdout!.on('data', (d) => out.push(String(d)));
      proc.stderr!.on('data', (d) => out.push(String(d)));
      procs.push(proc);
      urls.push(`http://127.0.0.1:${p}`);
      await waitHealthy(urls[port], proc, out);
    }
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    await db?.drop();
  });

  it('a session opened on one instance works on the other, and sign-out on one ends it on both', async () => {
    const a = new Client(urls[0]);
    expect((await a.login('admin', 'Demo#Xianju2017')).status).toBe(200);
    const b = new Client(urls[1]);
    b.cookies = new Map(a.cookies);
    b.csrf = a.csrf;
    const me = await b.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');
    expect((await b.get('/api/org/units?pageSize=1')).body.total).toBeGreaterThanOrEqual(90);
    expect((await b.post('/api/auth/logout')).status).toBe(204);
    expect((await a.get('/api/me')).status).toBe(401);
  });

  it('counts failed sign-ins of both instances together (lockout after 5)', async () => {
    for (let i = 0; i < 5; i++) await new Client(urls[i % 2]).post('/api/auth/login', { username: 'judge', password: 'Wrong#Pass123' });
    const r = await new Client(urls[0]).post('/api/auth/login', { username: 'judge', password: 'Demo#Xianju2017' });
    expect(r.status).toBe(423);
  });
});
