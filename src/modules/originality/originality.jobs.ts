// Originality checks as background jobs in the database: queued inside the transaction that sends or
// seals an idea (enqueueOriginalityCheck), claimed by whichever instance polls first (a conditional
// update: one winner), retried with back-off, taken over when their instance went away. The same
// runner takes steps of campaign-wide runs. Status and reports live in the database, so every
// instance answers for every job.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Platform } from '../../platform/platform.ts';
import * as repo from './originality.repository.ts';
import { CheckAbandoned, MAX_ATTEMPTS, retryDelayMs, runCheck, stepRun } from './originality.service.ts';

export type CheckReason = 'send' | 'seal' | 'manual' | 'campaign';

/**
 * Queues a check of the idea's current text, in the caller's transaction (it commits or rolls back
 * with the send or seal). A check of the same idea still waiting for its first attempt is reused, so
 * a retried send or a seal right after a send queue one check. `now` is the caller's clock (ctx.now);
 * the system clock when absent. Returns the job's id.
 */
export async function enqueueOriginalityCheck(trx: Transaction<DB> | Kysely<DB>, o: { ideaId: number; reason: CheckReason; now?: string; runId?: number | null }): Promise<number> {
  const now = o.now ?? new Date().toISOString();
  if (!o.runId) {
    const waiting = await repo.waitingCheckOf(trx, o.ideaId);
    if (waiting) return waiting.id;
  }
  const id = await repo.insertCheck(trx, { ideaId: o.ideaId, reason: o.reason, runId: o.runId ?? null, now });
  notifyLocal();
  return id;
}

export interface RunnerOptions {
  /** How often an idle runner looks for work (ms). */
  pollMs?: number;
  /** A claim without progress for this long belongs to an instance that went away (ms). */
  staleMs?: number;
  /** At most this share of the event loop's time goes to checks while there is work (0–1]. */
  busyShare?: number;
}

export const RUNNER_DEFAULTS = { pollMs: 500, staleMs: 60_000, busyShare: 0.25 };

const localRunners = new Set<() => void>();
/** Wakes this process's runners (work was queued here); other instances find it when they poll. */
function notifyLocal(): void {
  for (const wake of localRunners) setTimeout(wake, 20).unref();
}

export interface Runner {
  readonly instance: string;
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  /** Stops polling and waits for the job in hand to finish. */
  stop(): Promise<void>;
  /** Resolves when no job is claimable right now (tests, the CLI). */
  idle(): Promise<void>;
}

/** Starts this instance's runner; stop() it before the database closes. */
export function startOriginalityRunner(p: Platform, opts: RunnerOptions = {}): Runner {
  const pollMs = opts.pollMs ?? RUNNER_DEFAULTS.pollMs;
  const staleMs = opts.staleMs ?? RUNNER_DEFAULTS.staleMs;
  const busyShare = opts.busyShare ?? RUNNER_DEFAULTS.busyShare;
  const instance = randomUUID();
  const now = () => p.clock.now().toISOString();
  const staleBefore = () => new Date(p.clock.now().getTime() - staleMs).toISOString();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let loop: Promise<void> | null = null;
  let idleWaiters: Array<() => void> = [];

  /** One unit of work; false when there was none. */
  async function once(): Promise<boolean> {
    const run = await repo.claimIndexingRun(p.db, instance, now(), staleBefore());
    if (run) {
      try {
        await stepRun(p.db, p.dialect, run, instance, now, p.database.sqlite);
      } catch (err) {
        p.log.error({ err: { message: (err as Error).message }, runId: run.id }, 'originality: campaign run step failed');
        await repo.stepRun(p.db, run.id, instance, { status: 'failed', error: '建立查重索引时出错，请重新发起全活动查重。', finished_at: now() });
      }
      return true;
    }
    const check = await repo.claimNextCheck(p.db, instance, now(), staleBefore());
    if (!check) return false;
    try {
      const r = await runCheck(p.db, p.dialect, check, now, p.database.sqlite);
      await repo.finishCheck(p.db, check.id, instance, { ...r, now: now() });
    } catch (err) {
      const abandoned = err instanceof CheckAbandoned;
      const last = abandoned || check.attempts >= MAX_ATTEMPTS;
      p.log.warn({ err: { message: (err as Error).message }, checkId: check.id, attempts: check.attempts }, last ? 'originality: check failed' : 'originality: check attempt failed, will retry');
      const error = abandoned ? (err as Error).message : last ? `查重 ${check.attempts} 次均未完成，请稍后重新发起查重。` : `第 ${check.attempts} 次查重未完成，稍后自动重试。`;
      await repo.failCheck(p.db, check.id, instance, { error, now: now(), retryAt: last ? null : new Date(p.clock.now().getTime() + retryDelayMs(check.attempts)).toISOString() });
    }
    if (check.run_id != null) await repo.completeRunIfDone(p.db, check.run_id, now());
    return true;
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      let worked = false;
      const started = performance.now();
      try {
        worked = await once();
      } catch (err) {
        // The database is away (restart, failover): try again at the next poll.
        if (!stopped) p.log.error({ err: { message: (err as Error).message } }, 'originality: runner poll failed');
      }
      if (!worked) break;
      // Checks share the event loop with the requests: after each one the runner rests so that it
      // takes at most `busyShare` of the time (a deadline surge of sends is answered first; its checks
      // follow). Waiting in the queue is what the page's status shows.
      const busy = performance.now() - started;
      await new Promise((r) => setTimeout(r, Math.min(2_000, Math.max(1, (busy * (1 - busyShare)) / busyShare))));
    }
    const w = idleWaiters;
    idleWaiters = [];
    for (const f of w) f();
  }

  function schedule(ms: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  function tick() {
    timer = null;
    if (stopped || loop) return;
    loop = drain().finally(() => {
      loop = null;
      schedule(pollMs);
    });
  }

  const wake = () => {
    if (stopped) return;
    if (loop) return; // the running drain looks again before it stops
    schedule(0);
  };
  localRunners.add(wake);
  schedule(pollMs);

  return {
    instance,
    wake,
    async stop() {
      stopped = true;
      localRunners.delete(wake);
      if (timer) clearTimeout(timer);
      await loop;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },
  };
}
