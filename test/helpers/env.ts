// What a test needs from the machine (PostgreSQL, Chromium, ../shared/data) and what to do when it
// is missing. On a stranger's laptop the suites that need it are skipped with a printed reason; in
// CI (CI set, or JDZ_REQUIRE_PG / JDZ_REQUIRE_BROWSER / JDZ_REQUIRE_SHARED_DATA = 1) they fail, so a
// broken runner never turns into a green run that tested nothing.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { test } from 'vitest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Where tests create and drop their databases. A live binding: `requirePostgres()` switches it to
 * `root@` when only that role exists (some images create the superuser as root).
 */
export let PG_ADMIN_URL = process.env.JDZ_TEST_PG_URL ?? DEFAULT_PG_URL;

export interface Requirement {
  available: boolean;
  /** Why it is unavailable, e.g. "PostgreSQL not reachable at 127.0.0.1:5432 (ECONNREFUSED)". */
  reason?: string;
  /** True when absence must fail the run (CI or the JDZ_REQUIRE_* variable). */
  required: boolean;
  /** Name used in messages: "PostgreSQL", "Chromium", "shared data". */
  label: string;
}

export interface PostgresRequirement extends Requirement {
  /** A URL that connected (superuser, database `postgres`); equal to PG_ADMIN_URL. */
  url: string;
}

export interface SharedDataRequirement extends Requirement {
  /** Absolute path of ../shared/data. */
  dir: string;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** JDZ_REQUIRE_X=1 forces, JDZ_REQUIRE_X=0 waives; otherwise CI decides. */
function isRequired(variable: string): boolean {
  const v = process.env[variable];
  if (v !== undefined && v !== '') return truthy(v);
  return truthy(process.env.CI);
}

const announced = new Set<string>();

/**
 * When the dependency is missing: if optional, prints why once and lets the caller skip; if
 * required, registers a failing test in the file being collected, so the file fails even when its
 * suites are skipped on `!available`.
 */
function settle<T extends Requirement>(req: T): T {
  if (req.available) return req;
  const key = `${req.label}:${req.reason}`;
  if (req.required) {
    const message = `${req.reason}: ${req.label} is required here (CI or JDZ_REQUIRE_*); failing instead of skipping`;
    if (!announced.has(key)) {
      announced.add(key);
      try {
        test(`${req.label} is available`, () => {
          throw new Error(message);
        });
      } catch {
        // Not inside a test file being collected (a script, a global setup): nothing to register.
      }
    }
  } else if (!announced.has(key)) {
    announced.add(key);
    console.warn(`${req.reason}: skipping ${req.label} tests`);
  }
  return req;
}

async function tryConnect(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code ?? err.message;
  } finally {
    await client.end().catch(() => {});
  }
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return url;
  }
}

function userOf(url: string): string {
  try {
    return new URL(url).username || '(default user)';
  } catch {
    return '(bad URL)';
  }
}

let postgres: Promise<PostgresRequirement> | undefined;

/** Connects once per test file (cached) to JDZ_TEST_PG_URL, or postgres@ / root@ 127.0.0.1:5432. */
export function requirePostgres(): Promise<PostgresRequirement> {
  postgres ??= (async () => {
    const candidates = process.env.JDZ_TEST_PG_URL ? [process.env.JDZ_TEST_PG_URL] : [DEFAULT_PG_URL, DEFAULT_PG_URL.replace('//postgres@', '//root@')];
    const errors: string[] = [];
    for (const url of candidates) {
      const error = await tryConnect(url);
      if (error === null) {
        PG_ADMIN_URL = url;
        return { available: true, required: isRequired('JDZ_REQUIRE_PG'), label: 'PostgreSQL', url };
      }
      errors.push(`${userOf(url)}: ${error}`);
    }
    return settle({
      available: false,
      reason: `PostgreSQL not reachable at ${hostOf(candidates[0])} (${errors.join('; ')})`,
      required: isRequired('JDZ_REQUIRE_PG'),
      label: 'PostgreSQL',
      url: candidates[0],
    });
  })();
  return postgres;
}

/** Chromium at CHROMIUM_PATH (default /usr/bin/chromium), executable. */
export function requireBrowser(): Requirement {
  let reason: string | undefined;
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
  } catch {
    reason = `Chromium not found at ${CHROMIUM_PATH} (install the Debian package chromium or set CHROMIUM_PATH)`;
  }
  return settle({ available: !reason, reason, required: isRequired('JDZ_REQUIRE_BROWSER'), label: 'browser' });
}

/** The sample data next to the repository: ../shared/data (units.csv, ideas/, originality/). */
export function requireSharedData(): SharedDataRequirement {
  let reason: string | undefined;
  try {
    if (!fs.statSync(SHARED_DATA_DIR).isDirectory() || fs.readdirSync(SHARED_DATA_DIR).length === 0) reason = `shared data at ${SHARED_DATA_DIR} is empty`;
  } catch {
    reason = `shared data not found at ${SHARED_DATA_DIR}`;
  }
  return settle({ available: !reason, reason, required: isRequired('JDZ_REQUIRE_SHARED_DATA'), label: 'shared data', dir: SHARED_DATA_DIR });
}

/** poppler-utils' `pdftotext` (and `pdftoppm`) on PATH, to read our PDFs back. */
export function requirePdftotext(): Requirement {
  const r = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  const reason = r.error ? `pdftotext not found (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}; install the Debian package poppler-utils)` : undefined;
  return settle({ available: !reason, reason, required: isRequired('JDZ_REQUIRE_PDFTOTEXT'), label: 'pdftotext' });
}

/**
 * For `describe.skipIf(skipReason(req))`: the reason (printed) when the suite should be skipped;
 * `false` when it should run, which includes "missing but required", so that the suite runs and
 * its `beforeAll(() => assertAvailable(req))` fails.
 */
export function skipReason(req: Requirement): string | false {
  if (req.available || req.required) return false;
  settle(req);
  return `${req.reason}: skipping ${req.label} tests`;
}

/** For a `beforeAll`: throws when the dependency is missing (which, after skipReason, means required). */
export function assertAvailable(req: Requirement): void {
  if (!req.available) throw new Error(`${req.reason}: ${req.label} is required (CI or JDZ_REQUIRE_*)`);
}
