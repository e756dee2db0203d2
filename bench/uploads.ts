// Upload load check (checklist row 40): `npm run bench:uploads`.
//
// 50 signed-in members, each with a draft of their own, upload a 10 MB attachment at the same time
// (one request each, all started together), on SQLite and, where reachable, PostgreSQL. The server
// is the app built in-process (buildApp) in a child process of this script, so that its RSS and
// event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) are its own; RSS is sampled
// every 20 ms during the run. Goals: RSS growth < 200 MB over the warmed-up server, event-loop delay
// p99 < 100 ms, every upload 201, every byte in the database, no temporary file left.
//
// Two runs per database: (a) 50 × 10 MB PDF (the document path: stream to disk, sniff, SHA-256,
// into the database); (b) 50 × a 12-megapixel phone photo (the image path: sharp decode, rotate,
// re-encode without metadata, original and copy into the database).
//
//   BENCH_UPLOADS        concurrent uploads (default 50)
//   BENCH_UPLOAD_MB      size of each PDF in MB (default 10)
//   BENCH_DIALECTS       sqlite,postgres (default both; PostgreSQL only where reachable)
//   BENCH_MALLOC_ARENA_MAX  MALLOC_ARENA_MAX of the server (default 2; '' for glibc's default)
//   BENCH_CPU_PROF=dir   write a CPU profile of the server to dir
//   BENCH_WRITE=0        only print; otherwise the figures replace the bench:uploads section of docs/benchmarks.md
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Config } from '../src/platform/config.ts';
import { writeBenchSection } from './sections.ts';

const SELF = fileURLToPath(import.meta.url);
const PASSWORD = 'Bench#Xianju2017';
const N = Number(process.env.BENCH_UPLOADS ?? 50);
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 10);
const UNITS = Math.max(1, Math.ceil(N / 10)); // ten members per unit keeps each unit under its 500 MB quota
/** glibc malloc arenas of the server process (sharp's advice on glibc; '' = glibc's default, 8 × cores). */
const ARENAS = process.env.BENCH_MALLOC_ARENA_MAX ?? '2';
const BEGIN = '<!-- BEGIN bench:uploads -->';
const END = '<!-- END bench:uploads -->';

type Stats = { type: 'stats'; id: number; eldP50: number; eldP99: number; eldMax: number; rssMb: number; rssPeakMb: number; rssStartMb: number; tempFiles: number };
type ToParent = { type: 'ready'; url: string } | Stats;
type ToChild = { type: 'phase-start' } | { type: 'phase-end'; id: number } | { type: 'stop' };

// ---------------------------------------------------------------------------------------------
// The server (child process).

async function serveChild() {
  const { buildApp } = await import('../src/platform/http/app.ts');
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const { uploadTempDir } = await import('../src/modules/files/upload.ts');
  const config = JSON.parse(process.env.JDZ_BENCH_CONFIG!) as Config;
  const database = await openMigrated(config);
  const app = await buildApp({ config, database, clock: systemClock, logStream: fs.createWriteStream('/dev/null') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let rssStart = process.memoryUsage.rss();
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 20);
  sampler.unref();
  const send = (m: ToParent) => process.send!(m);
  process.on('message', async (m: ToChild) => {
    if (m.type === 'phase-start') {
      eld.reset();
      rssStart = process.memoryUsage.rss();
      rssPeak = rssStart;
    }
    if (m.type === 'phase-end') {
      const dir = uploadTempDir(config);
      send({
        type: 'stats',
        id: m.id,
        eldP50: eld.percentile(50) / 1e6,
        eldP99: eld.percentile(99) / 1e6,
        eldMax: eld.max / 1e6,
        rssMb: process.memoryUsage.rss() / 2 ** 20,
        rssPeakMb: rssPeak / 2 ** 20,
        rssStartMb: rssStart / 2 ** 20,
        tempFiles: fs.existsSync(dir) ? fs.readdirSync(dir).length : 0,
      });
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
  url: string;
  phaseStart(): void;
  stats(id: number): Promise<Stats>;
  stop(): Promise<void>;
}

async function startInstance(config: Config): Promise<Instance> {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc: ChildProcess = fork(SELF, [], { execArgv: ['--import', 'tsx', ...prof], env: { ...process.env, MALLOC_ARENA_MAX: ARENAS, JDZ_BENCH_ROLE: 'server', JDZ_BENCH_CONFIG: JSON.stringify(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    proc.on('message', (m: ToParent) => m.type === 'ready' && resolve(m.url));
  });
  return {
    url,
    phaseStart: () => proc.send({ type: 'phase-start' } satisfies ToChild),
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
// Seeding: UNITS units, N members, one bureau admin; then over HTTP the 2017 campaign and one draft each.

async function seed(config: Config) {
  const { openMigrated } = await import('../src/platform/bootstrap.ts');
  const { hashPassword } = await import('../src/platform/auth/password-hash.ts');
  const org = await import('../src/modules/org/org.repository.ts');
  const database = await openMigrated(config);
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD);
  try {
    await database.db.transaction().execute(async (trx) => {
      const sectors = await org.sectorsByKey(trx);
      const units: number[] = [];
      for (let i = 0; i < UNITS; i++) {
        units.push(await org.insertUnit(trx, { code: `U${String(i).padStart(3, '0')}`, name: `上传测试学校${i}`, type: '小学', sector_id: sectors[i % sectors.length].id, town: '安洲街道', contact_name: '联系人', contact_phone: '13800001111' }, now));
      }
      const admin = await org.insertUser(trx, { username: 'benchadmin', name: '局管理员', mobile: null, email: null, unit_id: null, password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 0 }, now);
      await org.replaceRoles(trx, admin, [{ role: 'bureau_admin', sectorId: null }]);
      for (let i = 0; i < N; i++) {
        const id = await org.insertUser(
          trx,
          { username: `up${String(i).padStart(3, '0')}`, name: `老师${i}`, mobile: null, email: null, unit_id: units[i % UNITS], password_hash: hash, must_change_password: 0, password_expires_at: null, is_demo: 0 },
          now,
        );
        await org.replaceRoles(trx, id, [{ role: 'member', sectorId: null }]);
      }
    });
  } finally {
    await database.close();
  }
}

class Session {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}
  async login(username: string) {
    const r = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    this.cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    this.csrf = ((await r.json()) as { user: { csrfToken: string } }).user.csrfToken;
  }
  async post(p: string, body: unknown) {
    const r = await fetch(`${this.base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.cookie, 'x-csrf-token': this.csrf }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as { id: number } };
  }
  async upload(ideaId: number, name: string, data: Buffer): Promise<{ status: number; ms: number }> {
    const boundary = `----bench${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const t0 = performance.now();
    const r = await fetch(`${this.base}/api/ideas/${ideaId}/attachments`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookie, 'x-csrf-token': this.csrf }, body });
    await r.arrayBuffer();
    return { status: r.status, ms: performance.now() - t0 };
  }
}

function form(i: number) {
  const text = '教师队伍建设是提升教学质量的根本要务我们建议完善校本研修制度'.repeat(20);
  return { contactName: `老师${i}`, contactPhone: '13800000123', authorship: 'individual', authors: [`老师${i}`], topic: '教师队伍建设', title: `上传基准测试${i}`, body: text, pledge: true };
}

/** A valid minimal PDF padded with a comment to `bytes`. */
function pdfOfSize(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, 0x41), tail]);
}

/** A 4000×3000 photo with camera and GPS EXIF, noisy enough to weigh what a phone's does. */
async function phonePhoto(): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const w = 4000;
  const h = 3000;
  const raw = Buffer.alloc(w * h * 3);
  let x = 12345;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = ((i / 3) % w) / 16 + (x & 0x3f);
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .withExif({ IFD0: { Make: 'BenchPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 43/1 0/1' } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

interface Run {
  label: string;
  bytesEach: number;
  wallSeconds: number;
  statuses: string;
  p50: number;
  p99: number;
  max: number;
  stats: Stats;
  storedRows: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

async function benchDialect(dialect: 'sqlite' | 'postgres') {
  const { createTestDatabase } = await import('../test/helpers/app.ts');
  const tdb = await createTestDatabase(dialect);
  const config: Config = { ...tdb.config, rateLimit: { perSessionPerMinute: 100000, anonymousPerIpPerMinute: 100000 }, logLevel: 'info' };
  console.log(`\n== ${dialect}: ${N} members in ${UNITS} units ==`);
  await seed(config);
  const server = await startInstance(config);
  try {
    const admin = new Session(server.url);
    await admin.login('benchadmin');
    const c = await admin.post('/api/campaigns', { template: 'xianju-2017', year: new Date().getFullYear() });
    if (c.status !== 201) throw new Error(`campaign: ${c.status}`);
    const members: { s: Session; ideaId: number }[] = [];
    for (let i = 0; i < N; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, N - i) }, async (_, k) => {
          const s = new Session(server.url);
          await s.login(`up${String(i + k).padStart(3, '0')}`);
          const d = await s.post('/api/ideas', form(i + k));
          if (d.status !== 201) throw new Error(`draft: ${d.status} ${JSON.stringify(d.body)}`);
          members.push({ s, ideaId: d.body.id });
        }),
      );
    }
    // Warm-up: one small upload of each kind, so that the first run does not pay for lazy loading.
    const photo = await phonePhoto();
    await members[0].s.upload(members[0].ideaId, 'warm.pdf', pdfOfSize(100_000));
    await members[0].s.upload(members[0].ideaId, 'warm.jpg', photo);

    const runs: Run[] = [];
    let id = 0;
    for (const [label, name, data] of [
      [`${N} × ${SIZE_MB} MB PDF`, 'bench.pdf', pdfOfSize(SIZE_MB * 2 ** 20)],
      [`${N} × ${(photo.length / 2 ** 20).toFixed(1)} MB photo (4000×3000, EXIF+GPS)`, 'bench.jpg', photo],
    ] as [string, string, Buffer][]) {
      await new Promise((r) => setTimeout(r, 1000)); // let the heap settle
      server.phaseStart();
      await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      const results = await Promise.all(members.map((m) => m.s.upload(m.ideaId, name, data)));
      const wallSeconds = (performance.now() - t0) / 1000;
      const stats = await server.stats(++id);
      const counts = new Map<number, number>();
      for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      const ms = results.map((r) => r.ms);
      const { openMigrated } = await import('../src/platform/bootstrap.ts');
      const db = await openMigrated(config);
      const stored = await db.db.selectFrom('stored_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      await db.close();
      runs.push({ label, bytesEach: data.length, wallSeconds, statuses: [...counts].map(([k, v]) => `${v}×${k}`).join(', '), p50: pct(ms, 50), p99: pct(ms, 99), max: Math.max(...ms), stats, storedRows: Number(stored?.n ?? 0) });
      const r = runs.at(-1)!;
      console.log(
        `${label}: ${wallSeconds.toFixed(1)} s, ${r.statuses}, p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms; RSS ${stats.rssStartMb.toFixed(0)} → peak ${stats.rssPeakMb.toFixed(0)} MiB (+${(stats.rssPeakMb - stats.rssStartMb).toFixed(0)}); event-loop delay p99 ${stats.eldP99.toFixed(1)} ms, max ${stats.eldMax.toFixed(1)} ms; temp files ${stats.tempFiles}; stored_files rows ${r.storedRows}`,
      );
    }
    return { dialect, runs };
  } finally {
    await server.stop();
    await tdb.drop();
  }
}

// ---------------------------------------------------------------------------------------------

function report(results: { dialect: string; runs: Run[] }[]): string {
  const cpu = os.cpus();
  const L: string[] = [BEGIN, '# Uploads (`npm run bench:uploads`, checklist row 40)', ''];
  L.push('Written by `npm run bench:uploads` (bench/uploads.ts) into this section only; rerun it to refresh. No test asserts on these figures.', '');
  L.push('- command: `npm run bench:uploads` (= `node --import tsx bench/uploads.ts`; BENCH_UPLOADS, BENCH_UPLOAD_MB, BENCH_DIALECTS, BENCH_WRITE=0 to only print)');
  L.push(`- load average when the report was written: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min; other work on the machine competes for the cores and shows up as event-loop delay)`);
  L.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; client and server share the cores`);
  L.push(
    `- what is measured: ${N} signed-in members (${UNITS} units), each with a draft, start one upload each at the same moment (POST /api/ideas/:id/attachments, multipart): streamed to a temp file with the size limit enforced while streaming, fsync, sniffed, SHA-256, (photos) decoded, turned upright and re-encoded without metadata by sharp, stored in the database in 1 MB chunks (on SQLite by a worker thread's connection), then taken by the change's transaction with its audit record, temp file removed. ` +
      'At most 2 uploads are checked and written to the database at a time and 1 image is decoded at a time (FILE_LIMITS.concurrentProcessing, concurrentImages): that bounds memory and leaves a core to the event loop; streaming to disk is not limited. Served photos are at most 2560 px on their long side (decoded at reduced scale).',
  );
  L.push('- the server is the app built in-process (buildApp) in a child process; RSS sampled every 20 ms, growth = peak − RSS at the start of the run (after a warm-up upload of each kind); event-loop delay = perf_hooks.monitorEventLoopDelay (10 ms resolution), reset at the start of the run');
  L.push(`- the server runs with MALLOC_ARENA_MAX=${ARENAS || '(glibc default)'}: libvips decodes on several threads, and with glibc's default of 8 arenas per core the freed decoding buffers stay in the process (a 12 MP photo re-encoded 20 times in a row: +214 MiB RSS with the default, +69 MiB with 2 arenas). Deployments should set it too (or preload jemalloc), as sharp's documentation advises for glibc.`);
  L.push('- goals (row 40): RSS growth < 200 MB and event-loop delay p99 < 100 ms; every upload 201, no temp file left', '');
  L.push('| database | run | wall s | answers | p50 ms | p99 ms | max ms | RSS start → peak MiB | RSS growth MiB | event-loop delay p99 / max ms | temp files after | goals |');
  L.push('|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    for (const run of r.runs) {
      const growth = run.stats.rssPeakMb - run.stats.rssStartMb;
      const ok = growth * 1.048576 < 200 && run.stats.eldP99 < 100 && run.statuses === `${N}×201` && run.stats.tempFiles === 0;
      L.push(
        `| ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${run.label} | ${run.wallSeconds.toFixed(1)} | ${run.statuses} | ${run.p50.toFixed(0)} | ${run.p99.toFixed(0)} | ${run.max.toFixed(0)} | ${run.stats.rssStartMb.toFixed(0)} → ${run.stats.rssPeakMb.toFixed(0)} | ${growth.toFixed(0)} | ${run.stats.eldP99.toFixed(1)} / ${run.stats.eldMax.toFixed(1)} | ${run.stats.tempFiles} | ${ok ? 'met' : '**not met**'} |`,
      );
    }
  }
  L.push('', '### What limits it', '', ANALYSIS, END);
  return L.join('\n');
}

/** Hand-written from CPU profiles of the server (BENCH_CPU_PROF) on 2026-11-29; see the commit that last changed it. */
const ANALYSIS = [
  '- RSS: met in every run once the server runs with 2 malloc arenas, images are decoded one at a time at reduced scale and the SHA-256 is taken while reading back (before that: +350–510 MiB for the photo run).',
  '- Event-loop delay, SQLite: better-sqlite3 is synchronous, and a 10 MB file committed as one blob held the event loop 60–140 ms (the WAL write, its fsync with synchronous=FULL, and the WAL checkpoint that followed): p99 150–175 ms. Now a file is written in 1 MB chunks before the change that takes it (src/modules/files/files.repository.ts), on SQLite by a second connection in a worker thread (src/platform/db/sqlite-blob-writer.ts) while the server\'s other database work waits asynchronously for the file\'s lock, and WAL checkpoints run in another worker (sqlite-checkpointer.ts). Chunks alone, written by the server\'s own connection, gave 99–119 ms: the fsync of each chunk still held the loop.',
  '- Event-loop delay, PostgreSQL: node-postgres sends a bytea parameter as a hex string; with 1 MB chunks that is 2 MB of text per statement instead of 20 MB, and the garbage collection of those strings no longer dominates.',
  '- Throughput is not a goal here: 50 × 10 MB in 10–40 s depending on the disk\'s fsync time and the machine\'s load.',
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
  const results = [];
  for (const d of dialects) results.push(await benchDialect(d));
  const text = report(results);
  console.log(`\n${text}`);
  if (process.env.BENCH_WRITE !== '0') {
    writeBenchSection(BEGIN, END, text);
    console.log('written to docs/benchmarks.md (section bench:uploads)');
  }
}

if (process.env.JDZ_BENCH_ROLE === 'server') await serveChild();
else await main();
