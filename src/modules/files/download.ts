// Serving a stored file (rows 29 and 44): only through an authorised route handler, after its
// SHA-256 has been checked against the one recorded at write time. A mismatch sends no byte: it
// answers 409 INTEGRITY_ERROR, writes an audit failure record and logs an error-level alert.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { auditFailure } from '../../platform/http/mutate.ts';
import { contentDisposition } from './names.ts';

export interface StoredBytes {
  id: number;
  sha256: string;
  size: number;
  content_type: string;
  original_name: string;
  data: Buffer;
}

export function sha256Hex(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Throws INTEGRITY_ERROR (after the audit record and the alert) when the bytes are not those written. */
export async function assertIntact(req: FastifyRequest, file: StoredBytes, targetType = 'stored_file'): Promise<void> {
  const actual = sha256Hex(file.data);
  if (actual === file.sha256 && file.data.length === file.size) return;
  req.log.error(
    { alert: 'integrity', storedFileId: file.id, expectedSha256: file.sha256, actualSha256: actual, expectedSize: file.size, actualSize: file.data.length },
    'ALERT: stored file failed its integrity check (possible tampering); download refused',
  );
  await auditFailure(req, 'INTEGRITY_ERROR', { target_type: targetType, target_id: String(file.id) });
  throw new AppError('INTEGRITY_ERROR');
}

/** The headers every stored file is served with: a download, never rendered, never sniffed. */
export function downloadHeaders(file: Pick<StoredBytes, 'content_type' | 'original_name' | 'size'>): Record<string, string> {
  return {
    'Content-Type': file.content_type,
    'Content-Length': String(file.size),
    'Content-Disposition': contentDisposition(file.original_name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, no-store',
  };
}

export async function sendStoredFile(req: FastifyRequest, reply: FastifyReply, file: StoredBytes) {
  await assertIntact(req, file);
  reply.headers(downloadHeaders(file));
  return reply.send(file.data);
}
