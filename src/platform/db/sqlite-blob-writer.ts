// Bulk bytes (the chunks of stored files) written by a second SQLite connection in a worker thread
// (checklist row 40). A 1 MB chunk's COMMIT waits for the disk (fsync, synchronous=FULL): 5–100 ms on
// this machine, which on the server's connection held the event loop. The worker waits instead; the
// server's other database work waits for the file's lock meanwhile (withFileLock), asynchronously.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { withFileLock } from './sqlite-group-commit.ts';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('secure_delete = ON');
// Prepared on first use: the worker starts before the migrations have created the table.
let insert = null;
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    parentPort.postMessage({ stopped: true });
    return;
  }
  try {
    insert ??= db.prepare('INSERT INTO stored_file_chunks (file_id, seq, data) VALUES (?, ?, ?)');
    insert.run(m.fileId, m.seq, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    parentPort.postMessage({ id: m.id });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

export interface BlobWriter {
  /** Writes one chunk of a stored file, durably, without holding the event loop. */
  insertChunk(fileId: number, seq: number, data: Buffer): Promise<void>;
  stop(): Promise<void>;
}

export function startBlobWriter(file: string): BlobWriter {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver } });
  worker.unref();
  let next = 0;
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  let stopped: Promise<void> | null = null;
  worker.on('message', (m: { id?: number; error?: string; stopped?: boolean }) => {
    if (m.stopped) {
      void worker.terminate();
      return;
    }
    const p = pending.get(m.id!);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve();
  });
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  let exited = false;
  worker.on('error', failAll);
  worker.on('exit', () => {
    exited = true;
    failAll(new Error('SQLite blob writer stopped'));
  });
  return {
    insertChunk(fileId, seq, data) {
      if (stopped || exited) return Promise.reject(new Error('SQLite blob writer stopped'));
      return withFileLock(file, () => {
        const id = ++next;
        return new Promise<void>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          worker.ref(); // an answer is awaited
          // A copy of just this chunk, handed over (a view would carry its whole underlying buffer).
          const bytes = new Uint8Array(data);
          worker.postMessage({ id, fileId, seq, data: bytes }, [bytes.buffer]);
        }).finally(() => {
          if (pending.size === 0) worker.unref();
        });
      });
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
