#!/usr/bin/env node
// `npm test`: the one command that checks everything, the same one CI runs.
//   1. type-check (tsc --noEmit)
//   2. build the web app when web/dist is missing or older than its sources (browser tests serve it)
//   3. vitest run (extra arguments are passed on: `npm test -- src/platform/auth`)
// Every step runs even after a failure, so one run shows all problems; the exit code is the first
// non-zero one. The last line is `N passed, N failed[, N skipped]`, read from vitest's JSON report.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
let exitCode = 0;
const failed = [];

function section(title) {
  console.log(`\n== ${title} ==`);
}

function run(title, command, args) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const code = r.status ?? (r.error ? 1 : 128);
  if (r.error) console.error(`${title}: ${r.error.message}`);
  if (code !== 0) {
    failed.push(`${title} (exit ${code})`);
    if (exitCode === 0) exitCode = code;
  }
  console.log(`-- ${title}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

/** Newest modification time under a path (files and directories), 0 when absent. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules') continue;
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
}

function webBuildNeeded() {
  if (!fs.existsSync(path.join(root, 'vite.config.ts'))) return false;
  const dist = path.join(root, 'web', 'dist', 'index.html');
  if (!fs.existsSync(dist)) return true;
  const sources = Math.max(newest(path.join(root, 'web', 'src')), newest(path.join(root, 'web', 'index.html')), newest(path.join(root, 'vite.config.ts')));
  return fs.statSync(dist).mtimeMs < sources;
}

section('type-check: tsc --noEmit');
run('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);

if (webBuildNeeded()) {
  section('web build: vite build');
  run('web build', 'npx', ['vite', 'build']);
} else {
  console.log('\n== web build: up to date (or no vite.config.ts), skipped ==');
}

section('tests: vitest run');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jdz-vitest-'));
const report = path.join(tmp, 'report.json');
run('tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);

let summary = null;
try {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  summary = { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0), brokenFiles: 0 };
  // A file that fails to load or whose hooks throw has no failed test of its own: name it.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) summary.brokenFiles++;
  }
} catch {
  // vitest died before writing its report
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

console.log('');
if (failed.length) console.log(`failed steps: ${failed.join(', ')}`);
if (summary?.brokenFiles) console.log(`${summary.brokenFiles} test file(s) failed outside any test (load error or hook)`);
if (summary) console.log(`${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
else console.log('vitest wrote no report: no test counts');
process.exit(exitCode);
