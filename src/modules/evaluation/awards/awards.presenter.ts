// Rows → answers of the awards routes (numbers rounded for display; authors parsed).
import type { AwardRoundRow, AwardDetailRow, ObjectionRow } from './awards.repository.ts';
import { tierLabel } from './awards.service.ts';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
type TierKey = 'first' | 'second' | 'third' | 'excellence';

export function authorsOf(json: string): string[] {
  try {
    const a = JSON.parse(json) as unknown;
    return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function presentAwardRound(ar: AwardRoundRow, roundTitle: string) {
  return {
    roundId: ar.round_id,
    roundTitle,
    status: ar.status as 'proposed' | 'announced' | 'final',
    mode: ar.mode as 'raw' | 'normalized',
    spec: JSON.parse(ar.spec_json) as unknown,
    issuer: ar.issuer,
    proposedAt: ar.proposed_at,
    announcedAt: ar.announced_at,
    noticeEndsAt: ar.notice_ends_at,
    finalizedAt: ar.finalized_at,
    public: ar.public === 1,
  };
}

export function presentAward(a: AwardDetailRow) {
  return {
    ideaId: a.idea_id,
    rank: a.rank,
    computedTier: a.computed_tier as TierKey | null,
    tier: a.tier as TierKey | null,
    tierLabel: tierLabel(a.tier),
    reason: a.reason,
    title: a.title,
    unitId: a.unit_id,
    unitName: a.unit_name,
    sectorName: a.sector_name,
    topic: a.topic,
    authors: authorsOf(a.authors_json),
    rawScore: r4(Number(a.raw_score)),
    normalizedScore: a.normalized_score == null ? null : r4(Number(a.normalized_score)),
    sheets: a.sheets,
    spread: r4(Number(a.spread)),
    flagged: a.flagged === 1,
    excellent: a.excellent === 1,
  };
}

export function presentObjection(o: ObjectionRow) {
  return {
    id: o.id,
    roundId: o.round_id,
    ideaId: o.idea_id,
    title: o.title,
    unitId: o.unit_id,
    unitName: o.unit_name,
    filedAt: o.filed_at,
    reason: o.reason,
    status: o.status as 'open' | 'upheld' | 'rejected',
    reply: o.reply,
    answeredAt: o.answered_at,
  };
}
