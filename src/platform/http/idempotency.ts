// Idempotency-Key on submit and seal (checklist row 16; row 46 "idempotent retries"): a client that
// lost the answer to a request sends it again with the same key and gets the first answer back,
// and the change happens once. The stored answer commits in the same transaction as the change.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from './errors.ts';
import { mutate, type AuditTarget } from './mutate.ts';
import { findKey, insertKey, setKeyResponse } from './idempotency.repository.ts';

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

function requestHash(req: FastifyRequest): string {
  return createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs `fn` like mutate(); with an `Idempotency-Key` header the answer is stored under (user, key)
 * in the same transaction, and a repeat with the same key and the same request returns it unchanged
 * (a different request under a used key → 422 IDEMPOTENCY_MISMATCH).
 */
export async function mutateOnce<T>(req: FastifyRequest, reply: FastifyReply, status: number, fn: (trx: Transaction<DB>, target: AuditTarget) => Promise<T>): Promise<T> {
  const raw = req.headers['idempotency-key'];
  reply.code(status);
  if (raw === undefined) return mutate(req, fn);
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!KEY.test(key)) throw new AppError('VALIDATION_FAILED', { detail: 'Idempotency-Key（8–100 个字母、数字或 _.:-）' });
  const actor = req.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const action = String(req.routeOptions.config.policy);
  const hash = requestHash(req);
  const replay = async (): Promise<T | undefined> => {
    const prior = await findKey(req.server.platform.db, actor.userId, key);
    if (!prior) return undefined;
    if (prior.action !== action || prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_MISMATCH');
    reply.code(prior.status_code).header('Idempotent-Replayed', 'true');
    return JSON.parse(prior.response) as T;
  };
  const earlier = await replay();
  if (earlier !== undefined) return earlier;
  try {
    return await mutate(req, async (trx, target) => {
      // Claim the key first: a concurrent twin (on any instance) waits here until this commits, then
      // fails on the primary key and answers with the stored response below.
      await insertKey(trx, { user_id: actor.userId, key, action, request_hash: hash, status_code: status, response: 'null', created_at: req.server.platform.clock.now().toISOString() });
      const result = await fn(trx, target);
      await setKeyResponse(trx, actor.userId, key, JSON.stringify(result));
      return result;
    });
  } catch (err) {
    // The same key raced in from another request (or instance) and committed first: answer as it did.
    if (isUniqueViolation(err)) {
      const again = await replay();
      if (again !== undefined) return again;
    }
    throw err;
  }
}
