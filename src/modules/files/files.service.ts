// From a temporary upload to the rows to store: name check → optional virus scan → content sniffing
// against the extension → (images) re-encoding; sizes per kind. No SQL here: the caller inserts the
// prepared files in its own transaction (files.repository.ts).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../../platform/http/errors.ts';
import { checkName, type FileKind } from './names.ts';
import { sniffFile } from './sniff.ts';
import { jpegName, reencodeImage } from './images.ts';
import { FILE_LIMITS, formatBytes } from './limits.ts';
import { reject } from './rejection.ts';
import { scanFile, ScannerUnavailable } from './clamd.ts';
import { sha256Hex } from './download.ts';
import type { TempUpload } from './upload.ts';

export interface PreparedFile {
  sha256: string;
  size: number;
  content_type: string;
  kind: string;
  original_name: string;
  data: Buffer;
}

export interface Prepared {
  kind: FileKind;
  /** What is served to readers (the re-encoded copy for images, the file itself otherwise). */
  served: PreparedFile;
  /** Images only: the bytes as uploaded, private to the bureau admin. */
  original: PreparedFile | null;
}

export interface PrepareOptions {
  /** CLAMD_SOCKET, when set. */
  clamd: string | null;
  /** Called with the signature when the scanner finds something (audit + alert by the caller). */
  onInfected?: (signature: string) => Promise<void> | void;
}

/** A small counting semaphore: bounds the memory of concurrent decoding and database writes (row 40). */
export class Semaphore {
  private waiting: (() => void)[] = [];
  private active = 0;
  constructor(private readonly max: () => number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max()) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export const processing = new Semaphore(() => FILE_LIMITS.concurrentProcessing);
const imaging = new Semaphore(() => FILE_LIMITS.concurrentImages);

function sizeLimitOf(kind: FileKind): number {
  return kind === 'image' ? FILE_LIMITS.imageBytes : FILE_LIMITS.documentBytes;
}

export function tooLarge(kind: FileKind): AppError {
  const max = sizeLimitOf(kind);
  return new AppError('BODY_TOO_LARGE', (l) => ({
    limit: l === 'zh-CN' ? `${kind === 'image' ? '图片' : '文档'}每个 ${formatBytes(max)}` : `${formatBytes(max)} per ${kind === 'image' ? 'image' : 'document'}`,
  }));
}

/**
 * Reads the temp file back in 256 KB chunks, hashing each as it comes: the SHA-256 recorded is that of
 * the very bytes stored, and a 20 MB file never blocks the event loop for one long hash (row 40).
 */
export async function readAndHash(file: string): Promise<{ bytes: Buffer; sha256: string }> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks), sha256: hash.digest('hex') };
}

/** Checks and converts the upload. Throws FileRejected (→ 400), AppError (413, 503). */
export async function prepareUpload(upload: TempUpload, opts: PrepareOptions): Promise<Prepared> {
  const { name, ext, kind } = checkName(upload.filename);
  if (upload.size > sizeLimitOf(kind)) throw tooLarge(kind);
  if (opts.clamd) {
    let verdict;
    try {
      verdict = await scanFile(opts.clamd, upload.path);
    } catch (err) {
      if (err instanceof ScannerUnavailable) throw new AppError('SERVICE_UNAVAILABLE');
      throw err;
    }
    if (!verdict.clean) {
      await opts.onInfected?.(verdict.signature);
      throw reject.infected(verdict.signature);
    }
  }
  const detected = await sniffFile(upload.path, ext, kind);
  const { bytes, sha256 } = await readAndHash(upload.path);
  const asUploaded: PreparedFile = {
    sha256,
    size: bytes.length,
    content_type: detected.contentType,
    kind: detected.kind,
    original_name: name,
    data: bytes,
  };
  if (detected.kind !== 'image') return { kind, served: asUploaded, original: null };
  const image = await imaging.run(() => reencodeImage(upload.path, detected.format));
  return {
    kind,
    served: { sha256: sha256Hex(image.data), size: image.data.length, content_type: image.contentType, kind: 'image', original_name: jpegName(name), data: image.data },
    original: { ...asUploaded, kind: 'original' },
  };
}
