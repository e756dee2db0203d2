// WAL checkpoints off the event loop (checklist row 40). SQLite copies the write-ahead log back into
// the database file (and fsyncs it) at a checkpoint; by default the commit that crosses 1,000 pages
// does it, on whichever request commits, on the event loop: 40–140 ms for a few MB on this disk. Here
// the server's connection never checkpoints by itself (wal_autocheckpoint = 0) and a worker thread with
// its own connection runs a PASSIVE checkpoint every half second, which never blocks the writer.
// Durability is unchanged: every COMMIT still fsyncs the WAL (synchronous=FULL); a checkpoint only moves
// committed pages. If the worker stops, the WAL grows until the next start checkpoints it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let timer;
const tick = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
  timer = setTimeout(tick, workerData.everyMs);
};
timer = setTimeout(tick, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts the checkpoint worker for a SQLite file already in WAL mode. */
export function startCheckpointer(file: string, onError: (message: string) => void, everyMs = 500): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref(); // a server that forgets to close still exits
  let stopped: Promise<void> | null = null;
  worker.on('message', (m: { error?: string }) => {
    if (m.error) onError(m.error);
  });
  worker.on('error', (err) => onError(err.message));
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: { stopped?: boolean }) => {
          if (m.stopped) void worker.terminate();
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
