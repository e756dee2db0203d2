// Request rate limits (checklist row 49): keyed by session first, by IP only for anonymous
// requests, so a school behind one NAT address is never shut out by its own teachers. With one
// SQLite instance the counters live in memory; with PostgreSQL (several instances) in the database,
// so every instance counts the same requests.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { incrementCounter, purgeCountersBefore } from './rate-limit.repository.ts';
import type { Platform } from '../platform.ts';
import { AppError } from './errors.ts';

export interface CounterStore {
  /** Adds one to `key` in the window starting at `windowStart`; returns the new count. */
  increment(key: string, windowStart: string): Promise<number>;
}

export class MemoryCounterStore implements CounterStore {
  private counts = new Map<string, number>();
  private window = '';
  async increment(key: string, windowStart: string): Promise<number> {
    if (windowStart !== this.window) {
      this.counts.clear();
      this.window = windowStart;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }
}

export class DatabaseCounterStore implements CounterStore {
  private calls = 0;
  constructor(private db: Kysely<DB>) {}
  async increment(key: string, windowStart: string): Promise<number> {
    const n = await incrementCounter(this.db, key, windowStart);
    if (++this.calls % 500 === 0) await purgeCountersBefore(this.db, 'rl:', windowStart);
    return n;
  }
}

export interface RateLimiter {
  check(req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

const WINDOW_MS = 60_000;

export function makeRateLimiter(p: Platform, store: CounterStore): RateLimiter {
  return {
    async check(req, reply) {
      const policy = req.routeOptions.config?.policy;
      // Health checks come from the load balancer; sign-in has its own failure-based limit (row 6), so
      // a school whose 200 teachers sign in at once behind one NAT address is never refused.
      if (!req.url.startsWith('/api/') || policy === 'health.read' || policy === 'auth.login') return;
      const now = p.clock.now().getTime();
      const windowStartMs = Math.floor(now / WINDOW_MS) * WINDOW_MS;
      const [key, limit] = req.actor
        ? [`rl:s:${req.actor.sessionPublicId}`, p.config.rateLimit.perSessionPerMinute]
        : [`rl:ip:${req.ip}`, p.config.rateLimit.anonymousPerIpPerMinute];
      const n = await store.increment(key, new Date(windowStartMs).toISOString());
      if (n > limit) {
        const seconds = Math.max(1, Math.ceil((windowStartMs + WINDOW_MS - now) / 1000));
        reply.header('Retry-After', String(seconds));
        throw new AppError('RATE_LIMITED', { seconds });
      }
    },
  };
}
