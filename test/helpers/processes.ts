// Real server processes (`jindianzi serve`) over one database, as in production with several
// instances behind a proxy: the approach of test/integration/instances.test.ts, shared.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestDatabase } from './app.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/jindianzi.mjs');

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  output: string[];
}

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

/** Starts `n` server processes on `db` (migrated by the first), each on its own port; env adds settings. */
export async function startProcesses(db: TestDatabase, n: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
  const out: ServerProcess[] = [];
  const base = 34000 + Math.floor(Math.random() * 20000);
  for (let i = 0; i < n; i++) {
    const port = base + i;
    const output: string[] = [];
    const proc = spawn(process.execPath, [BIN, 'serve'], {
      env: {
        ...process.env,
        ...(db.url ? { DATABASE_URL: db.url } : {}),
        PORT: String(port),
        HOST: '127.0.0.1',
        JDZ_DATA_DIR: db.config.dataDir,
        JDZ_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (d) => output.push(String(d)));
    proc.stderr!.on('data', (d) => output.push(String(d)));
    const p = { url: `http://127.0.0.1:${port}`, proc, output };
    out.push(p);
    await waitHealthy(p.url, proc, output);
  }
  return out;
}

export async function stopProcesses(procs: ServerProcess[]): Promise<void> {
  for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.proc.exitCode !== null ? r(null) : p.proc.once('exit', r)))));
}
