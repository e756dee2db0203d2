// Crash harness (checklist row 46, scaled to the writes the foundation has: units and sign-ins).
// For each dialect: the real server process (`jindianzi start`), 20 concurrent clients that each sign
// in as `admin` once and then, kill after kill, create units under client-chosen codes and update
// them, one request at a time; SIGKILL after U(0.2 s, 3 s) of writing; restart; then check the whole
// history so far (see history.ts): every acknowledged write present and byte-identical,
// unacknowledged ones all-or-nothing, SQLite integrity_check / foreign_key_check, the audit chain,
// every unit-creation audit record matching a unit, and every acknowledged sign-in (its session)
// still valid. The chain is verified after every kill with the code `jindianzi audit verify` runs
// (in this process: each CLI start costs ~1.5 s of CPU on the 2-core CI), and after the last kill
// of each dialect by `node bin/jindianzi.mjs audit verify` itself, which must exit 0.
//
//   JDZ_CRASH_ITERATIONS   kills per dialect (default 10 in CI, 3 elsewhere)
//   JDZ_CRASH_SEED         replay a run (the seed is printed); the kill times and the clients' choices
//                          follow from it, the interleaving of course does not
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DialectName, type TestDatabase } from '../helpers/app.ts';
import { assertAvailable, requirePostgres, skipReason } from '../helpers/env.ts';
import { UNIT_TYPES } from '../../src/shared/roles.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { verifyAuditChain } from '../../src/platform/audit/audit.service.ts';
import { checkHistory, UNIT_FIELDS, type CreateOp, type Observed, type Op, type UnitFields, type UpdateOp } from './history.ts';
import { mulberry32, type Rng } from '../../src/shared/random.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');
const PASSWORD = 'Crash#Xianju2017';
const CLIENTS = 20;
const CODE_PREFIX = 'CR-';
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const ITERATIONS = Number(process.env.JDZ_CRASH_ITERATIONS ?? (inCi ? 10 : 3));
const SEED = process.env.JDZ_CRASH_SEED ? Number(process.env.JDZ_CRASH_SEED) : randomInt(2 ** 31);
const KILL_MIN_MS = 200;
const KILL_MAX_MS = 3000;

console.log(`crash harness: seed ${SEED} (replay with JDZ_CRASH_SEED=${SEED}), ${ITERATIONS} kill(s) per dialect, ${CLIENTS} clients`);

const pgReq = await requirePostgres();

const rngFrom = mulberry32;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---- the server process ----

interface ServerProc {
  proc: ChildProcess;
  url: string;
  out: string[];
  exited: Promise<void>;
}

function serverEnv(tdb: TestDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', JDZ_DATA_DIR: tdb.config.dataDir, JDZ_DEMO_PASSWORD: PASSWORD, JDZ_LOG_LEVEL: 'warn', ...extra };
  if (tdb.url) env.DATABASE_URL = tdb.url;
  else delete env.DATABASE_URL;
  return env;
}

async function startServer(tdb: TestDatabase): Promise<ServerProc> {
  // The port is free when picked; another test file may take it before the server binds it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOn(tdb, await freePort());
    } catch (e) {
      if (attempt >= 3 || !/EADDRINUSE/.test((e as Error).message)) throw e;
    }
  }
}

async function startServerOn(tdb: TestDatabase, port: number): Promise<ServerProc> {
  const out: string[] = [];
  const proc = spawn(process.execPath, [BIN, 'start'], { env: serverEnv(tdb, { PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => out.push(String(d)));
  proc.stderr!.on('data', (d) => out.push(String(d)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited during start: ${out.join('')}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return { proc, url, out, exited };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error(`server did not become healthy in 30 s: ${out.join('')}`);
}

async function auditVerify(tdb: TestDatabase): Promise<Observed['auditVerify']> {
  const out: string[] = [];
  const proc = spawn(process.execPath, [BIN, 'audit', 'verify'], { env: serverEnv(tdb), stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => out.push(String(d)));
  proc.stderr!.on('data', (d) => out.push(String(d)));
  const exitCode = await new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { exitCode, output: out.join('') };
}

// ---- what the database holds after the restart ----

const toUnit = (r: { id: number; code: string; name: string; type: string; sector_id: number; town: string; contact_name: string | null; contact_phone: string | null; active: number }) => ({
  id: Number(r.id),
  code: r.code,
  name: r.name,
  type: r.type,
  sectorId: Number(r.sector_id),
  town: r.town,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  active: Number(r.active) === 1,
});

/** Reads units, their audit records and (SQLite) the integrity pragmas; verifies the audit chain. */
async function readDatabase(tdb: TestDatabase): Promise<Observed> {
  const database = await openDatabase({ databaseUrl: tdb.url, sqliteFile: tdb.config.sqliteFile, poolSize: 1 });
  try {
    const { db } = database;
    const units = (
      await db.selectFrom('units').select(['id', 'code', 'name', 'type', 'sector_id', 'town', 'contact_name', 'contact_phone', 'active']).orderBy('id').execute()
    ).map(toUnit);
    const unitAudit = (
      await db.selectFrom('audit_log').select(['action', 'target_id']).where('target_type', '=', 'unit').where('outcome', '=', 'success').orderBy('seq').execute()
    ).map((a) => ({ action: a.action, targetId: a.target_id }));
    const h = database.sqlite;
    const integrityCheck = h ? (h.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check) : null;
    const foreignKeyViolations = h ? (h.pragma('foreign_key_check') as unknown[]) : null;
    const chain = await verifyAuditChain(db);
    const auditVerify = { exitCode: chain.ok ? 0 : 1, output: chain.ok ? `chain intact, ${chain.checked} records` : `${chain.reason} (seq ${chain.brokenAtSeq})` };
    return { units, unitAudit, integrityCheck, foreignKeyViolations, auditVerify, codePrefix: CODE_PREFIX };
  } finally {
    await database.close();
  }
}

// ---- the clients ----

const TRICKY = ['', '（分校）', '“引号”', "O'Brien", '50%_折', '反斜杠\\', '🏫', 'é́', '　全角空格在中间　了'];
const TOWNS = ['安洲街道', '南峰街道', '福应街道', '白塔镇', '田市镇', '横溪镇', '大战乡'];

function unitValue(rng: Rng, code: string, version: number, sectorIds: number[]): UnitFields {
  const phone = rng() < 0.2 ? null : rng() < 0.5 ? `13${Math.floor(rng() * 1e9).toString().padStart(9, '0')}` : `0576-8${Math.floor(rng() * 1e6).toString().padStart(6, '0')}`;
  return {
    code,
    name: `崩溃测试${code}v${version}${pick(rng, TRICKY)}`,
    type: pick(rng, UNIT_TYPES),
    sectorId: pick(rng, sectorIds),
    town: `${pick(rng, TOWNS)}${version}`,
    contactName: rng() < 0.2 ? null : `联系人${pick(rng, TRICKY)}${version}`,
    contactPhone: phone,
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(url: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const body = (await res.json()) as { user?: { csrfToken: string } };
  if (res.status !== 200 || !body.user) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: body.user.csrfToken };
}

interface Run {
  stopped: boolean;
  history: Op[];
  /** A 2xx whose body did not echo what was written: a bug, though not a durability one. */
  echoProblems: string[];
}

const bodyFields = (b: Record<string, unknown>): UnitFields => Object.fromEntries(UNIT_FIELDS.map((f) => [f, b[f]])) as unknown as UnitFields;

async function runClient(url: string, session: Session, name: string, rng: Rng, iteration: number, sectorIds: number[], run: Run) {
  const mine: { code: string; id: number; version: number }[] = [];
  let n = 0;
  const send = async (method: string, p: string, body: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  while (!run.stopped) {
    if (!mine.length || rng() < 0.35) {
      const code = `${CODE_PREFIX}i${iteration}-${name}-n${n++}`;
      const value = unitValue(rng, code, 0, sectorIds);
      const op: CreateOp = { kind: 'create', client: name, code, value, acked: false };
      run.history.push(op);
      try {
        const r = await send('POST', '/api/org/units', value);
        if (r.status >= 200 && r.status < 300) {
          op.acked = true;
          op.id = Number(r.body.id);
          mine.push({ code, id: op.id, version: 0 });
          if (UNIT_FIELDS.some((f) => r.body[f] !== value[f])) run.echoProblems.push(`create ${code} answered ${JSON.stringify(bodyFields(r.body))} for ${JSON.stringify(value)}`);
        } else op.outcome = `HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
      } catch (e) {
        op.outcome = (e as Error).message;
      }
    } else {
      const u = pick(rng, mine);
      const value = unitValue(rng, u.code, ++u.version, sectorIds);
      const op: UpdateOp = { kind: 'update', client: name, code: u.code, id: u.id, value, acked: false };
      run.history.push(op);
      try {
        // Every field but the code (the unit's identity in the history) is rewritten.
        const { code: _code, ...rest } = value;
        const r = await send('PUT', `/api/org/units/${u.id}`, rest);
        if (r.status >= 200 && r.status < 300) {
          op.acked = true;
          if (UNIT_FIELDS.some((f) => r.body[f] !== value[f])) run.echoProblems.push(`update ${u.code} answered ${JSON.stringify(bodyFields(r.body))} for ${JSON.stringify(value)}`);
        } else op.outcome = `HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;
      } catch (e) {
        op.outcome = (e as Error).message;
      }
    }
  }
}

// ---- the harness ----

function describeCrash(dialect: DialectName) {
  const skip = dialect === 'postgres' ? skipReason(pgReq) : false;
  describe.skipIf(skip)(`crash harness [${dialect}]`, () => {
    let tdb: TestDatabase;
    let server: ServerProc | null = null;
    let sectorIds: number[] = [];
    let sessions: Session[] = [];
    const history: Op[] = [];
    const rng = rngFrom(SEED ^ (dialect === 'sqlite' ? 0x5117e : 0x9057)); // one stream per dialect

    beforeAll(async () => {
      if (dialect === 'postgres') assertAvailable(pgReq);
      tdb = await createTestDatabase(dialect);
      server = await startServer(tdb); // the first start migrates and seeds the demo
      sessions = await Promise.all(Array.from({ length: CLIENTS }, () => signIn(server!.url)));
      const r = await fetch(`${server.url}/api/org/sectors`, { headers: { cookie: sessions[0].cookie } });
      sectorIds = ((await r.json()) as { items: { id: number }[] }).items.map((x) => x.id);
      expect(sectorIds.length).toBe(4);
    }, 120_000);

    afterAll(async () => {
      if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
        server.proc.kill('SIGTERM');
        await server.exited;
      }
      await tdb?.drop();
    });

    for (let iteration = 1; iteration <= ITERATIONS; iteration++) {
      it(`kill ${iteration}/${ITERATIONS}: acknowledged writes survive SIGKILL, the rest are all-or-nothing`, async () => {
        const s = server!;
        const killAfter = Math.round(KILL_MIN_MS + rng() * (KILL_MAX_MS - KILL_MIN_MS));
        const run: Run = { stopped: false, history, echoProblems: [] };
        const before = history.length;
        const clients = sessions.map((session, i) => runClient(s.url, session, `c${String(i).padStart(2, '0')}`, rngFrom(SEED + iteration * 1000 + i), iteration, sectorIds, run));
        await new Promise((r) => setTimeout(r, killAfter));
        run.stopped = true;
        s.proc.kill('SIGKILL');
        await s.exited;
        await Promise.all(clients);
        server = null;

        // Restart (recovery happens here); after the last kill, the CLI verifies the chain alongside.
        const last = iteration === ITERATIONS;
        const [restarted, cliVerify] = await Promise.all([startServer(tdb), last ? auditVerify(tdb) : null]);
        server = restarted;
        const observed = await readDatabase(tdb);
        if (cliVerify) observed.auditVerify = cliVerify;
        const verdict = checkHistory(history, observed);
        // Sign-ins were acknowledged before the first kill: their sessions must have survived every one.
        const lostSessions: string[] = [];
        for (const [i, session] of sessions.entries()) {
          const me = await fetch(`${restarted.url}/api/me`, { headers: { cookie: session.cookie } });
          if (me.status !== 200) lostSessions.push(`client c${i}: GET /api/me answered ${me.status} after the restart`);
        }

        const ops = history.slice(before);
        const acked = ops.filter((o) => o.acked).length;
        const outcomes = new Map<string, number>();
        for (const o of ops.filter((x) => !x.acked)) {
          const k = (o.outcome ?? 'in flight').replace(/\d+/g, 'N').slice(0, 60);
          outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
        }
        console.log(
          `[${dialect}] kill ${iteration}/${ITERATIONS} (seed ${SEED}) after ${killAfter} ms: ${ops.length} writes, ${acked} acknowledged, ${ops.length - acked} not ` +
            `(${[...outcomes].map(([k, v]) => `${v}× ${k}`).join(', ') || '-'}); total so far ${JSON.stringify(verdict.stats)}`,
        );
        expect(run.echoProblems).toEqual([]);
        expect(verdict.problems).toEqual([]);
        expect(lostSessions).toEqual([]);
        // The run must have tested something: over all kills so far, some writes were acknowledged.
        expect(history.some((o) => o.acked)).toBe(true);
      }, 90_000);
    }
  });
}

describeCrash('sqlite');
describeCrash('postgres');
