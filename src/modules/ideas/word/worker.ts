// Runs in a worker thread with a heap limit (run.ts). Announces that it is ready, takes exactly one
// file, posts one result and exits: a worker never sees a second file.
import { parentPort } from 'node:worker_threads';
import { parseWord } from './parse.ts';
import { extractIdeas } from './extract.ts';
import { RefusedError, refusal } from './refusal.ts';
import type { FileResult } from './types.ts';

export interface WorkerInput {
  name: string;
  bytes: Uint8Array;
}

async function run(input: WorkerInput): Promise<FileResult> {
  const buf = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  try {
    const parsed = await parseWord(buf);
    const ideas = extractIdeas(parsed.blocks);
    if (ideas.length === 0) return { file: input.name, ok: false, error: refusal('NO_IDEAS'), ideas: [] };
    return { file: input.name, ok: true, ...(parsed.notices.length ? { notices: parsed.notices } : {}), ideas };
  } catch (e) {
    if (e instanceof RefusedError) return { file: input.name, ok: false, error: e.refusal, ideas: [] };
    return { file: input.name, ok: false, error: refusal('MALFORMED'), ideas: [] };
  }
}

parentPort!.once('message', async (input: WorkerInput) => {
  parentPort!.postMessage({ result: await run(input) });
  parentPort!.close();
});
parentPort!.postMessage({ ready: true });
