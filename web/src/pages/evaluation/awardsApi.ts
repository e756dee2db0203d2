// Awards (评比结果, issue 5 item 5) as the bureau's page reads them: shapes inferred from the server's
// zod schemas (src/modules/evaluation/awards/awards.schema.ts), the query of a round's awards, and the
// settings a proposal is made with (kept, so that a disqualification can propose again alike).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, isApiError } from '../../api';
import type { AwardItemOut, AwardsOut, ProposeIn } from '../../../../src/modules/evaluation/awards/awards.schema';
import type { Tier } from './noticesApi';

// The units' pages and this one show tiers and objections alike.
export { TIER_COLOR, type Objection, type Tier } from './noticesApi';
export type Awards = z.infer<typeof AwardsOut>;
export type AwardItem = z.infer<typeof AwardItemOut>;
export type ProposeBody = z.input<typeof ProposeIn>;
export type TierCounts = Partial<Record<Tier, number>>;

export const TIERS: Tier[] = ['first', 'second', 'third', 'excellence'];
export const AWARDS_STATUS_COLOR: Record<Awards['status'], string> = { proposed: 'default', announced: 'processing', final: 'success' };

/** The round's awards; `null` while none have been proposed (the server answers 409 AWARDS_STATE then). */
export const useAwards = (roundId: number) =>
  useQuery({
    queryKey: ['evaluation', 'round', roundId, 'awards'],
    queryFn: async () => {
      try {
        return await api.get<Awards>(`/api/evaluation/rounds/${roundId}/awards`);
      } catch (e) {
        if (isApiError(e, 'AWARDS_STATE')) return null;
        throw e;
      }
    },
  });

/** The settings a proposal was made with, as the server keeps them (`spec`). */
export function specOf(a: Awards): { by: 'count'; counts: TierCounts } | { by: 'share'; shares: TierCounts } | null {
  const s = a.spec as { by?: string; counts?: TierCounts; shares?: TierCounts } | null;
  if (s?.by === 'count' && s.counts) return { by: 'count', counts: s.counts };
  if (s?.by === 'share' && s.shares) return { by: 'share', shares: s.shares };
  return null;
}

/**
 * The proposal again with the same settings and the hand adjustments kept (each with its reason),
 * except those of `without`: after a disqualification the idea leaves the ranking and the ranks close up.
 */
export function proposeAgainBody(a: Awards, without: number): ProposeBody | null {
  const spec = specOf(a);
  if (!spec) return null;
  const adjustments = a.items.filter((i) => i.reason !== null && i.ideaId !== without).map((i) => ({ ideaId: i.ideaId, tier: i.tier, reason: i.reason! }));
  return { mode: a.mode, ...spec, issuer: a.issuer, ...(adjustments.length ? { adjustments } : {}) };
}

/** A form's submission: busy while it runs, the error it ended with (shown by ErrorAlert); `run` says whether it succeeded. */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}
