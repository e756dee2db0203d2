// HTTP benchmark (checklist row 48, scaled to what the foundation serves): `npm run bench:http`.
//
// For SQLite (one instance) and, where it is reachable, PostgreSQL (two instances on one database):
// seeds 100 units and 300 accounts, starts the server(s), and measures with autocannon
//   a) sign-in (argon2id, deliberately slow),
//   b) GET /api/me and GET /api/org/units, 300 connections each with its own session,
//   c) the same reads with unit creations running alongside at a fixed rate.
// Each server instance is the app built in-process (buildApp, as test/helpers/app.ts does) inside a
// child process of this script, and each autocannon run is a child process too, so that neither the
// server nor one load generator shares an event loop with another: the event-loop delay
// (perf_hooks.monitorEventLoopDelay) and RSS are the server's own. All share the 2 cores.
// Writes the figures to docs/benchmarks.md (BENCH_WRITE=0 to only print them).
//
//   BENCH_DURATION    seconds per measured run (default 10)
//   BENCH_WRITE_RATE  unit creations per second during (c) (default 20, 2.7× row 48's 450/min)
//   BENCH_DIALECTS    sqlite,postgres (default: both, PostgreSQL only where reachable)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon, { type Client, type Request, type Result } from 'autocannon';
import type { Config } from '../src/platform/config.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const PASSWORD = 'Bench#Xianju2017';
const ACCOUNTS = 300;
const UNITS = 100;
const ADMINS = 10;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WRITE_RATE = Number(process.env.BENCH_WRITE_RATE ?? 20);
const SIGNIN_CONNECTIONS = 16;
const WRITER_CONNECTIONS = 10;
const UNITS_PATH = '/api/org/units?page=1&pageSize=20';

type ToParent = { type: 'ready'; url: string } | { type: 'stats'; id: number; eldP50: number; eldP99: number; eldMax: number; rssMb: number; heapMb: number };
type ToChild = { type: 'phase-start' } | { type: 'phase-end'; id: number } | { type: 'stop' };

// ---------------------------------------------------------------------------------------------
// A server instance (child process).

async function serveChild() {
  const { buildApp } = await import('../src/platform/http/app.ts');
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const config = JSON.parse(process.env.JDZ_BENCH_CONFIG!) as Config;
  const database = await openMigrated(config);
  // Logs at info, as in production, into /dev/null: their cost is measured, not their storage.
  const logStream = fs.createWriteStream('/dev/null');
  const app = await buildApp({ config, database, clock: systemClock, logStream });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const send = (m: ToParent) => process.send!(m);
  process.on('message', async (m: ToChild) => {
    if (m.type === 'phase-start') eld.reset();
    if (m.type === 'phase-end') {
      const mem = process.memoryUsage();
      send({ type: 'stats', id: m.id, eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6, rssMb: mem.rss / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20 });
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
  const proc = fork(SELF, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, JDZ_BENCH_ROLE: 'server', JDZ_BENCH_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
// Seeding: 100 units, 300 accounts (10 bureau admins, 20 sector leaders, 270 unit admins).

async function seed(config: Config) {
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { hashPassword } = await import('../src/platform/auth/password-hash.ts');
  const org = await import('../src/modules/org/org.repository.ts');
  const database = await openMigrated(config);
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  const usernames: string[] = [];
  try {
    await database.db.transaction().execute(async (trx) => {
      const sectors = await org.sectorsByKey(trx);
      const units: number[] = [];
      for (let i = 0; i < UNITS; i++) {
        const sector = sectors[i % sectors.length];
        units.push(
          await org.insertUnit(trx, { code: `B${String(i).padStart(3, '0')}`, name: `基准测试学校${i}`, type: '小学', sector_id: sector.id, town: '安洲街道', contact_name: '联系人', contact_phone: '13800001111' }, now),
        );
      }
      for (let i = 0; i < ACCOUNTS; i++) {
        const username = `bench${String(i).padStart(3, '0')}`;
        const role = i < ADMINS ? 'bureau_admin' : i < ADMINS + 20 ? 'sector_leader' : 'unit_admin';
        const unitId = role === 'unit_admin' ? units[i % UNITS] : null;
        const id = await org.insertUser(
          trx,
          { username, name: `用户${i}`, mobile: null, email: null, unit_id: unitId, password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 0 },
          now,
        );
        await org.replaceRoles(trx, id, [{ role, sectorId: role === 'sector_leader' ? sectors[i % sectors.length].id : null }]);
        usernames.push(username);
      }
    });
  } finally {
    await database.close();
  }
  return usernames;
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
  errors: number;
  statuses: string;
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
  overallRate?: number;
  kind: 'health' | 'login' | 'read' | 'write';
  paths?: string[];
  sessions?: Session[];
  usernames?: string[];
}

/** One autocannon run (in a load child); latencies from every response (autocannon's own summary has no p95). */
async function measureHere(spec: LoadSpec): Promise<RunFigures> {
  const latencies: number[] = [];
  const opts: Parameters<typeof autocannon>[0] = { url: spec.urls, connections: spec.connections, duration: spec.duration, timeout: 30 };
  if (spec.overallRate) opts.overallRate = spec.overallRate;
  if (spec.kind === 'health') opts.requests = [{ method: 'GET', path: '/api/health' }];
  if (spec.kind === 'login') {
    let u = 0;
    const names = spec.usernames!;
    opts.requests = [
      {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ username: names[u++ % names.length], password: PASSWORD }) }),
      },
    ];
  }
  if (spec.kind === 'read') opts.setupClient = perSession(spec.sessions!, readRequests(spec.paths!));
  if (spec.kind === 'write') opts.setupClient = perSession(spec.sessions!, writeRequests);
  const instance = autocannon(opts);
  instance.on('response', (_client: Client, _status: number, _bytes: number, ms: number) => latencies.push(ms));
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
    errors: r.errors + r.timeouts + r.non2xx,
    statuses,
  };
}

async function loadChild() {
  const spec = JSON.parse(process.env.JDZ_BENCH_LOAD!) as LoadSpec;
  process.send!(await measureHere(spec), () => process.exit(0));
}

/** Runs one autocannon run in its own process. */
function measure(spec: LoadSpec): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const proc = fork(SELF, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, JDZ_BENCH_ROLE: 'load', JDZ_BENCH_LOAD: JSON.stringify(spec) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: RunFigures | null = null;
    proc.on('message', (m: RunFigures) => (figures = m));
    proc.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`load process for ${spec.label} exited with ${code}`))));
  });
}

async function signIn(url: string, username: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await res.json()) as { user?: { csrfToken: string } };
  if (res.status !== 200 || !body.user) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.user.csrfToken };
}

async function pool<T, R>(items: T[], width: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** Gives each autocannon connection its own session (round robin over `sessions`). */
function perSession(sessions: Session[], requests: (s: Session) => Request[]) {
  let k = 0;
  return (client: Client) => client.setRequests(requests(sessions[k++ % sessions.length]));
}

const readRequests = (paths: string[]) => (s: Session): Request[] => paths.map((p) => ({ method: 'GET', path: p, headers: { cookie: s.cookie } }));

let writeSeq = 0;
const writeRequests = (s: Session): Request[] => [
  {
    method: 'POST',
    path: '/api/org/units',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    setupRequest: (req) => {
      const n = writeSeq++;
      return { ...req, body: JSON.stringify({ code: `W${process.pid}-${n}`, name: `基准新建单位${process.pid}-${n}`, type: '初中', sectorId: 1 + (n % 4), town: '白塔镇', contactName: '王老师', contactPhone: '0576-87771234' }) };
    },
  },
];

interface PhaseResult {
  name: string;
  runs: RunFigures[];
  eldP99: number[];
  eldMax: number[];
  rssMb: number[];
}

interface DialectResult {
  dialect: string;
  instances: number;
  sessionSetupSeconds: number;
  phases: PhaseResult[];
  rssStartMb: number[];
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<DialectResult> {
  const { createTestDatabase } = await import('../test/helpers/app.ts');
  const tdb = await createTestDatabase(dialect);
  const instancesWanted = dialect === 'postgres' ? 2 : 1;
  const config: Config = {
    ...tdb.config,
    env: 'development',
    logLevel: 'info',
    // The limiter runs (on PostgreSQL it is a database write per request) but never refuses here.
    rateLimit: { perSessionPerMinute: 10_000_000, anonymousPerIpPerMinute: 10_000_000 },
  };
  console.log(`\n== ${dialect}: seeding ${UNITS} units and ${ACCOUNTS} accounts ==`);
  const usernames = await seed(config);
  const instances: Instance[] = [];
  try {
    for (let i = 0; i < instancesWanted; i++) instances.push(await startInstance(config));
    const urls = instances.map((i) => i.url);
    console.log(`${instances.length} instance(s): ${urls.join(', ')}`);

    // Warm-up: JIT, pools, caches.
    await measure({ label: 'warm-up', kind: 'health', urls, connections: 10, duration: 2 });
    let statsId = 0;
    const startStats = await Promise.all(instances.map((i) => i.stats(++statsId)));
    const rssStartMb = startStats.map((s) => s.rssMb);

    const phases: PhaseResult[] = [];
    async function phase(name: string, body: () => Promise<RunFigures[]>) {
      console.log(`-- ${name}`);
      for (const i of instances) i.proc.send({ type: 'phase-start' } satisfies ToChild);
      const runs = await body();
      const id = ++statsId;
      const stats = await Promise.all(instances.map((i) => i.stats(id)));
      const p: PhaseResult = { name, runs, eldP99: stats.map((s) => s.eldP99), eldMax: stats.map((s) => s.eldMax), rssMb: stats.map((s) => s.rssMb) };
      for (const r of runs) console.log(`   ${r.label}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, errors ${r.errors} (${r.statuses})`);
      console.log(`   event-loop delay p99 ${p.eldP99.map((x) => x.toFixed(1)).join(' / ')} ms, RSS ${p.rssMb.map((x) => x.toFixed(0)).join(' / ')} MiB`);
      phases.push(p);
    }

    // (a) sign-in: cycles through the 300 accounts; every success writes a session and an audit record.
    await phase('a) sign-in', async () => [
      await measure({ label: `POST /api/auth/login (${SIGNIN_CONNECTIONS} connections)`, kind: 'login', urls, connections: SIGNIN_CONNECTIONS, duration: DURATION, usernames }),
    ]);

    // 300 sessions, one per account (spread over the instances).
    const t0 = Date.now();
    const sessions = await pool(usernames, 8, (name, i) => signIn(urls[i % urls.length], name));
    const sessionSetupSeconds = (Date.now() - t0) / 1000;
    const admins = sessions.slice(0, ADMINS);

    // (b) authenticated reads, 300 connections, each its own session.
    await phase('b) GET /api/me', async () => [
      await measure({ label: `GET /api/me (${ACCOUNTS} sessions)`, kind: 'read', urls, connections: ACCOUNTS, duration: DURATION, sessions, paths: ['/api/me'] }),
    ]);
    await phase('b) GET /api/org/units', async () => [
      await measure({ label: `GET /api/org/units (${ACCOUNTS} sessions)`, kind: 'read', urls, connections: ACCOUNTS, duration: DURATION, sessions, paths: [UNITS_PATH] }),
    ]);

    // (c) the same reads with unit creations at a fixed rate alongside (each in its own process).
    await phase('c) reads + writes', async () =>
      Promise.all([
        measure({ label: `GET /api/me + /api/org/units (${ACCOUNTS} sessions)`, kind: 'read', urls, connections: ACCOUNTS, duration: DURATION, sessions, paths: ['/api/me', UNITS_PATH] }),
        measure({
          label: `POST /api/org/units (${WRITE_RATE}/s, ${WRITER_CONNECTIONS} admin sessions)`,
          kind: 'write',
          urls,
          connections: WRITER_CONNECTIONS,
          overallRate: WRITE_RATE,
          duration: DURATION,
          sessions: admins,
        }),
      ]),
    );

    return { dialect, instances: instances.length, sessionSetupSeconds, phases, rssStartMb };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await tdb.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)}`;
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

function report(results: DialectResult[], command: string): string {
  const cpu = os.cpus();
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push('Written by `npm run bench:http` (bench/http.ts); rerun it to refresh this file. No test asserts on these timings.', '');
  lines.push(`- command: \`${command}\` (= \`node --import tsx bench/http.ts\`; BENCH_DURATION, BENCH_WRITE_RATE, BENCH_DIALECTS, BENCH_WRITE=0 to only print)`);
  lines.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  lines.push(`- machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`);
  lines.push(`- Node ${process.version}; load generator (autocannon 9) and server(s) share the cores`);
  lines.push(
    `- setup: ${UNITS} units, ${ACCOUNTS} accounts (${ADMINS} bureau admins, 20 sector leaders, 270 unit admins); each run ${DURATION} s; ` +
      `SQLite: 1 instance; PostgreSQL: 2 instances on one database, connections spread over both (as a load balancer would); ` +
      `logs at info (to /dev/null); the rate limiter runs with its limit raised so that it never refuses`,
  );
  lines.push(`- each server instance is the app built in-process (buildApp) in its own child process, and so is each autocannon run; event-loop delay is \`perf_hooks.monitorEventLoopDelay\` (10 ms resolution) in the server, reset at the start of each run; RSS is the server's`);
  lines.push('- connections are closed-loop (each sends its next request when the previous one is answered): (b) and (c) are saturation runs, not 300 people reading at human speed; the writes in (c) come at a fixed rate');
  lines.push('- RSS Δ is against the RSS after the warm-up; sign-in raises it (argon2id takes 19 MiB per hash in flight) and the heap gives it back later, hence the negative Δ');
  lines.push('- with the reading and the writing autocannon in one process, the writes\' p95 read 3–10 s: the load generator\'s loop, not the server, held them; hence one process per run', '');
  for (const r of results) {
    lines.push(`## ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${r.instances} instance${r.instances > 1 ? 's' : ''})`, '');
    lines.push('| run | connections | requests/s | p50 ms | p95 ms | p99 ms | errors | event-loop delay p99 ms | RSS MiB (Δ since start) |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of r.phases) {
      p.runs.forEach((run, k) => {
        const eld = k === 0 ? p.eldP99.map(f1).join(' / ') : '〃';
        const rss = k === 0 ? p.rssMb.map((m, i) => `${f0(m)} (${signed(m - r.rssStartMb[i])})`).join(' / ') : '〃';
        lines.push(`| ${p.name.slice(0, 2)} ${run.label} | ${run.connections} | ${f1(run.rps)} | ${f0(run.p50)} | ${f0(run.p95)} | ${f0(run.p99)} | ${run.errors} | ${eld} | ${rss} |`);
      });
    }
    lines.push('', `Signing in the 300 sessions for (b) and (c), 8 at a time: ${r.sessionSetupSeconds.toFixed(1)} s.`, '');
  }
  const [s, p] = [results.find((r) => r.dialect === 'sqlite'), results.find((r) => r.dialect === 'postgres')];
  if (s && p) {
    lines.push('## PostgreSQL (2 instances) ÷ SQLite (1 instance)', '');
    lines.push('| run | requests/s | p50 | p99 |');
    lines.push('|---|---:|---:|---:|');
    s.phases.forEach((ph, i) =>
      ph.runs.forEach((run, k) => {
        const other = p.phases[i]?.runs[k];
        if (other) lines.push(`| ${ph.name.slice(0, 2)} ${run.label} | ${(other.rps / run.rps).toFixed(2)}× | ${(other.p50 / run.p50).toFixed(2)}× | ${(other.p99 / run.p99).toFixed(2)}× |`);
      }),
    );
    lines.push('');
  }
  lines.push('## Reading the figures', '');
  for (const r of results) {
    const mix = r.phases.find((ph) => ph.name.startsWith('c)'));
    const write = mix?.runs[1];
    if (!mix || !write) continue;
    lines.push(
      `- ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: under saturating reads, ${f1(write.rps)} unit creations/s answered with p95 ${f0(write.p95)} ms and p99 ${f0(write.p99)} ms, ${write.errors} errors; ` +
        `the server's event-loop delay p99 was ${mix.eldP99.map(f0).join(' / ')} ms (row 48 asks < 100 ms at its load; these runs are far past it).`,
    );
  }
  lines.push(
    '- SQLite answers from the event loop (better-sqlite3 is synchronous), so a saturated SQLite server shows its queue as event-loop delay; PostgreSQL queries wait off the loop, so its loop stays responsive while requests queue for the pool (10 connections per instance) and the database.',
  );
  lines.push(
    '- Sign-in is bounded by argon2id (19 MiB, t=2, p=1: OWASP\'s minimum), which runs on libuv\'s thread pool: its rate is roughly cores ÷ hash time, whatever the database. That is the intended cost of the hash; a crowd signing in at once queues there (the event loop stays free).',
  );
  lines.push('- Each authenticated request resolves its session and roles from the database and counts the rate limit (in memory with SQLite, an upsert per request in PostgreSQL).');
  lines.push('- Writes are serialised on the audit chain (one transaction per write with its audit record; PostgreSQL takes an advisory lock).');
  lines.push('');
  return lines.join('\n');
}

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
  const text = report(results, 'npm run bench:http');
  console.log(`\n${text}`);
  if (process.env.BENCH_WRITE !== '0') {
    // Other benchmarks' sections (<!-- … bench:uploads -->, <!-- bench:submit -->) follow this one and stay.
    const file = path.join(ROOT, 'docs/benchmarks.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const rest = old.indexOf('\n<!-- ');
    fs.writeFileSync(file, rest >= 0 ? `${text.trimEnd()}\n${old.slice(rest)}` : text);
    console.log('written to docs/benchmarks.md');
  }
}

if (process.env.JDZ_BENCH_ROLE === 'server') await serveChild();
else if (process.env.JDZ_BENCH_ROLE === 'load') await loadChild();
else await main();
