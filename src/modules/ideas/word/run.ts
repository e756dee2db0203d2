// Extracts the golden ideas of one Word file in a worker thread (row 41): 10 s time limit, a
// 256 MB heap, terminated on the limit. The caller's event loop never parses Word files itself.
//
// Each worker takes exactly one file and is terminated afterwards (nothing a hostile file did can
// affect the next one). Starting a worker costs a few hundred milliseconds (tsx compiles the
// TypeScript inside the thread), so one worker is started ahead: the next file finds it ready.
import { Worker } from 'node:worker_threads';
import { refusal } from './refusal.ts';
import type { FileResult } from './types.ts';

export const WORD_WORKER_LIMITS = { timeoutMs: 10_000, startupMs: 30_000, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export interface RunInfo {
  /** Wall time from the call to the worker's exit (waiting for a ready worker included). */
  ms: number;
  /** The worker thread has exited (always true once the promise resolves). */
  exited: boolean;
  timedOut: boolean;
}

export interface ExtractOptions {
  timeoutMs?: number;
  onDone?: (info: RunInfo) => void;
}

interface Started {
  worker: Worker;
  ready: Promise<boolean>;
  exited: Promise<void>;
}

function startWorker(): Started {
  const worker = new Worker(ENTRY, {
    resourceLimits: { maxOldGenerationSizeMb: WORD_WORKER_LIMITS.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: WORD_WORKER_LIMITS.maxYoungGenerationSizeMb, stackSizeMb: 4 },
  });
  worker.unref(); // a spare never keeps the process (the CLI) alive
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), WORD_WORKER_LIMITS.startupMs).unref();
    worker.once('message', () => {
      clearTimeout(timer);
      resolve(true);
    });
    worker.once('error', () => resolve(false));
    void exited.then(() => resolve(false));
  });
  worker.on('error', () => {}); // reported through `ready` or the job's own listener
  return { worker, ready, exited };
}

let spare: Started | null = null;

/** Starts the spare worker now (server start-up, an upload arriving); resolves when it is ready. */
export async function warmWordWorker(): Promise<void> {
  spare ??= startWorker();
  await spare.ready;
}

function takeWorker(): Started {
  const w = spare ?? startWorker();
  spare = startWorker();
  return w;
}

/** Resolves only after the worker has exited; never rejects. */
export async function extractWordFile(name: string, bytes: Uint8Array, o: ExtractOptions = {}): Promise<FileResult> {
  const started = Date.now();
  const timeoutMs = o.timeoutMs ?? WORD_WORKER_LIMITS.timeoutMs;
  const fail = (code: Parameters<typeof refusal>[0], vars?: Record<string, string | number>): FileResult => ({ file: name, ok: false, error: refusal(code, vars), ideas: [] });
  const { worker, ready, exited } = takeWorker();
  worker.ref(); // in use: keeps the process alive until the result is in
  let timedOut = false;
  let result: FileResult | undefined;
  if (await ready) {
    const copy = new Uint8Array(bytes); // transferred to the worker
    result = await new Promise<FileResult>((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        resolve(fail('TIMEOUT', { seconds: Math.max(1, Math.round(timeoutMs / 1000)) }));
      }, timeoutMs);
      worker.on('message', (m: { result?: FileResult }) => {
        if (m.result) {
          clearTimeout(timer);
          resolve(m.result);
        }
      });
      worker.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve(fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'OUT_OF_MEMORY' : 'MALFORMED'));
      });
      void exited.then(() => {
        clearTimeout(timer);
        resolve(fail('MALFORMED'));
      });
      worker.postMessage({ name, bytes: copy }, [copy.buffer as ArrayBuffer]);
    });
  } else result = fail('MALFORMED');
  await worker.terminate();
  await exited;
  o.onDone?.({ ms: Date.now() - started, exited: true, timedOut });
  return result;
}
