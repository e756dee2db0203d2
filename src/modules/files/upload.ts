// A multipart upload streamed to a temporary file (row 40): never held in memory whole, cut off at
// the size limit while it streams (413, the partial file removed), fsynced before anyone reads it.
// The caller reads it into the database in its transaction and then calls `discard()`; every path
// out of here, error or not, leaves no temporary file behind.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/http/errors.ts';
import { formatBytes } from './limits.ts';

export interface TempUpload {
  /** Absolute path of the temporary file (a generated name, mode 0600). */
  path: string;
  /** The file name as the client sent it (unchecked). */
  filename: string;
  /** What the client claimed; never trusted, only logged. */
  mimetype: string;
  size: number;
  /** Removes the temporary file (idempotent). */
  discard(): Promise<void>;
}

/** `JDZ_DATA_DIR/tmp/uploads`: on the data volume, private to the service. */
export function uploadTempDir(config: Config): string {
  return path.join(config.dataDir, 'tmp', 'uploads');
}

export function ensureTempDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Removes temporary files left by a crash (older than an hour); run at start-up. */
export function sweepStaleUploads(dir: string, now = Date.now()): number {
  let removed = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    try {
      if (now - fs.statSync(p).mtimeMs > 3_600_000) {
        fs.rmSync(p, { force: true });
        removed++;
      }
    } catch {
      // Already gone.
    }
  }
  return removed;
}

class TooLarge extends Error {}

/** A broken or aborted multipart body is the client's doing (400); a failing disk is ours (rethrown). */
function malformed(err: unknown): unknown {
  if (err instanceof AppError || (err as NodeJS.ErrnoException)?.syscall) return err;
  return new AppError('BAD_REQUEST');
}

/**
 * Streams the request's single file part to a temporary file. Answers 413 BODY_TOO_LARGE once more
 * than `maxBytes` arrive, 400 FILE_REQUIRED when there is no file part.
 */
export async function receiveUpload(req: FastifyRequest, dir: string, maxBytes: number, limitLabel: (l: 'zh-CN' | 'en-US') => string): Promise<TempUpload> {
  if (!req.isMultipart()) throw new AppError('FILE_REQUIRED');
  ensureTempDir(dir);
  // One file part and nothing else; busboy stops storing at maxBytes + 1 and flags the part truncated.
  let part;
  try {
    part = await req.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 2, parts: 3, fieldSize: 1024 }, throwFileSizeLimit: false });
  } catch (err) {
    throw malformed(err);
  }
  if (!part) throw new AppError('FILE_REQUIRED');
  const file = path.join(dir, `${randomUUID()}.upload`);
  let size = 0;
  let removed = false;
  const discard = async () => {
    if (removed) return;
    removed = true;
    await fs.promises.rm(file, { force: true });
  };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      // Past the limit the rest is read and dropped (busboy skips it too), not refused mid-stream: the
      // request is consumed to its end, so the 413 reaches a client that is still sending.
      const before = size;
      size += chunk.length;
      if (size <= maxBytes) cb(null, chunk);
      else if (before < maxBytes) cb(null, chunk.subarray(0, maxBytes - before));
      else cb();
    },
  });
  try {
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    await pipeline(part.file, counter, out);
    if (part.file.truncated || size > maxBytes) throw new TooLarge();
    // Durable before it is read back: a crash between here and the commit loses nothing acknowledged.
    const fd = await fs.promises.open(file, 'r+');
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
  } catch (err) {
    await discard();
    if (err instanceof TooLarge) throw new AppError('BODY_TOO_LARGE', (l) => ({ limit: limitLabel(l) }));
    throw malformed(err);
  }
  return { path: file, filename: part.filename ?? '', mimetype: part.mimetype, size, discard };
}

export function documentLimitLabel(maxBytes: number) {
  return (l: 'zh-CN' | 'en-US') => (l === 'zh-CN' ? `每个文件 ${formatBytes(maxBytes)}` : `${formatBytes(maxBytes)} per file`);
}
