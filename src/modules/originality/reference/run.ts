// Extracts a reference file's text in a worker thread (the request's event loop never parses a PDF
// or a Word file): a time limit, a 256 MB heap, one file per worker, terminated afterwards. Starting
// a worker costs a moment (tsx compiles inside the thread), so one is kept started ahead, unref'd.
// PDFs go to pdf-worker.mjs, plain JavaScript (pdfjs-dist through tsx would cost seconds).
import { Worker } from 'node:worker_threads';
import { finishPdfText, isPdf, REFERENCE_LIMITS, Unreadable, type Extracted, type Reason } from './extract.ts';

export const REFERENCE_WORKER_LIMITS = { timeoutMs: 20_000, startupMs: 30_000, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const PDF_ENTRY = new URL('./pdf-worker.mjs', import.meta.url);

const DAMAGED: Reason = { zh: '文件已损坏，无法读取。', en: 'the file is damaged and cannot be read.' };

interface Started {
  worker: Worker;
  ready: Promise<boolean>;
  exited: Promise<void>;
}

function startWorker(entry: URL = ENTRY): Started {
  const worker = new Worker(entry, {
    resourceLimits: { maxOldGenerationSizeMb: REFERENCE_WORKER_LIMITS.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: REFERENCE_WORKER_LIMITS.maxYoungGenerationSizeMb, stackSizeMb: 4 },
  });
  worker.unref(); // a spare never keeps the process alive
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), REFERENCE_WORKER_LIMITS.startupMs).unref();
    worker.once('message', () => {
      clearTimeout(timer);
      resolve(true);
    });
    worker.once('error', () => resolve(false));
    void exited.then(() => resolve(false));
  });
  worker.on('error', () => {}); // reported through `ready` or the extraction's own listener
  return { worker, ready, exited };
}

let spare: Started | null = null;

/** Starts the spare worker now (an upload is arriving); resolves when it is ready. */
export async function warmReferenceWorker(): Promise<void> {
  spare ??= startWorker();
  await spare.ready;
}

/** Resolves (never rejects) once the worker has exited. */
export async function extractReferenceFile(bytes: Uint8Array, o: { timeoutMs?: number } = {}): Promise<Extracted> {
  const timeoutMs = o.timeoutMs ?? REFERENCE_WORKER_LIMITS.timeoutMs;
  const pdf = isPdf(bytes);
  let started: Started;
  if (pdf) started = startWorker(PDF_ENTRY);
  else {
    started = spare ?? startWorker();
    spare = startWorker();
  }
  const { worker, ready, exited } = started;
  worker.ref();
  let result: Extracted;
  if (!(await ready)) result = { ok: false, reason: { zh: '文件处理程序未能启动，请稍后再试。', en: 'the file reader did not start; try again later.' } };
  else {
    result = await new Promise<Extracted>((resolve) => {
      const timer = setTimeout(() => {
        const s = Math.round(timeoutMs / 1000);
        resolve({ ok: false, reason: { zh: `文件解析超时（超过 ${s} 秒），已停止。`, en: `reading the file took longer than ${s} seconds and was stopped.` } });
      }, timeoutMs);
      worker.on('message', (m: { result?: Extracted | { text?: string; error?: string } }) => {
        if (!m.result) return;
        clearTimeout(timer);
        if (!pdf) return resolve(m.result as Extracted);
        try {
          resolve({ ok: true, ...finishPdfText(m.result as { text?: string; error?: string }) });
        } catch (e) {
          resolve({ ok: false, reason: e instanceof Unreadable ? e.reason : DAMAGED });
        }
      });
      worker.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, reason: e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { zh: '文件解析所需内存超出限制，已停止。', en: 'reading the file needed more memory than allowed.' } : DAMAGED });
      });
      void exited.then(() => {
        clearTimeout(timer);
        resolve({ ok: false, reason: DAMAGED });
      });
      const copy = new Uint8Array(bytes);
      worker.postMessage({ bytes: copy, maxPages: REFERENCE_LIMITS.pdfPages, maxChars: REFERENCE_LIMITS.textChars }, [copy.buffer as ArrayBuffer]);
    });
  }
  await worker.terminate();
  await exited;
  return result;
}
