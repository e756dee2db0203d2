// Originality engine benchmark (issue 4 item 8): `npm run bench:originality`.
//
// For each corpus size (synthetic documents of about 1,500 characters, bench/originality-corpus.ts)
// and each database, in a child process of its own (so that its peak memory is its own):
//   1. bare loop: normalise + winnowed fingerprints of every document (the floor of any index);
//   2. load: the documents' texts into originality_sources (stored anyway; not index);
//   3. build: `reindex` from the stored texts (read, normalise, fingerprint, pack, write);
//      ratio = build throughput ÷ bare-loop throughput, same text, same run;
//   4. size: bytes of originality_postings (blobs) and of the database pages they take, per
//      source character;
//   5. checks: BENCH_QUERIES submissions (five kinds, benchQueries) through checkDocument over the
//      database index, one at a time: p50/p95 latency, candidates aligned;
//   6. peak RSS of the process.
// On the 10k corpus, Debian's similarity-tester (sim_text -r 13, characters spaced out) runs on the
// same documents and queries; both are scored on format variants and stock phrases.
//
//   BENCH_SIZES     comma list (default 10000,100000,1000000)
//   BENCH_DIALECTS  sqlite,postgres (default both; PostgreSQL only where reachable)
//   BENCH_PG_SIZES  sizes also run on PostgreSQL (default 10000,100000)
//   BENCH_QUERIES   checks per size (default 200)
//   BENCH_SIMTEXT=0 skip sim_text
//   BENCH_WRITE=0   only print; otherwise the figures replace the bench:originality section of docs/benchmarks.md
//   BENCH_KEEP=dir  keep the SQLite files in dir (reuse with the same size: skips load and build, and
//                   reports the load and build figures of the run that built it, saved beside it)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeBenchSection } from './sections.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const SEED = 2017;
const BEGIN = '<!-- bench:originality -->';
const END = '<!-- /bench:originality -->';

export interface RunResult {
  dialect: 'sqlite' | 'postgres';
  documents: number;
  chars: number;
  bareSeconds: number;
  loadSeconds: number;
  buildSeconds: number;
  postings: number;
  buckets: number;
  bucketBits: number;
  blobBytes: number;
  tableBytes: number | null;
  checks: number;
  p50: number;
  p95: number;
  max: number;
  meanCandidates: number;
  peakRssMb: number;
  /** CPU time of this process per check (user + system), ms: what the check costs without the machine's other load. */
  cpuP50?: number;
  cpuP95?: number;
  /** Sum of the check times, s. */
  checkSeconds?: number;
  detection?: Detection;
  variants?: Record<string, { expected: number; found: number }>;
  /** When the load and build figures come from an earlier run that built a kept database (BENCH_KEEP): that run's time. */
  builtAt?: string;
}

/** Saved beside a kept database: the figures of the run that built it. */
interface KeptBuild {
  loadSeconds: number;
  buildSeconds: number;
  postings: number;
  builtAt: string;
}

export interface Detection {
  /** per query kind: (query, source) pairs expected / found; false flags on negatives. */
  byKind: Record<string, { queries: number; expected: number; found: number; falseFlags: number }>;
  seconds: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

// ---------------------------------------------------------------------------------------------
// One run (child process): BENCH_RUN = JSON { size, dialect, queries, pgUrl? }

async function runOne(): Promise<RunResult> {
  const { size, dialect, queries: nQueries, pgUrl, keep } = JSON.parse(process.env.BENCH_RUN!) as { size: number; dialect: 'sqlite' | 'postgres'; queries: number; pgUrl?: string; keep?: string };
  const { benchDocuments, benchQueries } = await import('./originality-corpus.ts');
  const { normalizeText } = await import('../src/modules/originality/engine/normalize.ts');
  const { winnowedHashes } = await import('../src/modules/originality/engine/fingerprint.ts');
  const { checkDocument } = await import('../src/modules/originality/engine/check.ts');
  const { StockPhrases } = await import('../src/modules/originality/engine/stock-phrases.ts');
  const { openDatabase } = await import('../src/platform/db/database.ts');
  const { migrateToLatest } = await import('../src/platform/db/migrate.ts');
  const store = await import('../src/modules/originality/store/index.ts');
  const { sql } = await import('kysely');

  const stock = StockPhrases.defaults();
  const repo = await import('../src/modules/originality/store/store.repository.ts');
  if (keep) fs.mkdirSync(keep, { recursive: true });
  const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-bench-originality-'));
  const sqliteFile = path.join(dir, `bench-${size}.sqlite`);
  // The load and build figures of the run that built a kept database, saved beside it.
  const builtFile = path.join(dir, `bench-${size}.built.json`);
  const reuse = dialect === 'sqlite' && keep !== undefined && fs.existsSync(sqliteFile) && fs.existsSync(builtFile);
  if (dialect === 'sqlite' && !reuse) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) fs.rmSync(f, { force: true });
  const database = await openDatabase({ databaseUrl: dialect === 'postgres' ? pgUrl! : null, sqliteFile });
  await migrateToLatest(database.db, database.dialect);
  let loadSeconds = NaN;
  let buildSeconds = NaN;
  let built = { postings: NaN, buckets: 0, bucketBits: 0, bytes: 0 };
  let builtAt: string | undefined;
  if (reuse) {
    const saved = JSON.parse(fs.readFileSync(builtFile, 'utf8')) as KeptBuild;
    ({ loadSeconds, buildSeconds, builtAt } = saved);
    built = { ...built, postings: saved.postings };
    log(`${dialect} ${size}: reusing ${sqliteFile} (built ${saved.builtAt}: load ${loadSeconds.toFixed(1)} s, build ${buildSeconds.toFixed(1)} s)`);
  }
  try {
    // Warm-up (JIT, and the normaliser's table of characters seen), so that neither measure pays it.
    for (const d of benchDocuments(SEED + 1, 300)) winnowedHashes(normalizeText(d.text));
    if (!reuse) {
      // 1 + 2. Load the texts, then build the index from them (one bulkLoad; the first progress
      // event of the build separates the two).
      const t0 = performance.now();
      let tBuild = 0;
      let lastLog = 0;
      const r = await store.bulkLoad(database.db, (function* () {
        for (const d of benchDocuments(SEED, size)) yield { id: d.id, kind: 'reference' as const, title: d.title, text: d.text };
      })(), {
        stock,
        sqlite: database.sqlite,
        onLoaded: (n) => {
          if (n === size) tBuild = performance.now(); // every text stored: the index build starts
          if (performance.now() - lastLog > 30_000) log(`  loaded ${n}`), (lastLog = performance.now());
        },
        onProgress: (p) => {
          if (performance.now() - lastLog > 30_000) log(`  ${p.phase} ${p.done}/${p.total}`), (lastLog = performance.now());
        },
      });
      loadSeconds = (tBuild - t0) / 1000;
      buildSeconds = (performance.now() - tBuild) / 1000;
      built = r;
      log(`${dialect} ${size}: load ${loadSeconds.toFixed(1)} s, build ${buildSeconds.toFixed(1)} s`);
      if (keep && dialect === 'sqlite') {
        const saved: KeptBuild = { loadSeconds, buildSeconds, postings: r.postings, builtAt: new Date().toISOString() };
        fs.writeFileSync(builtFile, JSON.stringify(saved));
      }
    }
    // 3. Bare loop over the same texts (read from the database; only normalise + fingerprint timed).
    let chars = 0;
    let bare = 0;
    let sink = 0;
    for (let after = 0; ; ) {
      const page = await repo.sourcePage(database.db, after, 2000);
      if (page.length === 0) break;
      for (const d of page) {
        const t = performance.now();
        const fp = winnowedHashes(normalizeText(d.text));
        bare += performance.now() - t;
        sink += fp.length;
        chars += d.text.length;
      }
      after = Number(page[page.length - 1]!.doc_no);
    }
    if (sink < 0) log(String(sink));
    log(`${dialect} ${size}: bare loop ${(chars / bare / 1000).toFixed(2)} M chars/s`);
    // 4. Size.
    const size2 = await store.indexSize(database.db);
    let tableBytes: number | null = null;
    if (database.dialect === 'sqlite') {
      try {
        const r = await sql<{ n: number }>`SELECT SUM(pgsize) AS n FROM dbstat WHERE name IN ('originality_postings')`.execute(database.db);
        tableBytes = Number(r.rows[0]?.n ?? 0);
      } catch {
        tableBytes = null;
      }
    } else {
      const r = await sql<{ n: string }>`SELECT pg_total_relation_size('originality_postings') AS n`.execute(database.db);
      tableBytes = Number(r.rows[0]!.n);
    }
    log(`  build ${buildSeconds.toFixed(1)} s, ${(size2.bytes / chars).toFixed(2)} B/char blobs, ${tableBytes === null ? '?' : (tableBytes / chars).toFixed(2)} B/char table`);
    // 5. Checks.
    const index = store.openFingerprintIndex(database.db, database.dialect, stock, database.sqlite);
    const queries = benchQueries(SEED, size, nQueries);
    for (const q of queries.slice(0, 5)) await checkDocument(index, { text: q.text }, { stock }); // warm up
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const cpuNow = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let candidates = 0;
    const found = new Map<string, string[]>();
    for (const q of queries) {
      const t = performance.now();
      const c = cpuNow();
      const rep = await checkDocument(index, { text: q.text }, { stock });
      times.push(performance.now() - t);
      cpuTimes.push(cpuNow() - c);
      candidates += rep.sources.length;
      found.set(q.id, rep.sources.map((s) => s.source));
    }
    const scored = score(queries, found);
    return {
      dialect: database.dialect,
      documents: size,
      chars,
      bareSeconds: bare / 1000,
      loadSeconds,
      buildSeconds,
      postings: built.postings,
      buckets: size2.buckets,
      bucketBits: size2.bucketBits,
      blobBytes: size2.bytes,
      tableBytes,
      checks: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
      cpuP50: percentile(cpuTimes, 50),
      cpuP95: percentile(cpuTimes, 95),
      meanCandidates: candidates / times.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      checkSeconds: times.reduce((a, b) => a + b, 0) / 1000,
      detection: { byKind: scored.byKind, seconds: 0 },
      variants: scored.variants,
      builtAt,
    };
  } finally {
    await database.close();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Scored = Omit<Detection, 'seconds'> & { variants: Record<string, { expected: number; found: number }> };

function score(queries: Array<{ id: string; kind: string; sources: string[]; variant?: string }>, found: Map<string, string[]>): Scored {
  const byKind: Detection['byKind'] = {};
  const variants: Scored['variants'] = {};
  for (const q of queries) {
    if (q.variant) {
      const v = (variants[q.variant] ??= { expected: 0, found: 0 });
      const got = found.get(q.id) ?? [];
      v.expected += q.sources.length;
      v.found += q.sources.filter((s) => got.includes(s)).length;
    }
    const k = (byKind[q.kind] ??= { queries: 0, expected: 0, found: 0, falseFlags: 0 });
    const got = found.get(q.id) ?? [];
    k.queries++;
    k.expected += q.sources.length;
    k.found += q.sources.filter((s) => got.includes(s)).length;
    k.falseFlags += got.filter((s) => !q.sources.includes(s)).length;
  }
  return { byKind, variants };
}

function log(s: string) {
  process.stderr.write(`${s}\n`);
}

// ---------------------------------------------------------------------------------------------
// sim_text on the 10k corpus (same documents and queries), characters spaced out, -r 13.

interface SimResult {
  /** Our engine with the in-memory index (the `originality eval` path) on the same files: build + checks, in a process of its own. */
  memory?: { seconds: number; cpuSeconds?: number; detection: Omit<Detection, 'seconds'> };
  seconds: number;
  /** sim_text's user + system CPU time (from /usr/bin/time), s. */
  cpuSeconds?: number;
  detection: Omit<Detection, 'seconds'>;
  variants?: Record<string, { expected: number; found: number }>;
  version: string;
}

async function simText(size: number, nQueries: number): Promise<SimResult | null> {
  const bin = '/usr/bin/sim_text';
  if (!fs.existsSync(bin)) return null;
  const { benchDocuments, benchQueries } = await import('./originality-corpus.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-bench-simtext-'));
  try {
    const spaced = (t: string) => [...t].join(' ');
    const names: string[] = [];
    const queries = benchQueries(SEED, size, nQueries);
    for (const q of queries) fs.writeFileSync(path.join(dir, `${q.id}.txt`), spaced(q.text)), names.push(`${q.id}.txt`);
    names.push('/');
    for (const d of benchDocuments(SEED, size)) {
      const f = `${d.id.replace(':', '_')}.txt`;
      fs.writeFileSync(path.join(dir, f), spaced(d.text));
      names.push(f);
    }
    const t = performance.now();
    // -p: percentages per (query, source); -t 1: down to 1 %; -S: queries against the corpus only.
    // Through /usr/bin/time where there is one, for its CPU time (the machine is shared).
    const timed = fs.existsSync('/usr/bin/time');
    const args = ['-p', '-t', '1', '-r', '13', '-S', '-i'];
    const r = spawnSync(timed ? '/usr/bin/time' : bin, timed ? ['-f', 'cpu %U %S', bin, ...args] : args, { cwd: dir, input: `${names.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`sim_text failed: ${r.stderr}`);
    const cpuLine = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
    const cpuSeconds = cpuLine ? Number(cpuLine[1]) + Number(cpuLine[2]) : undefined;
    const found = new Map<string, string[]>();
    for (const line of r.stdout.split('\n')) {
      const m = /^(q\d+)\.txt consists for (\d+) % of (bench_\d+)\.txt material/.exec(line.trim());
      if (!m) continue;
      const list = found.get(m[1]!) ?? [];
      list.push(m[3]!.replace('_', ':'));
      found.set(m[1]!, list);
    }
    const version = spawnSync(bin, ['-v'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '';
    const scored = score(queries, found);
    // Ours in memory, as `originality eval` runs, in a process of its own as sim_text is.
    const mem = await runChild<MemoryRun>({ memory: true, size, queries: nQueries });
    const memFound = new Map(Object.entries(mem.found));
    return { seconds, cpuSeconds, detection: { byKind: scored.byKind }, variants: scored.variants, version, memory: { seconds: mem.seconds, cpuSeconds: mem.cpuSeconds, detection: { byKind: score(queries, memFound).byKind } } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface MemoryRun {
  seconds: number;
  cpuSeconds: number;
  found: Record<string, string[]>;
}

/**
 * Child process: the `originality eval` path on the corpus (MemoryIndex: index every document,
 * check every query), timed from the first document indexed to the last report; the texts are
 * made before the clock starts, as sim_text's files are written before it runs.
 */
async function runMemory(): Promise<MemoryRun> {
  const { size, queries: nQueries } = JSON.parse(process.env.BENCH_RUN!) as { size: number; queries: number };
  const { benchDocuments, benchQueries } = await import('./originality-corpus.ts');
  const { MemoryIndex } = await import('../src/modules/originality/engine/index.ts');
  const { checkDocument } = await import('../src/modules/originality/engine/check.ts');
  const { StockPhrases } = await import('../src/modules/originality/engine/stock-phrases.ts');
  const stock = StockPhrases.defaults();
  const docs = [...benchDocuments(SEED, size)];
  const queries = benchQueries(SEED, size, nQueries);
  // The generator's texts are ropes of concatenated pieces; a file or JSON line read from disk (what
  // sim_text and `originality eval` get) is flat. Flattened before the clock (charCodeAt does it).
  for (const d of docs) d.text.charCodeAt(0);
  for (const q of queries) q.text.charCodeAt(0);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const memory = new MemoryIndex(stock);
  for (const d of docs) memory.addNow({ id: d.id, text: d.text });
  const found: Record<string, string[]> = {};
  for (const q of queries) found[q.id] = (await checkDocument(memory, { text: q.text }, { stock })).sources.map((x) => x.source);
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, found };
}

// ---------------------------------------------------------------------------------------------
// The orchestration and the report.

function runChild<T = RunResult>(run: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, [], { env: { ...process.env, BENCH_RUN: JSON.stringify(run) }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: T | undefined;
    child.on('message', (m) => (result = m as T));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`benchmark run ${JSON.stringify(run)} failed (${code})`))));
  });
}

async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const { requirePostgres } = await import('../test/helpers/env.ts');
  const req = await requirePostgres();
  if (!req.available) {
    log(`${req.reason}: PostgreSQL not benchmarked`);
    return null;
  }
  const pg = (await import('pg')).default;
  const name = `jdz_bench_orig_${process.pid}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: req.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: req.url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`),
    drop: async () => {
      const c = new pg.Client({ connectionString: req.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const mchars = (chars: number, seconds: number) => chars / seconds / 1e6;

function detectionCells(d: Omit<Detection, 'seconds'>, kind: string): string {
  const k = d.byKind[kind];
  if (!k) return '–';
  return k.expected > 0 ? `${k.found}/${k.expected}${k.falseFlags ? ` (+${k.falseFlags} other)` : ''}` : `${k.falseFlags} source${k.falseFlags === 1 ? '' : 's'} reported for ${k.queries} texts`;
}

function report(results: RunResult[], sim: SimResult | null, ours10k: RunResult | undefined, nQueries: number): string {
  const cpu = os.cpus();
  const L: string[] = [BEGIN, '# Originality engine (`npm run bench:originality`, issue 4 item 8)', ''];
  L.push('Written by `npm run bench:originality` (bench/originality.ts) into this section only; rerun it to refresh. No test asserts on these figures.', '');
  L.push('- command: `npm run bench:originality` (= `node --import tsx bench/originality.ts`; BENCH_SIZES=10000,100000,1000000, BENCH_DIALECTS, BENCH_PG_SIZES=10000,100000, BENCH_QUERIES, BENCH_SIMTEXT=0, BENCH_RESULTS=dir to merge runs made separately, BENCH_KEEP=dir to keep the SQLite databases and reuse them, BENCH_WRITE=0 to only print)');
  L.push(`- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average when written: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (other sessions' tests and browsers share the 2 cores: wall times are inflated by that much)`);
  L.push('- corpus: bench/originality-corpus.ts — documents of ~1,500 characters recombined and mutated from our seed texts (src/modules/originality/eval/seed-texts.ts): words of the seed paragraphs and 40,000 mutations of them drawn with Zipf frequencies, 2–4 stock phrases per document, 5 % of documents with 1–3 passages copied from earlier ones (30 % of those as format variants). Queries: new texts of five kinds (original; verbatim, format-variant, light-edit copies of 60–400 characters from 1–3 documents; stock-phrase-dense), one at a time through `checkDocument` over the database index.');
  L.push('- bare loop = normalise (without offsets) + winnowed fingerprints (distinct) of every stored text, timed around those two calls only; build = `reindex` from the stored texts (read, normalise, fingerprint, drop stock-list k-grams, pack, write, in one transaction); load = storing the texts (not index, not in the ratio)');
  L.push('- index size = the postings blobs (bytes of `originality_postings.data`) and, SQLite, the pages the table takes (dbstat), PostgreSQL pg_total_relation_size; per source character (UTF-16 units of the original texts); texts and the sources table are not counted');
  L.push('- goals: one check against 1M documents p50 ≤ 15 ms, p95 ≤ 50 ms (embedded store); build ≥ 25 % of the bare loop; ≤ 4 bytes of index per source character', '');
  L.push('| database | documents | characters | bare loop M chars/s | build M chars/s | build ÷ bare | load s | build s | index B/char (blobs / table) | buckets (bits) | check p50 ms | p95 ms | max ms | check CPU p50 / p95 ms | peak RSS MiB |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const bare = mchars(r.chars, r.bareSeconds);
    const build = mchars(r.chars, r.buildSeconds);
    L.push(
      `| ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.documents.toLocaleString('en')} | ${(r.chars / 1e6).toFixed(1)} M | ${fmt(bare, 2)} | ${fmt(build, 2)} | ${fmt((100 * build) / bare, 0)} % | ${fmt(r.loadSeconds)} | ${fmt(r.buildSeconds)} | ${fmt(r.blobBytes / r.chars, 2)} / ${r.tableBytes === null ? '–' : fmt(r.tableBytes / r.chars, 2)} | ${r.buckets.toLocaleString('en')} (${r.bucketBits}) | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.cpuP50 === undefined ? '–' : `${fmt(r.cpuP50)} / ${fmt(r.cpuP95 ?? NaN)}`} | ${fmt(r.peakRssMb, 0)} |`,
    );
  }
  for (const r of results) {
    if (r.builtAt) L.push('', `SQLite ${r.documents.toLocaleString('en')}: the database was kept from an earlier run (BENCH_KEEP); its load and build figures are those of the run that built it, ${r.builtAt.slice(0, 16).replace('T', ' ')} UTC.`);
  }
  L.push('');
  L.push(`Detection by our engine (any source reported with a passage; ${nQueries} queries per size):`, '');
  L.push('| database | documents | verbatim | format variants | light edits | originals | stock-phrase texts |');
  L.push('|---|---:|---|---|---|---|---|');
  for (const r of results) {
    if (!r.detection) continue;
    L.push(`| ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${r.documents.toLocaleString('en')} | ${['verbatim', 'format-variant', 'light-edit', 'original', 'stock-phrases'].map((k) => detectionCells(r.detection!, k)).join(' | ')} |`);
  }
  if (sim && ours10k?.detection) {
    L.push('', `### Side by side with sim_text on the ${ours10k.documents.toLocaleString('en')}-document corpus`, '');
    L.push(`sim_text (${sim.version || 'similarity-tester'}) gets every document and query as a file with its characters spaced out (so that each Chinese character is a word), and runs as \`sim_text -p -t 1 -r 13 -S -i\` (runs of at least 13 words, percentages down to 1 %, queries against the corpus only). A source counts as reported when sim_text prints a percentage for it; ours when the report has a passage from it.`, '');
    const oursSeconds = ours10k.loadSeconds + ours10k.buildSeconds + (ours10k.checkSeconds ?? 0);
    const cpuCell = (x: number | undefined) => (x === undefined ? '–' : fmt(x));
    L.push('| tool | time s (all queries, index included) | CPU s | verbatim | format variants | light edits | originals | stock-phrase texts |');
    L.push('|---|---:|---:|---|---|---|---|---|');
    L.push(`| ours (SQLite: load + build + ${ours10k.checks} checks) | ${fmt(oursSeconds)} | – | ${['verbatim', 'format-variant', 'light-edit', 'original', 'stock-phrases'].map((k) => detectionCells(ours10k.detection!, k)).join(' | ')} |`);
    if (sim.memory) L.push(`| ours, in-memory index (the \`originality eval\` path: build + ${ours10k.checks} checks, a process of its own) | ${fmt(sim.memory.seconds)} | ${cpuCell(sim.memory.cpuSeconds)} | ${['verbatim', 'format-variant', 'light-edit', 'original', 'stock-phrases'].map((k) => detectionCells(sim.memory!.detection, k)).join(' | ')} |`);
    L.push(`| sim_text -r 13 | ${fmt(sim.seconds)} | ${cpuCell(sim.cpuSeconds)} | ${['verbatim', 'format-variant', 'light-edit', 'original', 'stock-phrases'].map((k) => detectionCells(sim.detection, k)).join(' | ')} |`);
    if (ours10k.variants && sim.variants) {
      L.push('', 'Format variants by kind (pairs found):', '');
      L.push(`| tool | ${Object.keys(ours10k.variants).join(' | ')} |`);
      L.push(`|---|${Object.keys(ours10k.variants).map(() => '---').join('|')}|`);
      L.push(`| ours | ${Object.values(ours10k.variants).map((v) => `${v.found}/${v.expected}`).join(' | ')} |`);
      L.push(`| sim_text | ${Object.keys(ours10k.variants).map((k) => `${sim.variants![k]?.found ?? 0}/${sim.variants![k]?.expected ?? 0}`).join(' | ')} |`);
    }
  }
  L.push('', '### What limits it', '', ANALYSIS, END);
  return L.join('\n');
}

/** Hand-written from the runs and CPU profiles of 2026-11-29; see the commit that last changed it. */
const ANALYSIS = [
  '- **Runs of record (2026-11-29, quiet machine, load average 0–2).** SQLite 10k/100k/1M and sim_text at 13:32–13:45 UTC (after the last change to the check, the big buckets kept in memory); PostgreSQL 10k/100k at 12:53 and 1M at 13:07 (a change that affects only SQLite came after them). Under load (average 5–15, other sessions\' suites and browsers on the same 2 cores) the same runs measure a bare loop of 2–3 M chars/s instead of 20–30 and checks two to five times their CPU time: compare rows of one run and use the CPU columns.',
  '- **Check latency at 1M: met on SQLite** (p50 13.8 ms, p95 23.2 ms wall; CPU 13.8 / 31.0 ms; goal p50 ≤ 15, p95 ≤ 50), with a margin of about 1 ms on the p50: a loaded machine misses it. **PostgreSQL at 1M: p50 22.8 ms, p95 39.8 ms** (one instance, localhost): the same reads as about 3 round trips and the blobs copied through the protocol. Before this session\'s changes the 1M check measured p50 20.3 / p95 30.4 ms on SQLite (CPU p50 19.7). What changed: (1) only the submission\'s winnowed k-grams are looked up (about 430 bucket rows instead of 1,500; winnowing on both sides keeps the 13-character guarantee, proven by property tests over the in-memory and the stored index), with a small second round for the k-grams at the ends of a phrase over the document-frequency cap, so that the phrase is greyed to its ends; (2) candidates come by document number and their rows are fetched by number, 50 at a time, in one prepared statement; (3) SQLite reads through mmap (src/platform/db/database.ts; about 15 % of a check\'s CPU); (4) alignment hashes a candidate\'s k-grams only where all their character pairs occur in the submission; (5) faster normalising and winnowing; (6) on SQLite, big buckets (over 4 KB: a phrase in thousands of documents has a posting group of thousands of numbers in them, and every check of a text with that phrase reads them — at 1M about 675 KB a check, skipped byte by byte) are kept in memory with a directory of their groups while the database is unchanged (PRAGMA data_version, this process\'s postings writes, never inside a transaction; tested): CPU p50 at 1M 16.4 → 12.8 ms in a side-by-side run. What a check costs now: the bucket lookups (reading and decoding the postings), then per candidate one row fetch, normalising its text and aligning it; a check still aligns 24 candidates on average at 10k and 43 at 100k (50 at most), from chance matches of common word sequences. Worth trying next: a byte length per posting group in the blob format (a format change and a rebuild) so that any bucket is read without scanning; alignment in a worker; the normalised text stored beside the original.',
  '- **Index size: met** (about 1.1–1.2 bytes of postings per source character, 1.3 with SQLite\'s pages, 1.6–1.9 with PostgreSQL\'s TOAST and page overhead; flat in N, the bucket width grows with the collection: 18 bits at 10k, 21 at 100k, 24 at 1M): postings are packed per hash bucket with delta-encoded integer document numbers (src/modules/originality/store/README.md), about 0.25 distinct winnowed fingerprints per character at 3–4 bytes each.',
  '- **Build ÷ bare loop: met** (29–31 % on SQLite at 10k, 100k and 1M; PostgreSQL 16 % at 10k, where the fixed costs weigh, 26–27 % at 100k and 1M). The bare loop itself got faster this session (normalising and winnowing with buffers reused from text to text, TextDecoder, a radix sort of the distinct hashes), so the ratio moves with the floor. The build reads every text back from the database, normalises, winnows, drops stock-list k-grams, radix-sorts the (hash, document) pairs (spilled to temporary files above 24 M pairs) and writes the bucket rows, in one transaction with the texts. Next steps (not done): partitions sorted and encoded in a worker thread while the main thread reads and fingerprints; a larger SQLite cache during the build.',
  '- **Against sim_text: faster, and better on format variants and stock phrases.** Our in-memory path (`originality eval`: index the 10k documents and check the 200 queries, in a process of its own as sim_text is; its texts are flat strings before the clock, as a JSON line read from disk is) took 1.6 s (CPU 2.1 s) where sim_text took 3.3 s (CPU 3.3 s); before this session\'s changes ours took 7.1 s (the MemoryIndex now keeps postings as (hash, document number) pairs in typed arrays radix-sorted once, and its build costs about the bare loop). In earlier runs of the day under load the margin was thinner (ours 1.6–2.6 s, sim_text 2.2–3.7 s): compare the CPU columns of one run. With the database (store the texts durably in SQLite, build the index, 200 checks) ours takes 4.4 s, slower than sim_text: storing 15 M characters durably costs about 1.8 s by itself. sim_text -r 13 treats every spaced-out character as a word: it finds verbatim copies and light edits, misses every full/half-width variant (0 of 18) and some punctuation and traditional-character variants, and reports stock phrases and chance runs of common characters as sources (108 sources for 40 original texts, 395 for 40 stock-phrase texts, where ours reports none).',
].join('\n');

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
  const pgSizes = (process.env.BENCH_PG_SIZES ?? '10000,100000').split(',').map(Number);
  const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const nQueries = Number(process.env.BENCH_QUERIES ?? 200);
  const resultsDir = process.env.BENCH_RESULTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-bench-originality-results-'));
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const size of sizes) {
    for (const dialect of dialects) {
      if (dialect === 'postgres' && !pgSizes.includes(size)) continue;
      let pg: Awaited<ReturnType<typeof createPgDatabase>> = null;
      if (dialect === 'postgres' && !(pg = await createPgDatabase())) continue;
      try {
        log(`— ${dialect}, ${size} documents`);
        const r = await runChild({ size, dialect, queries: nQueries, pgUrl: pg?.url, keep: dialect === 'sqlite' ? process.env.BENCH_KEEP || undefined : undefined });
        fs.writeFileSync(path.join(resultsDir, `${dialect}-${size}.json`), JSON.stringify(r));
      } finally {
        await pg?.drop();
      }
    }
  }
  let sim: SimResult | null = null;
  const results = fs
    .readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('simtext'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as RunResult)
    .sort((a, b) => a.documents - b.documents || a.dialect.localeCompare(b.dialect));
  const ours10k = results.find((r) => r.dialect === 'sqlite' && r.documents === 10000);
  const simFile = path.join(resultsDir, 'simtext-10000.json');
  if (process.env.BENCH_SIMTEXT !== '0' && ours10k && sizes.includes(10000)) {
    log('— sim_text, 10000 documents');
    sim = await simText(10000, nQueries);
    if (sim) fs.writeFileSync(simFile, JSON.stringify(sim));
  } else if (fs.existsSync(simFile)) sim = JSON.parse(fs.readFileSync(simFile, 'utf8')) as SimResult;
  const text = report(results, sim, ours10k, nQueries);
  console.log(`\n${text}`);
  if (process.env.BENCH_WRITE !== '0') {
    writeBenchSection(BEGIN, END, text);
    console.log('written to docs/benchmarks.md (section bench:originality)');
  }
}

if (process.env.BENCH_RUN) {
  ((JSON.parse(process.env.BENCH_RUN) as { memory?: boolean }).memory ? runMemory() : runOne()).then(
    (r) => {
      if (process.send) process.send(r, () => process.exit(0));
      else console.log(JSON.stringify(r));
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
