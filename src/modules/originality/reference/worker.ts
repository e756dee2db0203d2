// Runs in a worker thread with a heap limit (run.ts): announces that it is ready, takes exactly one
// file, posts one result and exits.
import { parentPort } from 'node:worker_threads';
import { extractReference, REASONS, Unreadable, type Extracted } from './extract.ts';

async function run(bytes: Uint8Array): Promise<Extracted> {
  try {
    return { ok: true, ...(await extractReference(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) };
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, reason: e.reason };
    return { ok: false, reason: REASONS.binary };
  }
}

parentPort!.once('message', async (input: { bytes: Uint8Array }) => {
  parentPort!.postMessage({ result: await run(input.bytes) });
  parentPort!.close();
});
parentPort!.postMessage({ ready: true });
