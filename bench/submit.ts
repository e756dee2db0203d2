// Submission benchmark (issue 3, item 9): `npm run bench:submit`.
//
// "The endpoint that saves a submitted idea" is POST /api/ideas/:id/send: a member sends a complete
// draft to the unit — the request every teacher makes before a deadline, and the one that turns a
// draft into a submission (status, history event and audit record in one transaction, durable before
// the answer). The drafts are prepared in advance (as autosave does while the teacher types), so each
// request sends a different idea of its own user: BENCH_USERS signed-in members (default 50, one per
// connection, each with its own session cookie and CSRF token) send their drafts one after another
// for BENCH_DURATION seconds. In the same run and on the same server, GET /api/health is measured at
// the same concurrency, and the ratio of the two is reported.
//
// For SQLite (synchronous=FULL, as always) and, where it is reachable, PostgreSQL. Each server is the
// app built in-process (buildApp) in its own child process, and autocannon runs in another, as in
// bench/http.ts. After each run the database is read back: every idea that was answered 200 must be
// 'sent' with one send event ("0 lost acknowledgements").
//
//   BENCH_DURATION         seconds per measured run (default 10)
//   BENCH_USERS            concurrent signed-in users = connections (default 50)
//   BENCH_IDEAS_PER_USER   drafts prepared per user (default 400 on SQLite, 200 on PostgreSQL)
//   BENCH_DIALECTS         sqlite,postgres (default: both, PostgreSQL only where reachable)
//   BENCH_PG_INSTANCES     server processes on the PostgreSQL database (default 1)
//   BENCH_CPU_PROF=dir     write a V8 CPU profile of each server process into dir
//   BENCH_HEALTH_DURATION  seconds of the health run (default BENCH_DURATION; 1 for a profile of the sends)
//   BENCH_WRITE=0          only print; otherwise the figures replace the bench:submit section of docs/benchmarks.md
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon, { type Client, type Request, type Result } from 'autocannon';
import type { Config } from '../src/platform/config.ts';
import { writeBenchSection } from './sections.ts';

const SELF = fileURLToPath(import.meta.url);
const PASSWORD = 'Bench#Xianju2017';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const USERS = Number(process.env.BENCH_USERS ?? 50);
// Shorter health run for a CPU profile of the sends (BENCH_HEALTH_DURATION=1): otherwise health dominates it.
const HEALTH_DURATION = Number(process.env.BENCH_HEALTH_DURATION ?? DURATION);
const MEMBERS_PER_UNIT = 2;
const BEGIN = '<!-- bench:submit -->';
const END = '<!-- /bench:submit -->';

type ToParent = { type: 'ready'; url: string } | { type: 'stats'; id: number; eldP50: number; eldP99: number; eldMax: number; rssMb: number; cpuMs: number };
type ToChild = { type: 'phase-start' } | { type: 'phase-end'; id: number } | { type: 'stop' };

// ---------------------------------------------------------------------------------------------
// A server instance (child process).

async function serveChild() {
  const { buildApp } = await import('../src/platform/http/app.ts');
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const config = JSON.parse(process.env.JDZ_BENCH_CONFIG!) as Config;
  const database = await openMigrated(config);
  const logStream = fs.createWriteStream('/dev/null'); // logs at info, as in production: their cost is measured
  const app = await buildApp({ config, database, clock: systemClock, logStream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let cpu = process.cpuUsage();
  const send = (m: ToParent) => process.send!(m);
  process.on('message', async (m: ToChild) => {
    if (m.type === 'phase-start') {
      eld.reset();
      cpu = process.cpuUsage();
    }
    if (m.type === 'phase-end') {
      const used = process.cpuUsage(cpu);
      send({ type: 'stats', id: m.id, eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, rssMb: process.memoryUsage().rss / 2 ** 20, cpuMs: (used.user + used.system) / 1000 });
    }
    if (m.type === 'stop') {
      await app.close();
      await database.close();
      process.exit(0);
    }
  });
  send({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

interface Instance {
  proc: ChildProcess;
  url: string;
  stats(id: number): Promise<Extract<ToParent, { type: 'stats' }>>;
  stop(): Promise<void>;
}

async function startInstance(config: Config): Promise<Instance> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  const proc = fork(SELF, [], { execArgv: ['--import', 'tsx', ...prof], env: { ...process.env, JDZ_BENCH_ROLE: 'server', JDZ_BENCH_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server instance exited with ${code}`)));
    proc.on('message', (m: ToParent) => m.type === 'ready' && resolve(m.url));
  });
  return {
    proc,
    url,
    stats: (id) =>
      new Promise((resolve) => {
        const on = (m: ToParent) => {
          if (m.type === 'stats' && m.id === id) {
            proc.off('message', on);
            resolve(m);
          }
        };
        proc.on('message', on);
        proc.send({ type: 'phase-end', id } satisfies ToChild);
      }),
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.send({ type: 'stop' } satisfies ToChild);
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Seeding: a campaign open until next October, units with two members each, complete drafts.

/** A suggestion text of `n` 字 in paragraphs (as test/helpers/ideas.ts textOf). */
function textOf(n: number, salt: number): string {
  const base = '教师队伍建设是提升教学质量的根本要务我们建议完善校本研修制度加强城乡教育均衡发展';
  const chars = Array.from({ length: n }, (_, i) => base[(i + salt) % base.length]);
  const lines: string[] = [];
  for (let i = 0; i < n; i += 100) lines.push(chars.slice(i, i + 100).join(''));
  return lines.join('\n');
}

async function seed(config: Config, ideasPerUser: number): Promise<{ usernames: string[]; ideas: number[][] }> {
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { hashPassword } = await import('../src/platform/auth/password-hash.ts');
  const org = await import('../src/modules/org/org.repository.ts');
  const campaigns = await import('../src/modules/campaigns/campaigns.repository.ts');
  const { templateCampaign } = await import('../src/modules/campaigns/campaigns.templates.ts');
  const service = await import('../src/modules/ideas/ideas.service.ts');
  const database = await openMigrated(config);
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  const usernames: string[] = [];
  const ideas: number[][] = [];
  try {
    const users = await database.db.transaction().execute(async (trx) => {
      await campaigns.insertCampaign(trx, templateCampaign('xianju-2017', new Date().getUTCFullYear() + 1), now);
      const sectors = await org.sectorsByKey(trx);
      const out: { id: number; unitId: number; username: string }[] = [];
      for (let i = 0; i < USERS; i++) {
        let unitId: number;
        if (i % MEMBERS_PER_UNIT === 0) {
          const n = i / MEMBERS_PER_UNIT;
          unitId = await org.insertUnit(trx, { code: `S${String(n).padStart(3, '0')}`, name: `基准报送学校${n}`, type: '小学', sector_id: sectors[n % sectors.length].id, town: '安洲街道', contact_name: '联系人', contact_phone: '13800001111' }, now);
        } else unitId = out[i - 1].unitId;
        const username = `teacher${String(i).padStart(3, '0')}`;
        const id = await org.insertUser(trx, { username, name: `教师${i}`, mobile: null, email: null, unit_id: unitId, password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 0 }, now);
        await org.replaceRoles(trx, id, [{ role: 'member', sectorId: null }]);
        out.push({ id, unitId, username });
      }
      return out;
    });
    // The drafts, written as the form would (the service's createDraft: history event included).
    const ctx = { dialect: database.dialect, now };
    for (const u of users) {
      usernames.push(u.username);
      const actor = { userId: u.id, username: u.username, name: u.username, unitId: u.unitId, roles: [{ role: 'member' as const, sectorId: null }], mustChangePassword: false, sessionPublicId: 'bench' };
      const mine = await database.db.transaction().execute(async (trx) => {
        const list: number[] = [];
        for (let k = 0; k < ideasPerUser; k++) {
          list.push(
            await service.createDraft(trx, ctx, actor, {
              contactName: `教师${u.id}`,
              contactPhone: '13800000123',
              authorship: 'individual',
              authors: [`教师${u.id}`],
              topic: '教师队伍建设',
              title: `关于完善校本研修制度的建议（${u.username}-${k}）`,
              body: textOf(520, k),
              pledge: true,
            }),
          );
        }
        return list;
      });
      ideas.push(mine);
    }
  } finally {
    await database.close();
  }
  return { usernames, ideas };
}

/** Reads back what the answers acknowledged: each acknowledged idea is 'sent' with exactly one send event. */
async function verify(config: Config, acknowledged: number[]): Promise<{ sent: number; events: number; missing: number }> {
  const { openDatabase } = await import('../src/platform/db/database.ts');
  const database = await openDatabase(config);
  try {
    let sent = 0;
    let events = 0;
    for (let i = 0; i < acknowledged.length; i += 500) {
      const chunk = acknowledged.slice(i, i + 500);
      if (!chunk.length) continue;
      sent += (await database.db.selectFrom('ideas').select('id').where('id', 'in', chunk).where('status', '=', 'sent').execute()).length;
      events += (await database.db.selectFrom('idea_events').select('idea_id').where('idea_id', 'in', chunk).where('action', '=', 'send').execute()).length;
    }
    return { sent, events, missing: acknowledged.length - sent };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Session {
  cookie: string;
  csrf: string;
}

interface RunFigures {
  label: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statuses: string;
  /** Ids of the ideas answered 200 (send runs only). */
  acknowledged: number[];
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface LoadSpec {
  label: string;
  urls: string[];
  connections: number;
  duration: number;
  kind: 'health' | 'send';
  sessions?: Session[];
  ideas?: number[][];
}

async function measureHere(spec: LoadSpec): Promise<RunFigures> {
  const latencies: number[] = [];
  const acknowledged: number[] = [];
  const opts: Parameters<typeof autocannon>[0] = { url: spec.urls, connections: spec.connections, duration: spec.duration, timeout: 30 };
  if (spec.kind === 'health') opts.requests = [{ method: 'GET', path: '/api/health' }];
  // Each connection is one user, sending its own drafts one after another.
  const inFlight = new Map<Client, number>();
  if (spec.kind === 'send') {
    let k = 0;
    opts.setupClient = (client: Client) => {
      const u = k++ % spec.sessions!.length;
      const s = spec.sessions![u];
      const queue = spec.ideas![u];
      let next = 0;
      client.setRequests([
        {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          setupRequest: (req: Request) => {
            const id = queue[next++ % queue.length];
            inFlight.set(client, id);
            return { ...req, path: `/api/ideas/${id}/send`, body: '{}' };
          },
        },
      ]);
    };
  }
  const instance = autocannon(opts);
  instance.on('response', (client: Client, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (spec.kind === 'send' && status === 200) acknowledged.push(inFlight.get(client)!);
  });
  const r: Result = await instance;
  latencies.sort((a, b) => a - b);
  const statuses = Object.entries(r.statusCodeStats ?? {})
    .map(([code, st]) => `${code}×${st.count}`)
    .join(' ');
  return {
    label: spec.label,
    connections: spec.connections,
    requests: latencies.length,
    rps: latencies.length / r.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: r.errors + r.timeouts + r.non2xx,
    statuses,
    acknowledged,
  };
}

async function loadChild() {
  const spec = JSON.parse(fs.readFileSync(process.env.JDZ_BENCH_LOAD_FILE!, 'utf8')) as LoadSpec;
  process.send!(await measureHere(spec), () => process.exit(0));
}

/** Runs one autocannon run in its own process (the spec goes through a file: it holds thousands of ids). */
function measure(spec: LoadSpec): Promise<RunFigures> {
  const file = path.join(os.tmpdir(), `jdz-bench-submit-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return new Promise<RunFigures>((resolve, reject) => {
    const proc = fork(SELF, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, JDZ_BENCH_ROLE: 'load', JDZ_BENCH_LOAD_FILE: file }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: RunFigures | null = null;
    proc.on('message', (m: RunFigures) => (figures = m));
    proc.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`load process for ${spec.label} exited with ${code}`))));
  }).finally(() => fs.rmSync(file, { force: true }));
}

async function signIn(url: string, username: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await res.json()) as { user?: { csrfToken: string } };
  if (res.status !== 200 || !body.user) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.user.csrfToken };
}

interface DialectResult {
  dialect: 'sqlite' | 'postgres';
  instances: number;
  ideasPrepared: number;
  seedSeconds: number;
  health: RunFigures;
  send: RunFigures;
  eldP99Health: number[];
  eldP99Send: number[];
  cpuHealth: number;
  cpuSend: number;
  check: { sent: number; events: number; missing: number };
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<DialectResult> {
  const { createTestDatabase } = await import('../test/helpers/app.ts');
  const tdb = await createTestDatabase(dialect);
  const instancesWanted = dialect === 'postgres' ? Number(process.env.BENCH_PG_INSTANCES ?? 1) : 1;
  const ideasPerUser = Number(process.env.BENCH_IDEAS_PER_USER ?? (dialect === 'sqlite' ? 400 : 200));
  const config: Config = {
    ...tdb.config,
    env: 'development',
    logLevel: 'info',
    // The limiter runs but never refuses here (50 users sending for 10 s would exceed 600/min each).
    rateLimit: { perSessionPerMinute: 10_000_000, anonymousPerIpPerMinute: 10_000_000 },
  };
  console.log(`\n== ${dialect}: seeding ${USERS} members with ${ideasPerUser} complete drafts each ==`);
  const t0 = Date.now();
  const { usernames, ideas } = await seed(config, ideasPerUser);
  const seedSeconds = (Date.now() - t0) / 1000;
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < instancesWanted; i++) instances.push(await startInstance(config));
    const urls = instances.map((i) => i.url);
    console.log(`${instances.length} instance(s): ${urls.join(', ')}`);
    const sessions: Session[] = [];
    for (const [i, name] of usernames.entries()) sessions.push(await signIn(urls[i % urls.length], name));

    await measure({ label: 'warm-up', kind: 'health', urls, connections: 10, duration: 2 });
    let statsId = 0;
    async function phase(spec: LoadSpec) {
      for (const i of instances) i.proc.send({ type: 'phase-start' } satisfies ToChild);
      const run = await measure(spec);
      const id = ++statsId;
      const stats = await Promise.all(instances.map((i) => i.stats(id)));
      const eld = stats.map((s) => s.eldP99);
      // Server CPU (user + system, all threads of the server processes) per answered request.
      const cpuPerRequest = stats.reduce((a, s) => a + s.cpuMs, 0) / Math.max(1, run.requests);
      console.log(`   ${run.label}: ${run.rps.toFixed(1)} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms, errors ${run.errors} (${run.statuses}); event-loop delay p99 ${eld.map((x) => x.toFixed(1)).join(' / ')} ms; server CPU ${cpuPerRequest.toFixed(2)} ms/request`);
      return { run, eld, cpuPerRequest };
    }
    const health = await phase({ label: `GET /api/health (${USERS} connections)`, kind: 'health', urls, connections: USERS, duration: HEALTH_DURATION });
    const send = await phase({ label: `POST /api/ideas/:id/send (${USERS} users)`, kind: 'send', urls, connections: USERS, duration: DURATION, sessions, ideas });
    const check = await verify(config, send.run.acknowledged);
    console.log(`   read back: ${check.sent} of ${send.run.acknowledged.length} acknowledged ideas are 'sent' (${check.events} send events), ${check.missing} missing`);
    return { dialect, instances: instances.length, ideasPrepared: USERS * ideasPerUser, seedSeconds, health: health.run, send: send.run, eldP99Health: health.eld, eldP99Send: send.eld, cpuHealth: health.cpuPerRequest, cpuSend: send.cpuPerRequest, check };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await tdb.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report: its own section of docs/benchmarks.md, between the BEGIN and END markers.

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

function report(results: DialectResult[]): string {
  const cpu = os.cpus();
  const L: string[] = [];
  L.push(BEGIN, '# Idea submissions (`npm run bench:submit`)', '');
  L.push('Written by `npm run bench:submit` (bench/submit.ts) into this section only; rerun it to refresh. No test asserts on these timings.', '');
  L.push('- command: `npm run bench:submit` (= `node --import tsx bench/submit.ts`; BENCH_DURATION, BENCH_USERS, BENCH_IDEAS_PER_USER, BENCH_DIALECTS, BENCH_PG_INSTANCES, BENCH_CPU_PROF=dir, BENCH_WRITE=0 to only print)');
  L.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  L.push(`- machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; load generator (autocannon 9) and server share the cores; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min: other work on the machine)`);
  L.push(
    '- what is measured: **POST /api/ideas/:id/send**, the request that turns a member\'s complete draft into a submission to the unit (status, history event and audit record in one transaction, committed before the answer). ' +
      `${USERS} signed-in members (each its own session, cookie and CSRF token; one connection each, closed loop) send their own drafts, prepared in advance, each request a different idea; ` +
      'the whole pipeline runs (session lookup, rate limiter with its limit raised so that it never refuses, policy, CSRF, validation, the use case, audit, the idea read back for the answer); logs at info to /dev/null',
  );
  L.push('- server CPU ms/request: user + system CPU time of the server process(es) during the run ÷ requests answered; it does not depend on what else the machine runs, unlike requests/s');
  L.push(`- in the same run and on the same server: GET /api/health at ${USERS} connections (no session, no database write); "ratio" = send requests/s ÷ health requests/s`);
  L.push('- after each run the database is read back: every idea answered 200 must be \'sent\' with one send event ("lost" counts those that are not)');
  L.push('- SQLite: WAL, `synchronous=FULL` (checked at start-up; every acknowledged commit is on disk); PostgreSQL: the server at 127.0.0.1:5432 with its defaults (fsync on, synchronous_commit on), pool of 10 per instance', '');
  L.push('| database | instances | run | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | event-loop delay p99 ms | server CPU ms/request | ratio to health |');
  L.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const name = r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    L.push(`| ${name} | ${r.instances} | ${r.health.label} | ${f1(r.health.rps)} | ${f0(r.health.p50)} | ${f0(r.health.p95)} | ${f0(r.health.p99)} | ${f0(r.health.max)} | ${r.health.errors} | ${r.eldP99Health.map(f1).join(' / ')} | ${r.cpuHealth.toFixed(2)} | 1 |`);
    L.push(`| ${name} | ${r.instances} | ${r.send.label} | **${f1(r.send.rps)}** | ${f0(r.send.p50)} | ${f0(r.send.p95)} | **${f0(r.send.p99)}** | ${f0(r.send.max)} | ${r.send.errors} | ${r.eldP99Send.map(f1).join(' / ')} | ${r.cpuSend.toFixed(2)} | ${(r.send.rps / r.health.rps).toFixed(2)} |`);
  }
  L.push('');
  for (const r of results) {
    L.push(
      `- ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${r.send.acknowledged.length} submissions acknowledged in ${DURATION} s, ${r.check.sent} read back as sent (${r.check.events} send events), lost ${r.check.missing}; statuses ${r.send.statuses}; ` +
        `${r.ideasPrepared} drafts prepared in ${r.seedSeconds.toFixed(1)} s.`,
    );
  }
  const s = results.find((r) => r.dialect === 'sqlite');
  if (s) {
    const ok = s.send.rps >= 1000 && s.send.p99 < 100 && s.check.missing === 0 && s.send.errors === 0;
    L.push(`- goal (issue 3, item 9): ≥ 1,000 submissions/s on SQLite with synchronous=FULL, p99 < 100 ms at 50 concurrent users → ${ok ? '**met**' : '**not met**'} in this run (${f1(s.send.rps)}/s, p99 ${f0(s.send.p99)} ms). A national deadline surge is about 150/s.`);
  }
  L.push('', '### What limits it', '', LIMITS, END);
  return L.join('\n');
}

/** Hand-written from CPU profiles of the server (BENCH_CPU_PROF=dir); the figures above are regenerated, this is not. */
const LIMITS = [
  'Measured on a shared 2-core VM while other work ran (see the load average above): requests/s move by a factor of 2–3 between runs, so read them against the health run of the same table, and read **server CPU ms/request**, which moves much less.',
  '',
  '- **Met on a quiet machine** (the run above, load average about 3): 1,043 sends/s, p99 89 ms, 0 lost, at 1.0 ms of server CPU per send. That CPU figure includes the originality checks that each send queues and that run in the background of the same server (the runner takes at most a quarter of the event loop while it has work). Under heavy load from other work on the machine (load average 13–15) the same code gave 500–800 sends/s; the goal needs the machine.',
  '- **What it took (SQLite), same benchmark:** 82–160 sends/s at 5.3 ms CPU per send at first. Then: group commit (src/platform/db/sqlite-group-commit.ts: requests that arrive together share one COMMIT, each in its own savepoint, each answered only after it; synchronous=FULL unchanged; 0 lost acknowledgements above and in test/crash), a prepared-statement cache, a 字数 fast path, the campaign rules once per transaction (3–4 ms per send). Then, in one step to 0.74 ms per send before the originality checks were queued: precompiled queries (src/platform/db/precompiled.ts: built and compiled by Kysely once per dialect, then only bound to new values; Kysely building and compiling had been about a quarter of the CPU), session and roles in one query, the campaign rules and the ideas deadline in one query, the answer built from the idea already loaded instead of reading it again, helmet\'s headers computed once at start-up (its middleware re-parsed the CSP on every answer), one access-log line per request instead of two, and WAL checkpoints in a worker thread instead of inside a request\'s COMMIT.',
  '- **Where the 1 ms goes now:** SQLite executing the statements and the shared COMMIT (about a third), the HTTP work (parsing, routing, zod validation and serialisation, the socket write: health costs 0.1 ms), the audit chain\'s hash, the check queued with each send, and the background checks.',
  '- **PostgreSQL** (one instance, pool of 10, the database on the same 2 cores): the server process is mostly waiting for PostgreSQL; its CPU per send (5 ms) is mostly socket system calls (one round trip per statement, BEGIN and COMMIT; system calls are expensive in this VM) and parsing results. Commits are grouped by PostgreSQL itself across connections. Not a goal of the issue; several instances share the load.',
  '- **The deadline surge** the issue names (~150 submissions/s nationally) is a seventh of what one SQLite server sustains here. Row 48\'s surge (submissions and seals with 300 readers) is a separate benchmark, not built yet.',
].join('\n');


async function main() {
  const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const dialects: ('sqlite' | 'postgres')[] = [];
  if (wanted.includes('sqlite')) dialects.push('sqlite');
  if (wanted.includes('postgres')) {
    const { requirePostgres } = await import('../test/helpers/env.ts');
    const pg = await requirePostgres();
    if (pg.available) dialects.push('postgres');
    else console.warn(`${pg.reason}: PostgreSQL not benchmarked`);
  }
  const results: DialectResult[] = [];
  for (const d of dialects) results.push(await benchDialect(d));
  const text = report(results);
  console.log(`\n${text}`);
  if (process.env.BENCH_WRITE !== '0') {
    writeBenchSection(BEGIN, END, text);
    console.log('written to docs/benchmarks.md (section bench:submit)');
  }
}

if (process.env.JDZ_BENCH_ROLE === 'server') await serveChild();
else if (process.env.JDZ_BENCH_ROLE === 'load') await loadChild();
else await main();
