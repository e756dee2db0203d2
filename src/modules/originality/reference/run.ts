// Extracts a reference file's text in a worker thread (the request's event loop never parses a PDF
// or a Word file): a time limit, a 256 MB heap, one file per worker, terminated afterwards.
import { Worker } from 'node:worker_threads';
import type { Extracted } from './extract.ts';

export const REFERENCE_WORKER_LIMITS = { timeoutMs: 20_000, startupMs: 30_000, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Resolves (never rejects) once the worker has exited. */
export async function extractReferenceFile(bytes: Uint8Array, o: { timeoutMs?: number } = {}): Promise<Extracted> {
  const timeoutMs = o.timeoutMs ?? REFERENCE_WORKER_LIMITS.timeoutMs;
  const worker = new Worker(ENTRY, {
    resourceLimits: { maxOldGenerationSizeMb: REFERENCE_WORKER_LIMITS.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: REFERENCE_WORKER_LIMITS.maxYoungGenerationSizeMb, stackSizeMb: 4 },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const result = await new Promise<Extracted>((resolve) => {
    let started = false;
    const startup = setTimeout(() => resolve({ ok: false, reason: { zh: '文件处理程序未能启动，请稍后再试。', en: 'the file reader did not start; try again later.' } }), REFERENCE_WORKER_LIMITS.startupMs);
    let timer: NodeJS.Timeout | undefined;
    worker.on('message', (m: { ready?: boolean; result?: Extracted }) => {
      if (m.ready && !started) {
        started = true;
        clearTimeout(startup);
        const copy = new Uint8Array(bytes);
        timer = setTimeout(() => resolve({ ok: false, reason: { zh: `文件解析超时（超过 ${Math.round(timeoutMs / 1000)} 秒），已停止。`, en: `reading the file took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped.` } }), timeoutMs);
        worker.postMessage({ bytes: copy }, [copy.buffer as ArrayBuffer]);
      } else if (m.result) {
        clearTimeout(timer);
        resolve(m.result);
      }
    });
    worker.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(startup);
      clearTimeout(timer);
      resolve({
        ok: false,
        reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { zh: '文件解析所需内存超出限制，已停止。', en: 'reading the file needed more memory than allowed.' } : { zh: '文件已损坏，无法读取。', en: 'the file is damaged and cannot be read.' },
      });
    });
    void exited.then(() => {
      clearTimeout(startup);
      clearTimeout(timer);
      resolve({ ok: false, reason: { zh: '文件已损坏，无法读取。', en: 'the file is damaged and cannot be read.' } });
    });
  });
  await worker.terminate();
  await exited;
  return result;
}
